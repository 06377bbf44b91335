from __future__ import annotations

from ribambelle.care.enums import AbsenceReason
from ribambelle.rules.billing import AbsenceReason as RuleAbsenceReason


def test_the_absence_reasons_of_the_app_are_those_of_the_billing_rule():
    assert set(AbsenceReason.values) == {reason.value for reason in RuleAbsenceReason}

from __future__ import annotations

from datetime import date
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from ribambelle.care.enums import VersionReason
from ribambelle.care.models import Contract, ContractVersion
from ribambelle.demo.bulk import create_with_history
from ribambelle.families.models import Child, Family
from tests.cast import Cast

REASON = "Données de démonstration (ribambelle seed)"
STORED = ("reason", "schedule", "attendance_weeks", "monthly_resources", "hourly_fee", "fee_provenance")
HISTORY = ("history_type", "history_change_reason", "history_user_id")


def _version(contract: Contract, valid_from: date) -> ContractVersion:
    return ContractVersion(
        contract=contract,
        valid_from=valid_from,
        reason=VersionReason.AMENDMENT,
        schedule=[{"weekday": 0, "start": 510, "end": 1050}],
        attendance_weeks=45,
        monthly_resources=Decimal("3200.00"),
        dependent_children=2,
        hourly_fee=Decimal("1.65"),
        fee_provenance={"hourly_rate": "1.65", "references": [{"title": "« Barème » 2026", "href": None}]},
    )


def _values(row: object, names: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(row, name) for name in names)


def test_create_with_history_writes_the_rows_bulk_create_with_history_writes(cast: Cast):
    """Same objects and same history rows, whatever the path (the seed takes the faster one)."""
    by_django = bulk_create_with_history(
        [_version(cast.leo_contract, date(2026, 3, 2))], ContractVersion, default_change_reason=REASON
    )[0]

    ours = create_with_history(
        ContractVersion, [_version(cast.leo_contract, date(2026, 4, 6))], history=True, change_reason=REASON
    )[0]

    assert ContractVersion.objects.get(pk=ours.pk).valid_from == date(2026, 4, 6)
    assert _values(ContractVersion.objects.get(pk=ours.pk), STORED) == _values(
        ContractVersion.objects.get(pk=by_django.pk), STORED
    )
    our_history, django_history = ContractVersion.history.get(id=ours.pk), ContractVersion.history.get(id=by_django.pk)
    assert _values(our_history, STORED + HISTORY) == _values(django_history, STORED + HISTORY)


def test_created_rows_get_fresh_primary_keys_and_can_be_referenced(cast: Cast):
    family = Family(
        organisation=cast.organisation,
        reference="F-2026-9",
        parent_first_name="Ana",
        parent_last_name="Lopes",
        address="3 rue Haute",
        postcode="69100",
        city="Villeurbanne",
    )

    create_with_history(Family, [family], history=True, change_reason=REASON)
    child = Child(family=family, first_name="Lou", last_name="Lopes", birth_on=date(2025, 5, 1))
    create_with_history(Child, [child], history=False, change_reason=REASON)

    assert family.pk > cast.bernard.pk and Child.objects.get(pk=child.pk).family == family
    assert Family.history.filter(id=family.pk).count() == 1 and not Child.history.filter(id=child.pk).exists()

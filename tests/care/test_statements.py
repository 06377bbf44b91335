"""The monthly statements of a facility (care.statements), checked by hand against docs/rules/billing.md."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, time
from decimal import Decimal

import pytest

from ribambelle.care import services as care_services
from ribambelle.care.enums import AbsenceReason, ContractKind
from ribambelle.care.models import Absence, Attendance
from ribambelle.care.statements import (
    MonthlyStatement,
    facilities_month_statements,
    month_statements,
    statement_totals,
)
from ribambelle.families.models import Child
from ribambelle.rules.choices import MissingChoice
from ribambelle.territory import services as territory_services
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import Closure
from tests.care.statement_month import (
    EXPECTED,
    MARCH,
    add_children,
    attend,
    leo_in_march,
    set_rounding,
)

APRIL = date(2026, 4, 1)


def _leo(cast, month=MARCH) -> MonthlyStatement:
    (statement,) = [s for s in month_statements(facility=cast.lucioles, month=month) if s.child == cast.leo]
    return statement


def _figures(statement: MonthlyStatement) -> dict[str, object]:
    return {key: value for key, value in asdict(statement).items() if key in EXPECTED}


def test_leos_march_is_billed_as_computed_by_hand(cast):
    """Up_30; illness 9–13 March with a certificate (3 waiting days, 2 deducted), a closure, a late pickup."""
    leo_in_march(cast)

    statement = _leo(cast)

    assert _figures(statement) == EXPECTED
    assert statement.hourly_fee == Decimal("1.65")
    assert statement.billed_hours == Decimal("142.25") and statement.contracted_hours == Decimal("168.75")


def test_each_deducted_day_keeps_its_reason(cast):
    leo_in_march(cast)

    statement = _leo(cast)

    assert [(d.on.day, d.reason, d.minutes) for d in statement.deductions] == [
        (12, AbsenceReason.ILLNESS_WITH_CERTIFICATE, 540),
        (13, AbsenceReason.ILLNESS_WITH_CERTIFICATE, 540),
        (18, AbsenceReason.FACILITY_CLOSURE, 540),
    ]
    assert [(t.reason, t.days, t.minutes) for t in statement.deductions_by_reason] == [
        (AbsenceReason.ILLNESS_WITH_CERTIFICATE, 2, 1080),
        (AbsenceReason.FACILITY_CLOSURE, 1, 540),
    ]


def test_the_bill_states_its_rounding_rule_and_the_texts_applied(cast):
    leo_in_march(cast)

    statement = _leo(cast)

    assert statement.rounding_label == "toute demi-heure commencée est due"
    assert "Règlement de fonctionnement du 01/09/2025" in statement.rounding.source
    assert "psu.effort_rate_collective" in {text.key for text in statement.fee.texts}
    assert [source.key for source in statement.sources] == ["billing.absence_waiting_days"]


def test_an_illness_that_began_the_month_before_is_deducted_from_its_fourth_day(cast):
    """Thursday 26 February to Wednesday 4 March: 26, 27 and 28 February wait; 2, 3 and 4 March are deducted."""
    set_rounding(cast)
    sick = [date(2026, 2, 26), date(2026, 2, 27), date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]
    Absence.objects.bulk_create(
        Absence(child=cast.leo, facility=cast.lucioles, on=day, reason=AbsenceReason.ILLNESS_WITH_CERTIFICATE)
        for day in sick
    )

    statement = _leo(cast)

    assert [d.on.day for d in statement.deductions] == [2, 3, 4]


def test_a_public_holiday_is_planned_in_the_contract_and_not_deducted(cast):
    set_rounding(cast)
    territory_services.closure_create(
        closure=Closure(
            facility=cast.lucioles,
            kind=ClosureKind.PUBLIC_HOLIDAY,
            start_on=APRIL.replace(day=6),
            end_on=APRIL.replace(day=6),
        ),
        actor=cast.coordinatrice,
    )

    statement = _leo(cast, APRIL)

    assert statement.deductions == () and statement.billed_minutes == EXPECTED["contracted_minutes"]


def test_the_closure_is_the_reason_of_a_closed_day_whatever_was_recorded(cast):
    leo_in_march(cast)
    Absence.objects.create(
        child=cast.leo, facility=cast.lucioles, on=date(2026, 3, 18), reason=AbsenceReason.FAMILY_LEAVE
    )

    statement = _leo(cast)

    assert [d.reason for d in statement.deductions][-1] == AbsenceReason.FACILITY_CLOSURE


def test_an_amendment_inside_the_month_applies_from_the_following_month(cast):
    set_rounding(cast)
    care_services.contract_amend(
        contract=cast.leo_contract,
        valid_from=date(2026, 3, 16),
        schedule=[care_services.SchedulePeriod(day, 8 * 60 + 30, 17 * 60 + 30) for day in range(4)],
        attendance_weeks=45,
        actor=cast.coordinatrice,
    )

    march, april = _leo(cast), _leo(cast, APRIL)

    assert march.contracted_minutes == 10_125 and april.contracted_minutes == 36 * 60 * 45 // 12
    assert march.notes == ("Avenant (horaires ou semaines) au 16/03/2026 : appliqué à partir du relevé de 04/2026.",)


def test_occasional_care_is_billed_on_the_attended_hours_rounded_by_the_facility_rule(cast):
    """9:00–11:10 is 2 h 10, 2 h 30 under up_30: two mornings bill 5 h at the version's fee."""
    set_rounding(cast)
    child = Child.objects.create(family=cast.martin, first_name="Zoé", last_name="Martin", birth_on=date(2025, 1, 4))
    contract = care_services.contract_create(
        child=child,
        facility=cast.lucioles,
        section=None,
        kind=ContractKind.OCCASIONAL,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 6, 30),
        schedule=[],
        attendance_weeks=None,
        actor=cast.coordinatrice,
    )
    for day in (3, 5):
        Attendance.objects.create(
            child=child, facility=cast.lucioles, on=date(2026, 3, day), arrived_at=time(9), left_at=time(11, 10)
        )

    (statement,) = [s for s in month_statements(facility=cast.lucioles, month=MARCH) if s.contract == contract]

    fee = contract.versions.get().hourly_fee
    assert (statement.attended_minutes, statement.billed_minutes, statement.contracted_minutes) == (300, 300, 0)
    assert statement.amount == (5 * fee).quantize(Decimal("0.01"))


def test_a_period_without_departure_is_not_counted_and_is_noted(cast):
    set_rounding(cast)
    Attendance.objects.create(child=cast.leo, facility=cast.lucioles, on=date(2026, 3, 2), arrived_at=time(8, 30))

    statement = _leo(cast)

    assert statement.attended_minutes == 0
    assert statement.notes == ("Départ non pointé le 02/03/2026 (arrivée à 08:30) : plage non comptée.",)


def test_an_absence_on_a_day_attended_gives_way_to_the_attendance(cast):
    set_rounding(cast)
    attend(cast.leo, cast.lucioles, [date(2026, 3, 2)])
    Absence.objects.create(
        child=cast.leo, facility=cast.lucioles, on=date(2026, 3, 2), reason=AbsenceReason.HOSPITALISATION
    )

    statement = _leo(cast)

    assert statement.deductions == () and statement.attended_minutes == 540
    assert "la présence est retenue" in statement.notes[0]


def test_data_the_rule_refuses_make_a_french_error_on_that_statement_only(cast):
    set_rounding(cast)
    (other,) = add_children(cast, 1)
    Attendance.objects.create(
        child=cast.leo, facility=cast.lucioles, on=date(2026, 3, 2), arrived_at=time(8, 30), left_at=time(12)
    )
    Attendance.objects.create(
        child=cast.leo, facility=cast.lucioles, on=date(2026, 3, 2), arrived_at=time(11), left_at=time(17)
    )

    statements = month_statements(facility=cast.lucioles, month=MARCH)

    leo = next(s for s in statements if s.child == cast.leo)
    assert leo.error == "Les plages horaires du 02/03/2026 se chevauchent." and leo.amount is None
    assert statement_totals(statements).errors == 1
    assert statement_totals(statements).amount == next(s.amount for s in statements if s.contract == other)


def test_a_facility_without_a_rounding_rule_cannot_bill(cast):
    with pytest.raises(MissingChoice, match="Arrondi des heures facturées et réalisées"):
        month_statements(facility=cast.lucioles, month=MARCH)


def test_only_contracts_touching_the_month_are_listed(cast):
    set_rounding(cast)

    assert month_statements(facility=cast.coccinelles, month=date(2026, 8, 1)) == []
    assert [s.child for s in month_statements(facility=cast.coccinelles, month=date(2026, 9, 1))] == [cast.ines]


def test_the_totals_add_up_the_statements(cast):
    leo_in_march(cast)
    add_children(cast, 2)

    statements = month_statements(facility=cast.lucioles, month=MARCH)
    totals = statement_totals(statements)

    assert totals.statements == 3
    assert totals.amount == sum(s.amount for s in statements)
    assert totals.billed_minutes == sum(s.billed_minutes for s in statements)


def test_the_facility_month_costs_one_query_per_table_whatever_the_number_of_children(
    cast, django_assert_max_num_queries
):
    leo_in_march(cast)
    add_children(cast, 5)

    with django_assert_max_num_queries(7):
        statements = month_statements(facility=cast.lucioles, month=MARCH)
        [(s.family.reference, s.hourly_fee, s.deductions_by_reason) for s in statements]

    assert len(statements) == 6


def test_many_facilities_at_once_give_each_its_statements_or_the_choice_it_lacks(cast):
    leo_in_march(cast)
    territory_services.rule_choice_set(
        organisation=cast.organisation,
        facility=cast.coccinelles,
        key="billing.rounding",
        value="minute",
        valid_from=date(2026, 9, 1),
        act="Règlement des Coccinelles",
        actor=cast.coordinatrice,
    )

    lucioles, coccinelles = facilities_month_statements(facilities=[cast.lucioles, cast.coccinelles], month=MARCH)

    assert lucioles.missing_choice is None and _figures(lucioles.statements[0]) == EXPECTED
    assert coccinelles.statements == [] and coccinelles.missing_choice is None
    (september,) = facilities_month_statements(facilities=[cast.coccinelles], month=date(2026, 9, 1))
    assert september.statements[0].rounding_label == "à la minute"


def test_a_facility_without_a_rounding_rule_gets_its_french_message_among_the_others(cast):
    territory_services.rule_choice_set(
        organisation=cast.organisation,
        facility=cast.lucioles,
        key="billing.rounding",
        value="up_30",
        valid_from=date(2025, 9, 1),
        act="Règlement des Lucioles",
        actor=cast.coordinatrice,
    )

    lucioles, coccinelles = facilities_month_statements(facilities=[cast.lucioles, cast.coccinelles], month=MARCH)

    assert lucioles.missing_choice is None and len(lucioles.statements) == 1
    assert "Choix local manquant" in str(coccinelles.missing_choice)


def test_every_facility_of_a_month_costs_one_query_each_for_its_choices_and_one_per_table(
    cast, django_assert_max_num_queries
):
    leo_in_march(cast)
    add_children(cast, 3)
    add_children(cast, 3, facility=cast.coccinelles, first=10)

    with django_assert_max_num_queries(2 + 6):
        results = facilities_month_statements(facilities=[cast.lucioles, cast.coccinelles], month=MARCH)

    assert [len(result.statements) for result in results] == [4, 3]

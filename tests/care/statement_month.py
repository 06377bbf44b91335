"""Léo's March 2026 at Les Lucioles, the month the statement tests check by hand, and more children."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from ribambelle.care import services as care_services
from ribambelle.care.enums import AbsenceReason, ContractKind
from ribambelle.care.models import Absence, Attendance, Contract
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.territory import services as territory_services
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import Closure, Facility
from tests.cast import Cast

MARCH = date(2026, 3, 1)
ILLNESS = [date(2026, 3, day) for day in (9, 10, 11, 12, 13)]  # Monday to Friday, with a certificate
CLOSED = date(2026, 3, 18)  # a Wednesday: exceptional closure of Les Lucioles
LATE = date(2026, 3, 24)  # leaves at 17:50: 20 minutes after the contract, half an hour under up_30
LATE_ARRIVAL = date(2026, 3, 26)  # comes at 08:40: 8 h 50 attended, 9 h under up_30
# By hand, under up_30: 45 weeks × 45 h / 12 months = 168.75 h (10,125 min); deducted: Thursday 12 and
# Friday 13 after the waiting days 9, 10, 11 (2 × 9 h), and the closure (9 h): 27 h; extra: 0.5 h;
# billed: 168.75 − 27 + 0.5 = 142.25 h × 1.65 € = 234.7125 → 234.71 €; attended: 16 days × 9 h + 0.5 h.
EXPECTED = {
    "contracted_minutes": 10_125,
    "deducted_minutes": 1_620,
    "extra_minutes": 30,
    "billed_minutes": 8_535,
    "attended_minutes": 8_670,
    "amount": Decimal("234.71"),
}


def set_rounding(cast: Cast, value: str = "up_30") -> None:
    territory_services.rule_choice_set(
        organisation=cast.organisation,
        facility=None,
        key="billing.rounding",
        value=value,
        valid_from=date(2025, 9, 1),
        act="Règlement de fonctionnement du 01/09/2025",
        actor=cast.coordinatrice,
    )


def weekdays(month: date) -> list[date]:
    days = [month + timedelta(days=offset) for offset in range(31)]
    return [day for day in days if day.month == month.month and day.weekday() < 5]


def attend(
    child: Child,
    facility: Facility,
    days: list[date],
    contract: Contract | None = None,
    hours: tuple[time, time] = (time(8, 30), time(17, 30)),
    exceptions: dict[date, tuple[time, time]] | None = None,
) -> None:
    """One period on each of ``days``: ``hours``, or the day's own in ``exceptions``."""
    exceptions = exceptions or {}
    Attendance.objects.bulk_create(
        Attendance(
            child=child,
            facility=facility,
            contract=contract,
            on=day,
            arrived_at=exceptions.get(day, hours)[0],
            left_at=exceptions.get(day, hours)[1],
        )
        for day in days
    )


def leo_in_march(cast: Cast) -> None:
    """Rounding up_30, an illness with a certificate, an exceptional closure, a late pickup."""
    set_rounding(cast)
    territory_services.closure_create(
        closure=Closure(facility=cast.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=CLOSED, end_on=CLOSED),
        actor=cast.coordinatrice,
    )
    Absence.objects.bulk_create(
        Absence(child=cast.leo, facility=cast.lucioles, on=day, reason=AbsenceReason.ILLNESS_WITH_CERTIFICATE)
        for day in ILLNESS
    )
    present = [day for day in weekdays(MARCH) if day not in ILLNESS and day != CLOSED]
    exceptions = {LATE: (time(8, 30), time(17, 50)), LATE_ARRIVAL: (time(8, 40), time(17, 30))}
    attend(cast.leo, cast.lucioles, present, cast.leo_contract, exceptions=exceptions)


def add_children(cast: Cast, count: int, facility: Facility | None = None, first: int = 0) -> list[Contract]:
    """``count`` more children, each with a family and a regular contract Monday to Thursday 9:00–17:00 (32 h,
    44 weeks: 117.33 h a month), who came every contracted day of March as contracted."""
    facility = facility or cast.lucioles
    contracts = []
    for index in range(first, first + count):
        family = Family.objects.create(
            organisation=cast.organisation,
            reference=f"F-2026-{index + 100:04d}",
            parent_first_name="Camille",
            parent_last_name=f"Parent{index}",
            address="3 rue des Lilas",
            postcode="69100",
            city="Villeurbanne",
        )
        FamilySituation.objects.create(
            family=family,
            valid_from=date(2025, 1, 1),
            monthly_resources=Decimal("2500.00"),
            resources_source=ResourcesSource.CAF,
            dependent_children=1,
        )
        child = Child.objects.create(
            family=family, first_name="Enfant", last_name=f"Numéro{index}", birth_on=date(2025, 1, 10)
        )
        contract = care_services.contract_create(
            child=child,
            facility=facility,
            section=None,
            kind=ContractKind.REGULAR,
            starts_on=date(2026, 1, 5),
            ends_on=date(2026, 12, 31),
            schedule=[care_services.SchedulePeriod(day, 9 * 60, 17 * 60) for day in range(4)],
            attendance_weeks=44,
            actor=cast.coordinatrice,
        )
        mondays_to_thursdays = [day for day in weekdays(MARCH) if day.weekday() < 4]
        attend(child, facility, mondays_to_thursdays, contract, hours=(time(9), time(17)))
        contracts.append(contract)
    return contracts

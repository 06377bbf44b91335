"""Les Lucioles in 2026 seen on 15 July, the CAF figures the tests check by hand.

- Registry: 30 places, Monday to Friday 7:30–18:30 (660 min), no holiday in the cast; an exceptional closure
  on Friday 14 August. 2026 has 261 weekdays: 129 from January to June, 132 from July to December.
- Léo: regular, 5 January → 31 December, Monday to Friday 8:30–17:30, 45 weeks: 5 × 540 × 45 / 12 =
  10,125 min a month; fee 1.65 €/h: 10,125 × 1.65 / 60 = 278.4375 → 278.44 € a month. He came on 5, 6 and 7
  January 8:30–17:30 and on 8 January 8:30–17:50 (20 extra minutes, 30 under up_30).
- Zoé (another family, no FILOUE consent): regular, 2 March → 31 August, Monday and Tuesday 9:00–17:00, 20
  weeks over 6 months: 960 × 20 / 6 = 3,200 min a month, 3,200 × 1.65 / 60 = 88.00 € a month; she came on
  Monday 2 March 9:00–17:00.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from ribambelle.care import services as care_services
from ribambelle.care.enums import ContractKind
from ribambelle.care.models import Contract
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.steering import services
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import Closure
from tests.care.statement_month import attend, set_rounding
from tests.cast import Cast

TODAY = date(2026, 7, 15)
YEAR = 2026
CLOSED = date(2026, 8, 14)


def zoe(cast: Cast) -> tuple[Child, Contract]:
    family = Family.objects.create(
        organisation=cast.organisation,
        reference="F-2026-0300",
        parent_first_name="Lucie",
        parent_last_name="Petitjean",
        address="4 rue des Lilas",
        postcode="69120",
        city="Vaulx-en-Velin",
    )
    FamilySituation.objects.create(
        family=family,
        valid_from=date(2025, 1, 1),
        monthly_resources=Decimal("3200.00"),
        resources_source=ResourcesSource.CAF,
        dependent_children=2,
    )
    child = Child.objects.create(family=family, first_name="Zoé", last_name="Petitjean", birth_on=date(2025, 2, 1))
    contract = care_services.contract_create(
        child=child,
        facility=cast.lucioles,
        section=None,
        kind=ContractKind.REGULAR,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 8, 31),
        schedule=[care_services.SchedulePeriod(day, 9 * 60, 17 * 60) for day in (0, 1)],
        attendance_weeks=20,
        actor=cast.coordinatrice,
    )
    return child, care_services.contract_sign(contract=contract, actor=cast.coordinatrice)


def lucioles_2026(cast: Cast) -> Child:
    """The scenario above, with the facts of January to June computed; returns Zoé."""
    set_rounding(cast)
    Closure.objects.create(facility=cast.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=CLOSED, end_on=CLOSED)
    cast.martin.caf_number, cast.martin.filoue_consent = "1234567", True
    cast.martin.save()
    child, contract = zoe(cast)
    january = [date(2026, 1, day) for day in (5, 6, 7)]
    attend(cast.leo, cast.lucioles, january, cast.leo_contract)
    attend(cast.leo, cast.lucioles, [date(2026, 1, 8)], cast.leo_contract, hours=(time(8, 30), time(17, 50)))
    attend(child, cast.lucioles, [date(2026, 3, 2)], contract, hours=(time(9), time(17)))
    services.facts_refresh(start_on=date(2026, 1, 1), end_on=date(2026, 6, 30))
    return child

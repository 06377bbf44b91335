"""The presence facts of a facility-day (children, peak, surnombre) and the children enrolled by month."""

from __future__ import annotations

from datetime import date, time

from ribambelle.care.enums import ContractStatus
from ribambelle.care.models import Attendance, Contract
from ribambelle.steering import services
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import AuthorisationSlot
from tests.care.statement_month import MARCH, add_children

MONDAY = date(2026, 3, 2)


def _present(child, facility, arrived, left, on=MONDAY):
    Attendance.objects.create(child=child, facility=facility, on=on, arrived_at=arrived, left_at=left)


def _refresh(facility, on=MONDAY):
    services.day_facts_refresh(facility_ids=[facility.pk], start_on=on, end_on=on)
    return FacilityDayFact.objects.get(facility=facility, on=on)


def test_children_peak_and_minutes_over_the_limit_of_a_slot(cast):
    """30 places (limit 34), but 1 from 7:30 to 9:00 (limit floor(1.15) = 1). Léo 8:00–12:00 and 14:00–17:00,
    Inès 8:30–9:30: two children at once from 8:30, over the slot's limit until 9:00."""
    AuthorisationSlot.objects.create(
        authorisation=cast.lucioles.authorisations.get(), starts_at=time(7, 30), ends_at=time(9), capacity=1
    )
    _present(cast.leo, cast.lucioles, time(8), time(12))
    _present(cast.leo, cast.lucioles, time(14), time(17))
    _present(cast.ines, cast.lucioles, time(8, 30), time(9, 30))
    Attendance.objects.create(child=cast.ines, facility=cast.lucioles, on=MONDAY, arrived_at=time(15))  # still open

    fact = _refresh(cast.lucioles)

    assert (fact.children, fact.peak_presence, fact.peak_limit, fact.over_limit_minutes) == (2, 2, 1, 30)
    assert fact.attended_minutes == 4 * 60 + 3 * 60 + 60


def test_times_are_read_to_the_minute_before_counting(cast):
    """Seconds are dropped (the minute of the clock), on SQLite and PostgreSQL alike: 8:00:59–8:59:59.9 is 59
    minutes, 9:59:59.9–10:00:01 one, and 10:30:05–10:30:50 none: no child present."""
    _present(cast.leo, cast.lucioles, time(8, 0, 59), time(8, 59, 59, 900_000))
    _present(cast.ines, cast.lucioles, time(9, 59, 59, 900_000), time(10, 0, 1))
    _present(cast.ines, cast.coccinelles, time(10, 30, 5), time(10, 30, 50))

    lucioles, coccinelles = _refresh(cast.lucioles), _refresh(cast.coccinelles)

    assert (lucioles.attended_minutes, lucioles.children, lucioles.peak_presence) == (59 + 1, 2, 1)
    assert (coccinelles.attended_minutes, coccinelles.children, coccinelles.peak_presence) == (0, 0, 0)


def test_a_child_leaving_when_another_arrives_is_not_counted_twice(cast):
    _present(cast.leo, cast.lucioles, time(8), time(10))
    _present(cast.ines, cast.lucioles, time(10), time(12))

    fact = _refresh(cast.lucioles)

    assert (fact.children, fact.peak_presence, fact.peak_limit, fact.over_limit_minutes) == (2, 1, 34, 0)


def test_a_day_without_presence_has_no_peak(cast):
    fact = _refresh(cast.lucioles)

    assert (fact.children, fact.peak_presence, fact.peak_limit, fact.over_limit_minutes) == (0, 0, None, 0)


def test_no_surnombre_limit_for_a_creche_familiale(cast):
    cast.lucioles.facility_type = FacilityType.CRECHE_FAMILIALE
    cast.lucioles.save()
    _present(cast.leo, cast.lucioles, time(8), time(10))

    fact = _refresh(cast.lucioles)

    assert (fact.peak_presence, fact.peak_limit, fact.over_limit_minutes) == (1, None, 0)


def test_the_month_fact_counts_the_children_enrolled(cast):
    add_children(cast, 3)  # three more contracts at Les Lucioles over 2026, beside Léo's
    cancelled = add_children(cast, 1, first=3)[0]
    Contract.objects.filter(pk=cancelled.pk).update(status=ContractStatus.CANCELLED)

    services.month_facts_refresh(facility_ids=[cast.lucioles.pk, cast.coccinelles.pk], months=[MARCH])

    assert FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH).enrolled == 4
    assert FacilityMonthFact.objects.get(facility=cast.coccinelles, month=MARCH).enrolled == 0  # Inès from September

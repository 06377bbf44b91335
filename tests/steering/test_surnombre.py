"""The surnombre breaches the cockpit alerts on: days over the instantaneous limit, weeks over 100 %."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from ribambelle.care.models import Attendance
from ribambelle.steering import selectors, services
from ribambelle.steering.selectors import DayBreach
from ribambelle.territory.enums import FacilityType

MONDAY = date(2026, 3, 2)
WEEK = [MONDAY + timedelta(days=n) for n in range(5)]


def _two_children_all_week(cast):
    """Les Lucioles authorised for one place (limit floor(1.15) = 1, 5 × 660 place-minutes a week); Léo
    and Inès there 8:00–17:00 every weekday."""
    cast.lucioles.authorisations.update(capacity=1)
    Attendance.objects.bulk_create(
        Attendance(child=child, facility=cast.lucioles, on=day, arrived_at=time(8), left_at=time(17))
        for child in (cast.leo, cast.ines)
        for day in WEEK
    )
    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=MONDAY + timedelta(days=6))


def test_the_days_and_the_week_over_their_limits(cast):
    _two_children_all_week(cast)

    breaches = selectors.surnombre_breaches(
        facility_ids=[cast.lucioles.pk, cast.coccinelles.pk], start_on=MONDAY, end_on=WEEK[-1]
    )

    assert breaches.days == [DayBreach(cast.lucioles.pk, day, 1, 2, 1, 540) for day in WEEK]
    (week,) = breaches.weeks
    assert (week.facility_id, week.week, week.limit_minutes, week.over) == (cast.lucioles.pk, MONDAY, 3300, True)
    assert (week.occupancy.numerator, week.occupancy.value) == (5400, Decimal("1.6364"))


def test_a_week_is_counted_whole_and_only_the_facilities_asked(cast):
    _two_children_all_week(cast)

    wednesday = selectors.surnombre_breaches(facility_ids=[cast.lucioles.pk], start_on=WEEK[2], end_on=WEEK[2])
    others = selectors.surnombre_breaches(facility_ids=[cast.coccinelles.pk], start_on=MONDAY, end_on=WEEK[-1])

    assert [day.on for day in wednesday.days] == [WEEK[2]]
    assert [week.occupancy.numerator for week in wednesday.weeks] == [5400]
    assert (others.days, others.weeks) == ([], [])


def test_weekly_occupancy_within_the_limit_is_not_a_breach(cast):
    Attendance.objects.create(child=cast.leo, facility=cast.lucioles, on=MONDAY, arrived_at=time(8), left_at=time(17))
    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=MONDAY + timedelta(days=6))

    (week,) = selectors.facility_weeks(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=MONDAY)

    assert (week.occupancy.numerator, week.occupancy.denominator, week.limit_minutes) == (540, 5 * 30 * 660, 99_000)
    assert not week.over
    assert selectors.surnombre_breaches(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=MONDAY).weeks == []


def test_no_weekly_limit_for_a_creche_familiale(cast):
    cast.lucioles.facility_type = FacilityType.CRECHE_FAMILIALE
    cast.lucioles.save()
    _two_children_all_week(cast)

    breaches = selectors.surnombre_breaches(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=WEEK[-1])

    assert (breaches.days, breaches.weeks) == ([], [])

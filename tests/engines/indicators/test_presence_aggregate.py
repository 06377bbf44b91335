"""Presence figures by level and grain, and the weekly occupancy."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ribambelle.engines.indicators import (
    DayFact,
    Grain,
    GroupDay,
    Level,
    MonthBilled,
    WeekFact,
    average,
    daily_presence,
    indicators,
    week_start,
    weekly_occupancy,
)

MONDAY = date(2026, 3, 2)


def test_the_presence_of_a_facility_month():
    """Three days of one facility: 10, 14 and 0 children (the third a closure day); peaks 8 and 12, the
    second 20 minutes over the limit."""
    days = [
        DayFact(1, 7, MONDAY, 6000, 4500, peak_presence=8),
        DayFact(1, 7, MONDAY + timedelta(1), 6000, 5000, peak_presence=12, over_limit_minutes=20, over_limit_days=1),
        DayFact(1, 7, MONDAY + timedelta(2), 0, 0),
    ]
    groups = [
        GroupDay(1, MONDAY, 10, True),
        GroupDay(1, MONDAY + timedelta(1), 14, True),
        GroupDay(1, MONDAY + timedelta(2), 0, False),
    ]
    billed = [MonthBilled(1, 7, date(2026, 3, 1), 9000, enrolled=16)]

    (row,) = indicators(
        days, billed, level=Level.FACILITY, grain=Grain.MONTH, presence=daily_presence(groups, Grain.MONTH)
    )

    p = row.presence
    assert (p.children, p.open_days, p.average, p.peak_daily, p.peak) == (24, 2, Decimal("12.00"), 14, 12)
    assert (p.over_limit_days, p.over_limit_minutes, p.enrolled) == (1, 20, 16)
    assert "average_presence = children / open days = 24 / 2 = 12.00" in row.explanation()


def test_a_sector_peak_is_the_highest_facility_peak_and_its_days_are_summed_first():
    """Two facilities of sector 7 on two days: 5 + 6 children, then 9 + 0 (the second closed)."""
    days = [
        DayFact(1, 7, MONDAY, 100, 10, peak_presence=4),
        DayFact(2, 7, MONDAY, 100, 10, peak_presence=6),
        DayFact(1, 7, MONDAY + timedelta(1), 100, 10, peak_presence=9),
        DayFact(2, 7, MONDAY + timedelta(1), 0, 0),
    ]
    groups = [GroupDay(7, MONDAY, 11, True), GroupDay(7, MONDAY + timedelta(1), 9, True)]

    (row,) = indicators(days, [], level=Level.SECTOR, grain=Grain.YEAR, presence=daily_presence(groups, Grain.YEAR))

    assert (row.presence.children, row.presence.open_days, row.presence.peak_daily, row.presence.peak) == (20, 2, 11, 9)
    assert row.presence.average == Decimal("10.00")
    assert row.presence.enrolled is None  # enrolment is monthly


def test_the_average_rounds_half_up_and_has_no_value_without_open_days():
    assert average(1, 3) == Decimal("0.33")
    assert average(5, 8) == Decimal("0.63")
    assert average(0, 0) is None


@given(st.lists(st.tuples(st.integers(0, 60), st.booleans()), min_size=1, max_size=40))
def test_daily_presence_laws(found):
    days = [GroupDay(None, MONDAY + timedelta(n), children, opened) for n, (children, opened) in enumerate(found)]

    (row,) = daily_presence(days, Grain.YEAR)  # 40 days from 2 March: one year

    assert row.children == sum(children for children, _ in found)
    assert row.peak_daily == max(children for children, _ in found) <= row.children
    assert row.open_days == sum(opened for _, opened in found)
    assert len(daily_presence(days, Grain.DAY)) == len(days)


def _limit(week: WeekFact) -> int | None:
    return week.theoretical_minutes  # 100 % of the weekly hourly capacity


def test_a_week_over_its_hourly_capacity():
    weeks = [WeekFact(1, MONDAY, 10_000, 10_001), WeekFact(1, MONDAY + timedelta(7), 10_000, 10_000)]

    over, exact = weekly_occupancy(weeks, _limit)

    assert (over.over, over.occupancy.value, over.limit_minutes) == (True, Decimal("1.0001"), 10_000)
    assert (exact.over, exact.occupancy.value) == (False, Decimal("1.0000"))


def test_a_week_without_capacity_has_no_limit():
    (week,) = weekly_occupancy([WeekFact(1, MONDAY, 0, 600)], _limit)

    assert (week.occupancy.value, week.limit_minutes, week.over) == (None, None, False)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_week_start_is_the_iso_monday(on):
    monday = week_start(on)

    assert monday.weekday() == 0 and 0 <= (on - monday).days < 7
    assert monday.isocalendar()[:2] == on.isocalendar()[:2]

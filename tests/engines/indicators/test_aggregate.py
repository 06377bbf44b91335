from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ribambelle.engines.indicators import (
    Band,
    DayFact,
    Grain,
    Level,
    MonthBilled,
    Thresholds,
    band_of,
    indicators,
    rate,
)

T2025 = Thresholds(date(2025, 1, 1), Decimal("1.07"), Decimal("1.20"), "linear", "Circulaire Cnaf 2024", True)
T2014 = Thresholds(date(2014, 1, 1), Decimal("1.07"), Decimal("1.17"), "bands", "Guide PSU 2014", False)


def test_the_rates_of_a_facility_month_computed_by_hand():
    """Two days of 10 places × 600 min, 9,000 min attended, 9,900 billed."""
    days = [DayFact(1, 7, date(2026, 3, d), 6000, 4500) for d in (2, 3)]
    billed = [MonthBilled(1, 7, date(2026, 3, 1), 9900)]

    (row,) = indicators(days, billed, level=Level.FACILITY, grain=Grain.MONTH, thresholds=[T2014, T2025])

    assert (row.group_id, row.period, row.theoretical_minutes, row.attended_minutes, row.billed_minutes) == (
        1,
        date(2026, 3, 1),
        12000,
        9000,
        9900,
    )
    assert row.real_occupancy.value == Decimal("0.7500")
    assert row.financial_occupancy is not None and row.financial_occupancy.value == Decimal("0.8250")
    assert row.billing_rate is not None and row.billing_rate.value == Decimal("1.1000")
    assert row.band is not None and (row.band.band, row.band.thresholds) == (Band.DECLINING, T2025)
    assert row.explanation()[2] == "billing_rate = billed / attended = 9900 / 9000 min = 1.1000"


def test_rates_round_half_up_to_four_places():
    assert rate("r", "a / b", 1, 3).value == Decimal("0.3333")
    assert rate("r", "a / b", 2, 3).value == Decimal("0.6667")
    assert rate("r", "a / b", 1, 20000).value == Decimal("0.0001")
    assert rate("r", "a / b", 0, 5).value == Decimal("0.0000")
    assert rate("r", "a / b", 5, 0).value is None


def test_the_band_thresholds_are_inclusive_as_the_circular_says():
    assert band_of(107, 100, T2025) is Band.FULL
    assert band_of(108, 100, T2025) is Band.DECLINING
    assert band_of(120, 100, T2025) is Band.FLOOR
    assert band_of(5, 0, T2025) is None


def test_the_band_follows_the_thresholds_in_force_on_the_period():
    days = [DayFact(1, None, date(2024, 6, 3), 1000, 100)]
    billed = [MonthBilled(1, None, date(2024, 6, 1), 118)]

    (row,) = indicators(days, billed, level=Level.FACILITY, grain=Grain.MONTH, thresholds=[T2014, T2025])

    assert row.band is not None and (row.band.band, row.band.thresholds.high) == (Band.FLOOR, Decimal("1.17"))


def test_by_day_there_are_no_billed_figures():
    (row,) = indicators(
        [DayFact(1, None, date(2026, 3, 2), 600, 300)],
        [MonthBilled(1, None, date(2026, 3, 1), 400)],
        level=Level.FACILITY,
        grain=Grain.DAY,
    )

    assert (row.billed_minutes, row.financial_occupancy, row.billing_rate) == (None, None, None)


_days = st.lists(
    st.builds(
        DayFact,
        st.integers(1, 4),
        st.none(),
        st.dates(date(2026, 1, 1), date(2026, 12, 31)),
        st.integers(0, 20_000),
        st.integers(0, 20_000),
    ),
    max_size=40,
)
_billed = st.lists(
    st.builds(
        MonthBilled,
        st.integers(1, 4),
        st.none(),
        st.integers(1, 12).map(lambda m: date(2026, m, 1)),
        st.integers(0, 20_000),
    ),
    max_size=20,
)


def _with_sectors(days: list[DayFact]) -> list[DayFact]:
    return [DayFact(d.facility_id, d.facility_id % 2, d.on, d.theoretical_minutes, d.attended_minutes) for d in days]


@given(_days, _billed)
def test_facilities_sum_to_the_territory(days, billed):
    facilities = indicators(days, billed, level=Level.FACILITY, grain=Grain.YEAR)
    territory = indicators(days, billed, level=Level.TERRITORY, grain=Grain.YEAR)

    for field in ("theoretical_minutes", "attended_minutes", "billed_minutes"):
        assert sum(getattr(r, field) for r in facilities) == sum(getattr(r, field) for r in territory)


@given(_days, _billed)
def test_sectors_sum_to_the_territory(days, billed):
    days = _with_sectors(days)
    sectors = indicators(days, [], level=Level.SECTOR, grain=Grain.MONTH)
    territory = indicators(days, [], level=Level.TERRITORY, grain=Grain.MONTH)

    assert sum(r.attended_minutes for r in sectors) == sum(r.attended_minutes for r in territory)


@given(_days, _billed)
def test_months_sum_to_the_year_and_days_to_the_months(days, billed):
    by_day = indicators(days, billed, level=Level.FACILITY, grain=Grain.DAY)
    by_month = indicators(days, billed, level=Level.FACILITY, grain=Grain.MONTH)
    by_year = indicators(days, billed, level=Level.FACILITY, grain=Grain.YEAR)

    for field in ("theoretical_minutes", "attended_minutes"):
        assert sum(getattr(r, field) for r in by_day) == sum(getattr(r, field) for r in by_month)
        assert sum(getattr(r, field) for r in by_month) == sum(getattr(r, field) for r in by_year)
    assert sum(r.billed_minutes or 0 for r in by_month) == sum(r.billed_minutes or 0 for r in by_year)

"""Aggregation of the facts by level (facility, sector, territory) and grain (day, month, year), and the
rates computed as exact fractions of integer minutes, rounded half up to 4 places only at the end."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ribambelle.engines.indicators.model import (
    Band,
    BillingBand,
    DayFact,
    Grain,
    Indicator,
    Level,
    MonthBilled,
    Rate,
    Thresholds,
)

_PLACES = Decimal("0.0001")
_Key = tuple[int | None, date]


def period_start(on: date, grain: Grain) -> date:
    if grain is Grain.DAY:
        return on
    if grain is Grain.MONTH:
        return on.replace(day=1)
    return date(on.year, 1, 1)


def rate(name: str, formula: str, numerator: int, denominator: int) -> Rate:
    """``numerator / denominator`` as an exact fraction, rounded half up to 4 places."""
    if denominator == 0:
        return Rate(name, formula, numerator, denominator, None)
    # Half up on non-negative integers: floor((20000 n + d) / 2d) ten-thousandths, exact.
    value = Decimal((20_000 * numerator + denominator) // (2 * denominator)).scaleb(-4).quantize(_PLACES)
    return Rate(name, formula, numerator, denominator, value)


def band_of(billed: int, attended: int, thresholds: Thresholds) -> Band | None:
    """The PSU band of the billing rate billed / attended, compared exactly; None without attendance."""
    if attended == 0:
        return None
    exact = Fraction(billed, attended)
    if exact <= Fraction(thresholds.low):
        return Band.FULL
    if exact >= Fraction(thresholds.high):
        return Band.FLOOR
    return Band.DECLINING


def thresholds_on(schedule: Sequence[Thresholds], on: date) -> Thresholds | None:
    """The thresholds in force on ``on`` among ``schedule`` (any order); None before the first."""
    in_force = [t for t in schedule if t.effective_on <= on]
    return max(in_force, key=lambda t: t.effective_on) if in_force else None


def _group(level: Level, facility_id: int, sector_id: int | None) -> int | None:
    if level is Level.FACILITY:
        return facility_id
    if level is Level.SECTOR:
        return sector_id
    return None


def indicators(
    days: Iterable[DayFact],
    billed: Iterable[MonthBilled],
    *,
    level: Level,
    grain: Grain,
    thresholds: Sequence[Thresholds] = (),
) -> list[Indicator]:
    """One indicator per (group, period) with facts, ordered by group (None first) then period. Billed
    minutes are None by day. The band uses the thresholds in force on the period's first day."""
    theoretical: defaultdict[_Key, int] = defaultdict(int)
    attended: defaultdict[_Key, int] = defaultdict(int)
    for day in days:
        key = (_group(level, day.facility_id, day.sector_id), period_start(day.on, grain))
        theoretical[key] += day.theoretical_minutes
        attended[key] += day.attended_minutes
    billed_by: defaultdict[_Key, int] = defaultdict(int)
    if grain is not Grain.DAY:
        for month in billed:
            key = (_group(level, month.facility_id, month.sector_id), period_start(month.month, grain))
            billed_by[key] += month.billed_minutes
    keys = sorted(set(theoretical) | set(billed_by), key=lambda k: (k[0] is not None, k[0] or 0, k[1]))
    return [
        _indicator(level, grain, key, theoretical[key], attended[key], billed_by.get(key), thresholds) for key in keys
    ]


def _indicator(
    level: Level,
    grain: Grain,
    key: _Key,
    theoretical: int,
    attended: int,
    billed: int | None,
    schedule: Sequence[Thresholds],
) -> Indicator:
    group_id, start = key
    real = rate("real_occupancy", "attended / theoretical", attended, theoretical)
    if grain is Grain.DAY:
        return Indicator(level, group_id, grain, start, theoretical, attended, None, real, None, None, None)
    billed_minutes = billed or 0
    thresholds = thresholds_on(schedule, start)
    band = None if thresholds is None else band_of(billed_minutes, attended, thresholds)
    return Indicator(
        level,
        group_id,
        grain,
        start,
        theoretical,
        attended,
        billed_minutes,
        real,
        rate("financial_occupancy", "billed / theoretical", billed_minutes, theoretical),
        rate("billing_rate", "billed / attended", billed_minutes, attended),
        None if band is None or thresholds is None else BillingBand(band, thresholds),
    )

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
    DailyPresence,
    DayFact,
    Grain,
    GroupDay,
    Indicator,
    Level,
    MonthBilled,
    Presence,
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


def average(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` rounded half up to 2 places (integer arithmetic); None when zero days."""
    if denominator == 0:
        return None
    return Decimal((200 * numerator + denominator) // (2 * denominator)).scaleb(-2).quantize(Decimal("0.01"))


def daily_presence(days: Iterable[GroupDay], grain: Grain) -> list[DailyPresence]:
    """Fold the days of each group into its periods: Σ children, open days, the most children of a day."""
    children: defaultdict[_Key, int] = defaultdict(int)
    opened: defaultdict[_Key, int] = defaultdict(int)
    peak: defaultdict[_Key, int] = defaultdict(int)
    for day in days:
        key = (day.group_id, period_start(day.on, grain))
        children[key] += day.children
        opened[key] += day.open
        peak[key] = max(peak[key], day.children)
    return [DailyPresence(g, p, children[g, p], opened[g, p], peak[g, p]) for g, p in children]


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


def _group(level: Level, fact: DayFact | MonthBilled) -> int | None:
    if level is Level.FACILITY:
        return fact.facility_id
    if level is Level.SECTION:
        return fact.section_id
    if level is Level.SECTOR:
        return fact.sector_id
    return None


def indicators(
    days: Iterable[DayFact],
    billed: Iterable[MonthBilled],
    *,
    level: Level,
    grain: Grain,
    thresholds: Sequence[Thresholds] = (),
    presence: Iterable[DailyPresence] = (),
) -> list[Indicator]:
    """One indicator per (group, period) with facts, ordered by group (None first) then period. Billed
    minutes are None by day. The band uses the thresholds in force on the period's first day. ``presence``
    is the daily presence of the groups of ``level`` by period of ``grain`` (see ``daily_presence``): a day's
    children cannot be summed from facility-periods. Sections have monthly facts only: no section by day."""
    if level is Level.SECTION and grain is Grain.DAY:
        raise ValueError("A section's facts are monthly: read sections by month or year.")
    theoretical: defaultdict[_Key, int] = defaultdict(int)
    attended: defaultdict[_Key, int] = defaultdict(int)
    peak: defaultdict[_Key, int] = defaultdict(int)
    over_minutes: defaultdict[_Key, int] = defaultdict(int)
    over_days: defaultdict[_Key, int] = defaultdict(int)
    for day in days:
        key = (_group(level, day), period_start(day.on, grain))
        theoretical[key] += day.theoretical_minutes
        attended[key] += day.attended_minutes
        peak[key] = max(peak[key], day.peak_presence)
        over_minutes[key] += day.over_limit_minutes
        over_days[key] += day.over_limit_days
    billed_by: defaultdict[_Key, int] = defaultdict(int)
    enrolled: defaultdict[_Key, int] = defaultdict(int)
    if grain is not Grain.DAY:
        for month in billed:
            key = (_group(level, month), period_start(month.month, grain))
            billed_by[key] += month.billed_minutes
            enrolled[key] += month.enrolled
    daily = {(row.group_id, row.period): row for row in presence}
    keys = sorted(set(theoretical) | set(billed_by), key=lambda k: (k[0] is not None, k[0] or 0, k[1]))
    found = []
    for key in keys:
        row = daily.get(key, DailyPresence(key[0], key[1], 0, 0, 0))
        figures = Presence(
            children=row.children,
            open_days=row.open_days,
            average=average(row.children, row.open_days),
            peak_daily=row.peak_daily,
            peak=peak[key],
            over_limit_days=over_days[key],
            over_limit_minutes=over_minutes[key],
            enrolled=enrolled[key] if grain is Grain.MONTH else None,
        )
        found.append(
            _indicator(level, grain, key, theoretical[key], attended[key], billed_by.get(key), thresholds, figures)
        )
    return found


def _indicator(
    level: Level,
    grain: Grain,
    key: _Key,
    theoretical: int,
    attended: int,
    billed: int | None,
    schedule: Sequence[Thresholds],
    presence: Presence,
) -> Indicator:
    group_id, start = key
    real = rate("real_occupancy", "attended / theoretical", attended, theoretical)
    if grain is Grain.DAY:
        return Indicator(level, group_id, grain, start, theoretical, attended, None, real, None, None, None, presence)
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
        presence,
    )

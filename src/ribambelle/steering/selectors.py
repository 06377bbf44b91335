"""Reading the facts into the indicators engine: the day facts summed in the database by facility and
period, the month facts by month, then engines.indicators for the rates, the presence and their
explanation. The whole facility × month table of a year is two grouped queries, whatever the number of
facilities (a third, by sector or territory and day, for the daily presence of those levels). Also the
surnombre alerts of a set of facilities (days over the instantaneous limit, weeks over 100 %)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek, TruncYear

from ribambelle.engines.indicators import (
    DailyPresence,
    DayFact,
    Grain,
    GroupDay,
    Indicator,
    Level,
    MonthBilled,
    Thresholds,
    WeekFact,
    WeekOccupancy,
    daily_presence,
    indicators,
    week_start,
    weekly_occupancy,
)
from ribambelle.rules.parameters import ParameterValue
from ribambelle.steering.capacity import months
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.steering.presence import SurnombreLimit
from ribambelle.steering.sections import sections_read
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Facility, Section, Sector
from ribambelle.territory.selectors import parameters_in_force

THRESHOLDS_KEY = "psu.billing_rate_thresholds"
FORMULA_KEY = "psu.price_cap_formula"


@dataclass(frozen=True)
class IndicatorTable:
    level: Level
    grain: Grain
    rows: list[Indicator]
    names: dict[int, str]  # facility, section or sector names by id
    stale_months: int  # month facts still marked stale (billed minutes not up to date)
    facilities: dict[int, tuple[int, str]] = field(default_factory=dict)  # a section's facility (id, name)


def _period(grain: Grain) -> Any:
    return {Grain.DAY: F("on"), Grain.MONTH: TruncMonth("on"), Grain.YEAR: TruncYear("on")}[grain]


_OPEN = Q(theoretical_minutes__gt=0)


def _scoped(queryset: QuerySet[Any], facility_ids: Collection[int] | None) -> QuerySet[Any]:
    return queryset if facility_ids is None else queryset.filter(facility_id__in=facility_ids)


def whole_months(start_on: date, end_on: date) -> bool:
    return start_on.day == 1 and (end_on + timedelta(days=1)).day == 1


_COLUMNS = (
    "facility_id",
    "facility__sector_id",
    "period",
    "theoretical",
    "attended",
    "peak",
    "over_minutes",
    "over_days",
    "child_days",
    "open_days",
    "peak_daily",
)


def _facts_of(rows: Iterable[tuple[Any, ...]]) -> tuple[list[DayFact], list[DailyPresence]]:
    days, presence = [], []
    for f, s, period, theoretical, attended, peak, over_minutes, over_days, children, open_days, peak_daily in rows:
        days.append(DayFact(f, s, period, theoretical, attended, peak, over_minutes, over_days))
        presence.append(DailyPresence(f, period, children, open_days, peak_daily))
    return days, presence


def _day_facts(
    start_on: date, end_on: date, grain: Grain, facility_ids: Collection[int] | None = None
) -> tuple[list[DayFact], list[DailyPresence]]:
    """The day facts summed by facility and period; with them, each facility's daily presence (a facility's
    day is one fact, so its busiest day is the period's maximum)."""
    rows = (
        _scoped(FacilityDayFact.objects.filter(on__range=(start_on, end_on)), facility_ids)
        .annotate(period=_period(grain))
        .values("facility_id", "facility__sector_id", "period")
        .annotate(
            theoretical=Sum("theoretical_minutes"),
            attended=Sum("attended_minutes"),
            peak=Max("peak_presence"),
            over_minutes=Sum("over_limit_minutes"),
            over_days=Count("pk", filter=Q(over_limit_minutes__gt=0)),
            child_days=Sum("children"),
            open_days=Count("pk", filter=_OPEN),
            peak_daily=Max("children"),
        )
        .values_list(*_COLUMNS)
        .order_by()
    )
    return _facts_of(rows)


def _group_days(start_on: date, end_on: date, level: Level) -> list[GroupDay]:
    """Children present by sector (or in the territory) and day, and whether any of its facilities opened:
    a group's day must be summed before its busiest day is taken. A few thousand rows for a year."""
    group = ["facility__sector_id"] if level is Level.SECTOR else []
    rows = (
        FacilityDayFact.objects.filter(on__range=(start_on, end_on))
        .values(*group, "on")
        .annotate(child_days=Sum("children"), open_facilities=Count("pk", filter=_OPEN))
        .values_list(*group, "on", "child_days", "open_facilities")
        .order_by()
    )
    if level is Level.SECTOR:
        return [GroupDay(sector, on, children, opened > 0) for sector, on, children, opened in rows]
    return [GroupDay(None, on, children, opened > 0) for on, children, opened in rows]


def _billed(start_on: date, end_on: date, facility_ids: Collection[int] | None = None) -> list[MonthBilled]:
    rows = _scoped(
        FacilityMonthFact.objects.filter(month__range=(start_on.replace(day=1), end_on)), facility_ids
    ).values_list("facility_id", "facility__sector_id", "month", "billed_minutes", "enrolled")
    return [MonthBilled(f, s, month, billed, enrolled) for f, s, month, billed, enrolled in rows]


@dataclass(frozen=True)
class Facts:
    """The facts of a set of facilities over a period, summed by facility and period of ``grain``, with each
    facility's daily presence by period."""

    days: list[DayFact]
    presence: list[DailyPresence]
    billed: list[MonthBilled]
    stale_months: int


def facts_read(*, start_on: date, end_on: date, grain: Grain, facility_ids: Collection[int] | None = None) -> Facts:
    """The facts of these facilities (None: every facility of the database) by facility and period, and how
    many of their months' billing is stale. Whole months by month or year come from the month facts (one
    query: their roll-ups of the day facts and their billing), anything else from the day facts; billed
    minutes count the months whose first day is in the period."""
    stale = _scoped(
        FacilityMonthFact.objects.filter(stale=True, month__range=(start_on.replace(day=1), end_on)), facility_ids
    ).count()
    if grain is not Grain.DAY and whole_months(start_on, end_on):
        days, presence, billed = months_grouped(
            months=months(start_on, end_on), level=Level.FACILITY, grain=grain, facility_ids=facility_ids
        )
        return Facts(days, presence, billed, stale)
    days, presence = _day_facts(start_on, end_on, grain, facility_ids)
    return Facts(days, presence, _billed(start_on, end_on, facility_ids), stale)


_GROUPS = {
    Level.FACILITY: ("facility_id", "facility__sector_id"),
    Level.SECTOR: ("facility__sector_id",),
    Level.TERRITORY: (),
}


def months_grouped(
    *, months: Collection[date], level: Level, grain: Grain, facility_ids: Collection[int] | None = None
) -> tuple[list[DayFact], list[DailyPresence], list[MonthBilled]]:
    """These whole months (first days) of these facilities, summed in the database by the group of
    ``level`` and the period of ``grain`` (month or year) from the month facts — their roll-ups of the day
    facts and their billing share a row: one query, a row per group and period, ready for the engine at that
    level. Above the facility level the rows carry facility id 0 (and no sector at the territory's), and no
    daily presence (a group's busiest day is not a sum of its facilities')."""
    group = _GROUPS[level]
    rows = (
        _scoped(FacilityMonthFact.objects.filter(month__in=list(months)), facility_ids)
        .annotate(period=F("month") if grain is Grain.MONTH else TruncYear("month"))
        .values(*group, "period")
        .annotate(
            theoretical=Sum("theoretical_minutes"),
            attended=Sum("attended_minutes"),
            peak=Max("peak_presence"),
            over_minutes=Sum("over_limit_minutes"),
            over_days=Sum("over_days"),
            child_days=Sum("child_days"),
            open_days=Sum("open_days"),
            peak_daily=Max("peak_daily"),
            billed=Sum("billed_minutes"),
            enrolled=Sum("enrolled"),
        )
        .values_list(*group, *_COLUMNS[2:], "billed", "enrolled")
        .order_by()
    )
    days, presence, billed = [], [], []
    for row in rows:
        facility, sector = (row[0], row[1]) if level is Level.FACILITY else (0, row[0] if group else None)
        (
            period,
            theoretical,
            attended,
            peak,
            over_minutes,
            over_days,
            children,
            open_days,
            peak_daily,
            minutes,
            enrolled,
        ) = row[len(group) :]
        days.append(DayFact(facility, sector, period, theoretical, attended, peak, over_minutes, over_days))
        billed.append(MonthBilled(facility, sector, period, minutes, enrolled))
        if level is Level.FACILITY:
            presence.append(DailyPresence(facility, period, children, open_days, peak_daily))
    return days, presence, billed


def billing_thresholds() -> list[Thresholds]:
    """Every dated entry of psu.billing_rate_thresholds, with the price-cap formula in force then."""
    params = parameters_in_force()
    schedule = []
    for value in params[THRESHOLDS_KEY].values:
        if not isinstance(value.value, dict):
            continue
        formula = params.at(FORMULA_KEY, value.effective_on)
        schedule.append(
            Thresholds(
                effective_on=value.effective_on,
                low=Decimal(value.value["low"]),
                high=Decimal(value.value["high"]),
                formula=str(formula.value),
                reference=_reference(value),
                confirmed=value.confirmed and formula.confirmed,
            )
        )
    return schedule


def _reference(value: ParameterValue) -> str:
    return f"{value.key} ({value.reference.title})"


def indicator_table(*, start_on: date, end_on: date, level: Level, grain: Grain) -> IndicatorTable:
    """The indicators of every facility of the database over the period (the command-line operator's scope).
    Billed minutes and children enrolled count the months whose first day falls in the period, entirely.
    Sections are read by whole months only (their facts are monthly), without the facilities' presence
    outside their sections."""
    if level is Level.SECTION:
        return _section_table(start_on=start_on, end_on=end_on, grain=grain)
    facts = facts_read(start_on=start_on, end_on=end_on, grain=grain)
    presence = facts.presence
    if level is not Level.FACILITY:
        presence = daily_presence(_group_days(start_on, end_on, level), grain)
    rows = indicators(
        facts.days, facts.billed, level=level, grain=grain, thresholds=billing_thresholds(), presence=presence
    )
    names: dict[int, str] = {}
    if level is Level.FACILITY:
        names = dict(Facility.objects.values_list("pk", "name"))
    elif level is Level.SECTOR:
        names = dict(Sector.objects.values_list("pk", "name"))
    return IndicatorTable(level, grain, rows, names, facts.stale_months)


def _section_table(*, start_on: date, end_on: date, grain: Grain) -> IndicatorTable:
    if grain is Grain.DAY or not whole_months(start_on, end_on):
        raise ValueError("Sections are read by whole months, by month or year.")
    days, billed = sections_read(months=months(start_on, end_on), outside=False)
    rows = indicators(days, billed, level=Level.SECTION, grain=grain, thresholds=billing_thresholds())
    found = Section.objects.values_list("pk", "name", "facility_id", "facility__name")
    stale = FacilityMonthFact.objects.filter(stale=True, month__range=(start_on, end_on)).count()
    return IndicatorTable(
        Level.SECTION,
        grain,
        rows,
        {pk: name for pk, name, _, _ in found},
        stale,
        {pk: (facility, facility_name) for pk, _, facility, facility_name in found},
    )


# Surnombre (R2324-27), for the cockpit's alerts -------------------------------------------------------


@dataclass(frozen=True)
class DayBreach:
    """A facility-day with children present beyond the instantaneous limit: ``over_limit_minutes`` in all,
    its ``peak_presence`` and the limit in force when the peak was first reached (``peak_limit``), with the
    day's authorised ``places`` (the authorisation's, outside any slot)."""

    facility_id: int
    on: date
    places: int
    peak_presence: int
    peak_limit: int | None
    over_limit_minutes: int


@dataclass(frozen=True)
class SurnombreBreaches:
    days: list[DayBreach]  # by facility, then day
    weeks: list[WeekOccupancy]  # the weeks over their limit only, by facility, then week


def facility_weeks(*, facility_ids: Iterable[int], start_on: date, end_on: date) -> list[WeekOccupancy]:
    """The weekly occupancy of these facilities for every ISO week that overlaps the period, each counted
    whole (its day facts from Monday to Sunday, even outside the period): Σ attended / Σ theoretical minutes,
    against the weekly limit of R2324-27 1° (rules.facility_norms.overcapacity, the hourly capacity being
    the week's place-minutes). No limit for a crèche familiale. One grouped query."""
    ids = set(facility_ids)
    first, last = week_start(start_on), week_start(end_on) + timedelta(days=6)
    rows = (
        FacilityDayFact.objects.filter(facility_id__in=ids, on__range=(first, last))
        .annotate(week=TruncWeek("on"))
        .values("facility_id", "week")
        .annotate(theoretical=Sum("theoretical_minutes"), attended=Sum("attended_minutes"))
        .values_list("facility_id", "week", "theoretical", "attended")
        .order_by()
    )
    kinds = {
        pk: FacilityType(kind).regulatory_kind
        for pk, kind in Facility.objects.filter(pk__in=ids).values_list("pk", "facility_type")
    }
    limit = SurnombreLimit(parameters_in_force())
    return weekly_occupancy(
        [WeekFact(f, week, theoretical, attended) for f, week, theoretical, attended in rows],
        lambda week: limit.weekly(kinds[week.facility_id], week.theoretical_minutes, week.week),
    )


def surnombre_breaches(*, facility_ids: Iterable[int], start_on: date, end_on: date) -> SurnombreBreaches:
    """The surnombre breaches of these facilities over the period, from the facts (refresh them first if the
    registry changed outside the hooks): the days with minutes over the instantaneous limit (115 % of the
    places of each moment), and the ISO weeks overlapping the period whose occupancy exceeds 100 %."""
    ids = set(facility_ids)
    days = [
        DayBreach(*row)
        for row in FacilityDayFact.objects.filter(
            facility_id__in=ids, on__range=(start_on, end_on), over_limit_minutes__gt=0
        )
        .order_by("facility_id", "on")
        .values_list("facility_id", "on", "places", "peak_presence", "peak_limit", "over_limit_minutes")
    ]
    weeks = [week for week in facility_weeks(facility_ids=ids, start_on=start_on, end_on=end_on) if week.over]
    return SurnombreBreaches(days, weeks)

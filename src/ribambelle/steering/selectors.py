"""Reading the facts into the indicators engine: the day facts summed in the database by facility (or
sector) and period, the month facts by month, then engines.indicators for the rates and their explanation.
The whole facility × month table of a year is two grouped queries, whatever the number of facilities."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncYear

from ribambelle.engines.indicators import DayFact, Grain, Indicator, Level, MonthBilled, Thresholds, indicators
from ribambelle.rules.parameters import ParameterValue
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.territory.models import Facility, Sector
from ribambelle.territory.selectors import parameters_in_force

THRESHOLDS_KEY = "psu.billing_rate_thresholds"
FORMULA_KEY = "psu.price_cap_formula"


@dataclass(frozen=True)
class IndicatorTable:
    level: Level
    grain: Grain
    rows: list[Indicator]
    names: dict[int, str]  # facility or sector names by id
    stale_months: int  # month facts still marked stale (billed minutes not up to date)


def _period(grain: Grain) -> Any:
    return {Grain.DAY: F("on"), Grain.MONTH: TruncMonth("on"), Grain.YEAR: TruncYear("on")}[grain]


def _scoped(queryset: QuerySet[Any], facility_ids: Collection[int] | None) -> QuerySet[Any]:
    return queryset if facility_ids is None else queryset.filter(facility_id__in=facility_ids)


def _day_facts(start_on: date, end_on: date, grain: Grain, facility_ids: Collection[int] | None) -> list[DayFact]:
    rows = (
        _scoped(FacilityDayFact.objects.filter(on__range=(start_on, end_on)), facility_ids)
        .annotate(period=_period(grain))
        .values("facility_id", "facility__sector_id", "period")
        .annotate(theoretical=Sum("theoretical_minutes"), attended=Sum("attended_minutes"))
        .values_list("facility_id", "facility__sector_id", "period", "theoretical", "attended")
        .order_by()
    )
    return [DayFact(f, s, period, theoretical, attended) for f, s, period, theoretical, attended in rows]


def _billed(start_on: date, end_on: date, facility_ids: Collection[int] | None) -> list[MonthBilled]:
    rows = _scoped(
        FacilityMonthFact.objects.filter(month__range=(start_on.replace(day=1), end_on)), facility_ids
    ).values_list("facility_id", "facility__sector_id", "month", "billed_minutes")
    return [MonthBilled(f, s, month, billed) for f, s, month, billed in rows]


@dataclass(frozen=True)
class Facts:
    """The facts of a set of facilities over a period, summed by facility and period of ``grain``."""

    days: list[DayFact]
    billed: list[MonthBilled]
    stale_months: int


def facts_read(*, start_on: date, end_on: date, grain: Grain, facility_ids: Collection[int] | None = None) -> Facts:
    """Two grouped queries (and a count), whatever the number of facilities; ``facility_ids`` None reads
    every facility of the database. Billed minutes count the months whose first day is in the period."""
    stale = _scoped(
        FacilityMonthFact.objects.filter(stale=True, month__range=(start_on.replace(day=1), end_on)), facility_ids
    ).count()
    return Facts(_day_facts(start_on, end_on, grain, facility_ids), _billed(start_on, end_on, facility_ids), stale)


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
    Billed minutes count the months whose first day falls in the period, entirely."""
    facts = facts_read(start_on=start_on, end_on=end_on, grain=grain)
    rows = indicators(facts.days, facts.billed, level=level, grain=grain, thresholds=billing_thresholds())
    names: dict[int, str] = {}
    if level is Level.FACILITY:
        names = dict(Facility.objects.values_list("pk", "name"))
    elif level is Level.SECTOR:
        names = dict(Sector.objects.values_list("pk", "name"))
    return IndicatorTable(level, grain, rows, names, facts.stale_months)

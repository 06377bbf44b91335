"""Keeping the indicator facts up to date: the day facts of a set of facilities and days (capacity from
the registry, presence from the attendance) and the month facts (billed minutes from the statements,
children enrolled from the contracts).

A refresh of day facts costs six queries whatever the number of facilities and days (facilities, opening
hours, authorisations with their slots, closures, periods of presence, local parameters), one upsert, and one
or two to mark the months."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from ribambelle.care.models import Contract
from ribambelle.care.statements import facilities_month_statements, month_end, statement_totals
from ribambelle.engines.indicators import NO_PRESENCE, day_presence_columns, limit_spans, theoretical_minutes
from ribambelle.steering.capacity import among, array, day_capacities, months
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.steering.presence import Periods, SurnombreLimit, periods
from ribambelle.steering.sections import section_facts_write
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import parameters_in_force

__all__ = [
    "day_capacities",
    "day_facts_refresh",
    "day_facts_refresh_covered",
    "facts_refresh",
    "month_facts_refresh",
    "month_facts_refresh_stale",
    "months_mark_stale",
    "months_mark_stale_existing",
    "months_roll_up",
]

_FACT_FIELDS = (
    "facility_id",
    "on",
    "theoretical_minutes",
    "attended_minutes",
    "places",
    "opening_minutes",
    "closed",
    "children",
    "peak_presence",
    "peak_limit",
    "over_limit_minutes",
)
_UPSERT = """
    INSERT INTO steering_facilitydayfact (facility_id, "on", theoretical_minutes, attended_minutes, places,
        opening_minutes, closed, children, peak_presence, peak_limit, over_limit_minutes)
    SELECT * FROM unnest(%s::bigint[], %s::date[], %s::int[], %s::int[], %s::int[], %s::int[], %s::bool[],
        %s::int[], %s::int[], %s::int[], %s::int[])
    ON CONFLICT (facility_id, "on") DO UPDATE SET theoretical_minutes = EXCLUDED.theoretical_minutes,
        attended_minutes = EXCLUDED.attended_minutes, places = EXCLUDED.places,
        opening_minutes = EXCLUDED.opening_minutes, closed = EXCLUDED.closed, children = EXCLUDED.children,
        peak_presence = EXCLUDED.peak_presence, peak_limit = EXCLUDED.peak_limit,
        over_limit_minutes = EXCLUDED.over_limit_minutes
"""
_Fact = tuple[int, date, int, int, int, int, bool, int, int, int | None, int]
_NO_PERIODS: Periods = ((), (), ())


def _upsert(facts: list[_Fact]) -> None:
    """Write the facts over the existing ones: every day of the period is written for each facility, so
    none is left behind. On PostgreSQL one statement over arrays (building a bulk_create's SQL for a
    network's day costs more than the refresh's target)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            columns = zip(*facts, strict=True) if facts else [()] * len(_FACT_FIELDS)
            cursor.execute(_UPSERT, [array(column) for column in columns])
        return
    FacilityDayFact.objects.bulk_create(
        [FacilityDayFact(**dict(zip(_FACT_FIELDS, fact, strict=True))) for fact in facts],
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["facility", "on"],
        update_fields=list(_FACT_FIELDS[2:]),
    )


@transaction.atomic
def day_facts_refresh(*, facility_ids: Iterable[int], start_on: date, end_on: date) -> int:
    """Recompute the day facts of these facilities from ``start_on`` to ``end_on`` (included), and mark their
    months' billed minutes stale; returns the number of facts written."""
    facilities = list(
        among(Facility.objects.all(), "id", sorted(set(facility_ids)))
        .order_by("pk")
        .values_list("pk", "opened_on", "closed_on", "facility_type")
    )
    ids = [pk for pk, _, _, _ in facilities]
    kinds = {pk: FacilityType(kind).regulatory_kind for pk, _, _, kind in facilities}
    capacities = day_capacities([(pk, o, c) for pk, o, c, _ in facilities], start_on, end_on)
    present = periods(ids, start_on, end_on)
    limit = SurnombreLimit(parameters_in_force()) if present else None
    facts: list[_Fact] = []
    for (facility_id, on), day in capacities.items():
        children, arrivals, departures = present.get((facility_id, on), _NO_PERIODS)
        presence = NO_PRESENCE
        if children and limit is not None:
            spans = limit_spans(day, limit.of(kinds[facility_id], on))
            presence = day_presence_columns(children, arrivals, departures, spans)
        facts.append(
            (
                facility_id,
                on,
                theoretical_minutes(day),
                sum(departures) - sum(arrivals),
                day.places,
                0 if day.opens is None or day.closes is None else day.closes - day.opens,
                day.closed,
                presence.children,
                presence.peak,
                presence.peak_limit,
                presence.over_limit_minutes,
            )
        )
    _upsert(facts)
    months_roll_up(facility_ids=ids, start_on=start_on, end_on=end_on)
    return len(facts)


def day_facts_refresh_covered(*, facility_id: int, start_on: date | None, end_on: date | None) -> int:
    """Recompute one facility's day facts between these days (None: unbounded) within the days its facts
    already cover (after a change of the registry: facts are not created for days never asked)."""
    covered = FacilityDayFact.objects.filter(facility_id=facility_id).aggregate(first=Min("on"), last=Max("on"))
    if covered["first"] is None:
        return 0
    first = covered["first"] if start_on is None else max(start_on, covered["first"])
    last = covered["last"] if end_on is None else min(end_on, covered["last"])
    if first > last:
        return 0
    return day_facts_refresh(facility_ids=[facility_id], start_on=first, end_on=last)


def months_mark_stale_existing(*, facility_id: int, start_on: date | None, end_on: date | None) -> int:
    """Mark stale the month facts that exist for one facility over the months of these days (None:
    unbounded), after a change of a contract; returns how many were marked."""
    facts = FacilityMonthFact.objects.filter(facility_id=facility_id, stale=False)
    if start_on is not None:
        facts = facts.filter(month__gte=start_on.replace(day=1))
    if end_on is not None:
        facts = facts.filter(month__lte=end_on)
    return facts.update(stale=True)


ROLL_UP = {
    "theoretical_minutes": Sum("theoretical_minutes"),
    "attended_minutes": Sum("attended_minutes"),
    "child_days": Sum("children"),
    "open_days": Count("pk", filter=Q(theoretical_minutes__gt=0)),
    "peak_daily": Max("children"),
    "peak_presence": Max("peak_presence"),
    "over_limit_minutes": Sum("over_limit_minutes"),
    "over_days": Count("pk", filter=Q(over_limit_minutes__gt=0)),
    "over_capacity_days": Count("pk", filter=Q(attended_minutes__gt=F("theoretical_minutes"))),
    "open_minutes": Coalesce(Sum("opening_minutes", filter=Q(theoretical_minutes__gt=0)), 0),
}
# One statement on PostgreSQL: the months of a network's day rolled up and marked stale together.
_ROLL_UP = """
    INSERT INTO steering_facilitymonthfact (facility_id, month, theoretical_minutes, attended_minutes, child_days,
        open_days, peak_daily, peak_presence, over_limit_minutes, over_days, over_capacity_days, open_minutes,
        billed_minutes, billed_amount, statements, errors, missing_choice, enrolled, stale)
    SELECT facility_id, date_trunc('month', "on")::date, SUM(theoretical_minutes), SUM(attended_minutes),
        SUM(children), COUNT(*) FILTER (WHERE theoretical_minutes > 0), MAX(children), MAX(peak_presence),
        SUM(over_limit_minutes), COUNT(*) FILTER (WHERE over_limit_minutes > 0),
        COUNT(*) FILTER (WHERE attended_minutes > theoretical_minutes),
        COALESCE(SUM(opening_minutes) FILTER (WHERE theoretical_minutes > 0), 0), 0, 0, 0, 0, '', 0, true
    FROM steering_facilitydayfact WHERE facility_id = ANY(%s::bigint[]) AND "on" BETWEEN %s AND %s
    GROUP BY 1, 2
    ON CONFLICT (facility_id, month) DO UPDATE SET theoretical_minutes = EXCLUDED.theoretical_minutes,
        attended_minutes = EXCLUDED.attended_minutes, child_days = EXCLUDED.child_days,
        open_days = EXCLUDED.open_days, peak_daily = EXCLUDED.peak_daily, peak_presence = EXCLUDED.peak_presence,
        over_limit_minutes = EXCLUDED.over_limit_minutes, over_days = EXCLUDED.over_days,
        over_capacity_days = EXCLUDED.over_capacity_days, open_minutes = EXCLUDED.open_minutes, stale = true
"""


def months_roll_up(*, facility_ids: Sequence[int], start_on: date, end_on: date) -> None:
    """Roll the day facts of these facilities up into their month facts, for every month the days touch
    (whole months), and mark those months' billing stale (month facts created if new)."""
    first = start_on.replace(day=1)
    last = month_end(end_on)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_ROLL_UP, [array(facility_ids), first, last])
        return
    rows = (
        FacilityDayFact.objects.filter(facility_id__in=facility_ids, on__range=(first, last))
        .annotate(month=TruncMonth("on"))
        .values("facility_id", "month")
        .annotate(**{f"new_{name}": value for name, value in ROLL_UP.items()})  # a same-named one sums itself
        .order_by()
    )
    FacilityMonthFact.objects.bulk_create(
        [
            FacilityMonthFact(
                facility_id=row["facility_id"], month=row["month"], stale=True, **{n: row[f"new_{n}"] for n in ROLL_UP}
            )
            for row in rows
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["facility", "month"],
        update_fields=[*ROLL_UP, "stale"],
    )


# One statement on PostgreSQL: a network's day marks 737 month facts (a read and an update otherwise).
_MARK_STALE = """
    INSERT INTO steering_facilitymonthfact (facility_id, month, theoretical_minutes, attended_minutes, child_days,
        open_days, peak_daily, peak_presence, over_limit_minutes, over_days, over_capacity_days, open_minutes,
        billed_minutes, billed_amount, statements, errors, missing_choice, enrolled, stale)
    SELECT f, m, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '', 0, true
    FROM unnest(%s::bigint[]) f CROSS JOIN unnest(%s::date[]) m
    ON CONFLICT (facility_id, month) DO UPDATE SET stale = true WHERE NOT steering_facilitymonthfact.stale
"""


def months_mark_stale(*, facility_ids: Sequence[int], start_on: date, end_on: date) -> None:
    """Mark the billed minutes of these facilities stale for the months of these days (created if new)."""
    touched = months(start_on, end_on)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_MARK_STALE, [list(facility_ids), touched])
        return
    facts = FacilityMonthFact.objects.filter(facility_id__in=facility_ids, month__in=touched)
    known = set(facts.values_list("facility_id", "month"))
    FacilityMonthFact.objects.bulk_create(
        [FacilityMonthFact(facility_id=f, month=m) for f in facility_ids for m in touched if (f, m) not in known],
        ignore_conflicts=True,
    )
    facts.filter(stale=False).update(stale=True)


def _enrolled(facility_ids: Sequence[int], month: date) -> dict[int, int]:
    """Distinct children with a contract in force (not cancelled) on at least one day of the month, by
    facility: one grouped query."""
    last = month_end(month)
    rows = (
        Contract.objects.overlapping(month, last)
        .filter(facility_id__in=facility_ids)
        .values("facility_id")
        .annotate(children=Count("child_id", distinct=True))
        .values_list("facility_id", "children")
        .order_by()
    )
    return dict(rows)


@transaction.atomic
def month_facts_refresh(*, facility_ids: Iterable[int], months: Iterable[date]) -> int:
    """Recompute the billed minutes of these facilities for these months (first days) from the monthly
    statements (care.statements, every facility of a month at once), and the children enrolled from the
    contracts, with their sections' facts; returns the number of month facts written."""
    facilities = list(Facility.objects.filter(pk__in=set(facility_ids)).order_by("pk"))
    written = 0
    for month in sorted(set(months)):
        enrolled = _enrolled([facility.pk for facility in facilities], month)
        results = facilities_month_statements(facilities=facilities, month=month)
        for result in results:
            totals = statement_totals(result.statements)
            FacilityMonthFact.objects.update_or_create(
                facility=result.facility,
                month=month,
                defaults={
                    "billed_minutes": totals.billed_minutes,
                    "billed_amount": totals.amount,
                    "statements": totals.statements,
                    "errors": totals.errors,
                    "missing_choice": "" if result.missing_choice is None else str(result.missing_choice)[:300],
                    "enrolled": enrolled.get(result.facility.pk, 0),
                    "stale": False,
                },
            )
            written += 1
        section_facts_write(results=results, month=month)
    return written


def month_facts_refresh_stale(
    *,
    start_on: date | None = None,
    end_on: date | None = None,
    scope: Q | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Recompute the month facts marked stale (of the months between these days, None: unbounded; of the
    month facts ``scope`` selects, None: every facility), month by month with every facility of a month at
    once; ``on_progress(done, total)`` before the first month and after each. Returns the months and the
    facts recomputed."""
    facts = FacilityMonthFact.objects.filter(stale=True)
    if scope is not None:
        facts = facts.filter(scope)
    if start_on is not None:
        facts = facts.filter(month__gte=start_on.replace(day=1))
    if end_on is not None:
        facts = facts.filter(month__lte=end_on)
    stale: defaultdict[date, set[int]] = defaultdict(set)
    for facility_id, month in facts.values_list("facility_id", "month"):
        stale[month].add(facility_id)
    if on_progress is not None:
        on_progress(0, len(stale))
    written = 0
    for done, month in enumerate(sorted(stale), start=1):
        written += month_facts_refresh(facility_ids=stale[month], months=[month])
        if on_progress is not None:
            on_progress(done, len(stale))
    return len(stale), written


def facts_refresh(*, start_on: date, end_on: date) -> tuple[int, int]:
    """Every fact of every facility over the period (first run, or after a change of the registry or of the
    contracts): the day facts, then the billed minutes of each month touched."""
    ids = list(Facility.objects.values_list("pk", flat=True))
    days = day_facts_refresh(facility_ids=ids, start_on=start_on, end_on=end_on)
    return days, month_facts_refresh(facility_ids=ids, months=months(start_on, end_on))

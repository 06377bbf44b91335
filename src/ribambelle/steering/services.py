"""Keeping the indicator facts up to date: the day facts of a set of facilities and days (capacity from
the registry, presence from the attendance) and the month facts (billed minutes from the statements).

A refresh of day facts costs six queries whatever the number of facilities and days (facilities, opening
hours, authorisations, their slots, closures, attended minutes), one upsert, and two to mark the months."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import ExtractHour, ExtractMinute

from ribambelle.care.models import Attendance
from ribambelle.care.statements import facilities_month_statements, statement_totals
from ribambelle.engines.indicators import DayCapacity, Slot, theoretical_minutes
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.territory.models import Authorisation, AuthorisationSlot, Closure, Facility, OpeningHours


def _minute(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _days(start_on: date, end_on: date) -> list[date]:
    return [start_on + timedelta(days=n) for n in range((end_on - start_on).days + 1)]


def _attended(facility_ids: Sequence[int], start_on: date, end_on: date) -> dict[tuple[int, date], int]:
    """Minutes of presence (departure − arrival, periods still open excluded) by facility and day."""
    minutes = (
        (ExtractHour("left_at") - ExtractHour("arrived_at")) * 60
        + ExtractMinute("left_at")
        - ExtractMinute("arrived_at")
    )
    rows = (
        Attendance.objects.filter(facility_id__in=facility_ids, on__range=(start_on, end_on), left_at__isnull=False)
        .values("facility_id", "on")
        .annotate(minutes=Sum(minutes))
        .values_list("facility_id", "on", "minutes")
        .order_by()
    )
    return {(facility, on): total for facility, on, total in rows}


def day_capacities(
    facilities: Sequence[tuple[int, date | None, date | None]], start_on: date, end_on: date
) -> dict[tuple[int, date], DayCapacity]:
    """The capacity inputs of each facility-day; ``facilities`` are (id, opened_on, closed_on)."""
    ids = [pk for pk, _, _ in facilities]
    hours = {
        (facility, weekday): (_minute(opens), _minute(closes))
        for facility, weekday, opens, closes in OpeningHours.objects.filter(facility_id__in=ids).values_list(
            "facility_id", "weekday", "opens_at", "closes_at"
        )
    }
    # (valid_from, expires_on, places, authorisation id) by facility, oldest first.
    authorisations: defaultdict[int, list[tuple[date, date | None, int, int]]] = defaultdict(list)
    for pk, facility, valid_from, expires_on, places in (
        Authorisation.objects.filter(facility_id__in=ids, valid_from__lte=end_on)
        .exclude(expires_on__lt=start_on)
        .order_by("valid_from")
        .values_list("pk", "facility_id", "valid_from", "expires_on", "capacity")
    ):
        authorisations[facility].append((valid_from, expires_on, places, pk))
    slots: defaultdict[int, list[Slot]] = defaultdict(list)
    used = [a[3] for found in authorisations.values() for a in found]
    for authorisation, starts_at, ends_at, places in (
        AuthorisationSlot.objects.filter(authorisation_id__in=used)
        .order_by("starts_at")
        .values_list("authorisation_id", "starts_at", "ends_at", "capacity")
    ):
        slots[authorisation].append(Slot(_minute(starts_at), _minute(ends_at), places))
    closed: set[tuple[int, date]] = set()
    for facility, first, last in (
        Closure.objects.filter(facility_id__in=ids)
        .overlapping(start_on, end_on)
        .values_list("facility_id", "start_on", "end_on")
    ):
        closed.update((facility, day) for day in _days(max(first, start_on), min(last, end_on)))
    capacities = {}
    days = _days(start_on, end_on)
    for pk, opened_on, closed_on in facilities:
        for day in days:
            # The latest authorisation in force that day applies (Authorisation's docstring).
            in_force = [a for a in authorisations[pk] if a[0] <= day and not (a[1] and a[1] < day)]
            opening = hours.get((pk, day.weekday()))
            shut = (opened_on is not None and day < opened_on) or (closed_on is not None and day > closed_on)
            if not in_force or opening is None:
                capacities[pk, day] = DayCapacity(places=0, opens=None, closes=None, closed=shut)
                continue
            _, _, places, authorisation = in_force[-1]
            capacities[pk, day] = DayCapacity(
                places=places,
                opens=opening[0],
                closes=opening[1],
                slots=tuple(slots[authorisation]),
                closed=shut or (pk, day) in closed,
            )
    return capacities


_FACT_FIELDS = ("facility_id", "on", "theoretical_minutes", "attended_minutes", "places", "opening_minutes", "closed")
_UPSERT = """
    INSERT INTO steering_facilitydayfact (facility_id, "on", theoretical_minutes, attended_minutes, places,
        opening_minutes, closed)
    SELECT * FROM unnest(%s::bigint[], %s::date[], %s::int[], %s::int[], %s::int[], %s::int[], %s::bool[])
    ON CONFLICT (facility_id, "on") DO UPDATE SET theoretical_minutes = EXCLUDED.theoretical_minutes,
        attended_minutes = EXCLUDED.attended_minutes, places = EXCLUDED.places,
        opening_minutes = EXCLUDED.opening_minutes, closed = EXCLUDED.closed
"""


def _upsert(facts: list[tuple[int, date, int, int, int, int, bool]]) -> None:
    """Write the facts over the existing ones: every day of the period is written for each facility, so
    none is left behind. On PostgreSQL one statement over arrays (building a bulk_create's SQL for a
    network's day costs more than the refresh's target)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, [list(column) for column in zip(*facts, strict=True)] if facts else [[]] * 7)
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
        Facility.objects.filter(pk__in=set(facility_ids)).order_by("pk").values_list("pk", "opened_on", "closed_on")
    )
    ids = [pk for pk, _, _ in facilities]
    capacities = day_capacities(facilities, start_on, end_on)
    attended = _attended(ids, start_on, end_on)
    facts = [
        (
            facility_id,
            on,
            theoretical_minutes(day),
            attended.get((facility_id, on), 0),
            day.places,
            0 if day.opens is None or day.closes is None else day.closes - day.opens,
            day.closed,
        )
        for (facility_id, on), day in capacities.items()
    ]
    _upsert(facts)
    months_mark_stale(facility_ids=ids, start_on=start_on, end_on=end_on)
    return len(facts)


def _months(start_on: date, end_on: date) -> list[date]:
    months, month = [], start_on.replace(day=1)
    while month <= end_on:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def months_mark_stale(*, facility_ids: Sequence[int], start_on: date, end_on: date) -> None:
    """Mark the billed minutes of these facilities stale for the months of these days (created if new)."""
    months = _months(start_on, end_on)
    facts = FacilityMonthFact.objects.filter(facility_id__in=facility_ids, month__in=months)
    known = set(facts.values_list("facility_id", "month"))
    FacilityMonthFact.objects.bulk_create(
        [FacilityMonthFact(facility_id=f, month=m) for f in facility_ids for m in months if (f, m) not in known],
        ignore_conflicts=True,
    )
    facts.filter(stale=False).update(stale=True)


@transaction.atomic
def month_facts_refresh(*, facility_ids: Iterable[int], months: Iterable[date]) -> int:
    """Recompute the billed minutes of these facilities for these months (first days) from the monthly
    statements (care.statements, every facility of a month at once); returns the number of facts written."""
    facilities = list(Facility.objects.filter(pk__in=set(facility_ids)).order_by("pk"))
    written = 0
    for month in sorted(set(months)):
        for result in facilities_month_statements(facilities=facilities, month=month):
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
                    "stale": False,
                },
            )
            written += 1
    return written


def month_facts_refresh_stale(*, start_on: date, end_on: date) -> int:
    """Recompute the month facts marked stale between these days, month by month."""
    stale: defaultdict[date, set[int]] = defaultdict(set)
    for facility_id, month in FacilityMonthFact.objects.filter(
        stale=True, month__range=(start_on.replace(day=1), end_on)
    ).values_list("facility_id", "month"):
        stale[month].add(facility_id)
    return sum(month_facts_refresh(facility_ids=ids, months=[month]) for month, ids in stale.items())


def facts_refresh(*, start_on: date, end_on: date) -> tuple[int, int]:
    """Every fact of every facility over the period (first run, or after a change of the registry or of the
    contracts): the day facts, then the billed minutes of each month touched."""
    ids = list(Facility.objects.values_list("pk", flat=True))
    days = day_facts_refresh(facility_ids=ids, start_on=start_on, end_on=end_on)
    return days, month_facts_refresh(facility_ids=ids, months=_months(start_on, end_on))

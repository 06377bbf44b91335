"""Keeping the indicator facts up to date: the day facts of a set of facilities and days (capacity from
the registry, presence from the attendance) and the month facts (billed minutes from the statements).

A refresh of day facts costs six queries whatever the number of facilities and days (facilities, opening
hours, authorisations, their slots, closures, attended minutes), then one delete and one bulk insert."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta

from django.db import transaction
from django.db.models import Prefetch, Sum
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


def _capacities(facilities: Sequence[Facility], start_on: date, end_on: date) -> dict[tuple[int, date], DayCapacity]:
    ids = [f.pk for f in facilities]
    hours = {(h.facility_id, h.weekday): h for h in OpeningHours.objects.filter(facility_id__in=ids)}
    authorisations: defaultdict[int, list[Authorisation]] = defaultdict(list)
    for authorisation in (
        Authorisation.objects.filter(facility_id__in=ids, valid_from__lte=end_on)
        .exclude(expires_on__lt=start_on)
        .prefetch_related(Prefetch("slots", AuthorisationSlot.objects.order_by("starts_at")))
        .order_by("valid_from")
    ):
        authorisations[authorisation.facility_id].append(authorisation)
    closed: set[tuple[int, date]] = set()
    for closure in Closure.objects.filter(facility_id__in=ids).overlapping(start_on, end_on):
        closed.update(
            (closure.facility_id, day) for day in _days(max(closure.start_on, start_on), min(closure.end_on, end_on))
        )
    capacities = {}
    for facility in facilities:
        for day in _days(start_on, end_on):
            # The latest authorisation in force that day applies (Authorisation's docstring).
            in_force = [
                a
                for a in authorisations[facility.pk]
                if a.valid_from <= day and not (a.expires_on and a.expires_on < day)
            ]
            opening = hours.get((facility.pk, day.weekday()))
            shut = (facility.opened_on is not None and day < facility.opened_on) or (
                facility.closed_on is not None and day > facility.closed_on
            )
            if not in_force or opening is None:
                capacities[facility.pk, day] = DayCapacity(places=0, opens=None, closes=None, closed=shut)
                continue
            authorisation = in_force[-1]
            capacities[facility.pk, day] = DayCapacity(
                places=authorisation.capacity,
                opens=_minute(opening.opens_at),
                closes=_minute(opening.closes_at),
                slots=tuple(
                    Slot(_minute(s.starts_at), _minute(s.ends_at), s.capacity) for s in authorisation.slots.all()
                ),
                closed=shut or (facility.pk, day) in closed,
            )
    return capacities


@transaction.atomic
def day_facts_refresh(*, facility_ids: Iterable[int], start_on: date, end_on: date) -> int:
    """Recompute the day facts of these facilities from ``start_on`` to ``end_on`` (included), and mark their
    months' billed minutes stale; returns the number of facts written."""
    facilities = list(Facility.objects.filter(pk__in=set(facility_ids)).order_by("pk"))
    ids = [f.pk for f in facilities]
    capacities = _capacities(facilities, start_on, end_on)
    attended = _attended(ids, start_on, end_on)
    facts = [
        FacilityDayFact(
            facility_id=facility_id,
            on=on,
            theoretical_minutes=theoretical_minutes(day),
            attended_minutes=attended.get((facility_id, on), 0),
            places=day.places,
            opening_minutes=0 if day.opens is None or day.closes is None else day.closes - day.opens,
            closed=day.closed,
        )
        for (facility_id, on), day in capacities.items()
    ]
    FacilityDayFact.objects.filter(facility_id__in=ids, on__range=(start_on, end_on)).delete()
    FacilityDayFact.objects.bulk_create(facts, batch_size=5000)
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
    FacilityMonthFact.objects.bulk_create(
        [FacilityMonthFact(facility_id=f, month=m) for f in facility_ids for m in months], ignore_conflicts=True
    )
    FacilityMonthFact.objects.filter(facility_id__in=facility_ids, month__in=months).update(stale=True)


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

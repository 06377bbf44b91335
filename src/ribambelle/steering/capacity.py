"""The capacity inputs of facility-days, read from the registry: the opening hours of the weekday, the
latest authorisation in force (and its slots when modulated), the closures and the facility's opening and
closing dates. Four queries whatever the number of facilities and days."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta
from typing import TypeVar

from django.db import connection
from django.db.models import BooleanField, Model, QuerySet
from django.db.models.expressions import RawSQL

from ribambelle.engines.indicators import DayCapacity, Slot
from ribambelle.territory.models import Authorisation, Closure, OpeningHours


def minute(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def days(start_on: date, end_on: date) -> list[date]:
    return [start_on + timedelta(days=n) for n in range((end_on - start_on).days + 1)]


def months(start_on: date, end_on: date) -> list[date]:
    """The first days of the months from ``start_on``'s to ``end_on``'s."""
    found, month = [], start_on.replace(day=1)
    while month <= end_on:
        found.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return found


_M = TypeVar("_M", bound=Model)


def array(values: Iterable[int | bool | date | None]) -> str:
    """The PostgreSQL literal of an array of integers, booleans, dates or None (NULL), for a parameter cast
    to its type (``%s::bigint[]``): psycopg adapts a list element by element in Python, and a network's day
    sends some 10,000 of them."""
    return "{" + ",".join(map(str, values)).replace("None", "NULL") + "}"  # no integer, boolean nor date says None


def among(queryset: QuerySet[_M], column: str, ids: Sequence[int]) -> QuerySet[_M]:
    """``queryset`` restricted to rows whose ``column`` is one of ``ids``. On PostgreSQL one array parameter
    (``= ANY``): a network's 737 placeholders would cost more to build and parse than the query to run."""
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{column}__in": ids})
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    condition = f"{table}.{connection.ops.quote_name(column)} = ANY(%s::bigint[])"
    return queryset.filter(RawSQL(condition, (array(ids),), output_field=BooleanField()))


def day_capacities(
    facilities: Sequence[tuple[int, date | None, date | None]], start_on: date, end_on: date
) -> dict[tuple[int, date], DayCapacity]:
    """The capacity inputs of each facility-day; ``facilities`` are (id, opened_on, closed_on)."""
    ids = [pk for pk, _, _ in facilities]
    every_day = days(start_on, end_on)
    weekdays = sorted({day.weekday() for day in every_day})
    hours = {
        (facility, weekday): (minute(opens), minute(closes))
        for facility, weekday, opens, closes in among(
            OpeningHours.objects.filter(weekday__in=weekdays), "facility_id", ids
        ).values_list("facility_id", "weekday", "opens_at", "closes_at")
    }
    # (valid_from, expires_on, places, authorisation id) by facility, oldest first, with their slots (one row
    # a slot, or one without a slot): a facility's authorisations have distinct starts, so their rows follow.
    authorisations: defaultdict[int, list[tuple[date, date | None, int, int]]] = defaultdict(list)
    slots: defaultdict[int, list[Slot]] = defaultdict(list)
    for pk, facility, valid_from, expires_on, places, starts_at, ends_at, slot_places in (
        among(Authorisation.objects.filter(valid_from__lte=end_on), "facility_id", ids)
        .exclude(expires_on__lt=start_on)
        .order_by("valid_from", "slots__starts_at")
        .values_list(
            "pk",
            "facility_id",
            "valid_from",
            "expires_on",
            "capacity",
            "slots__starts_at",
            "slots__ends_at",
            "slots__capacity",
        )
    ):
        if not authorisations[facility] or authorisations[facility][-1][3] != pk:
            authorisations[facility].append((valid_from, expires_on, places, pk))
        if starts_at is not None:
            slots[pk].append(Slot(minute(starts_at), minute(ends_at), slot_places))
    closed: set[tuple[int, date]] = set()
    for facility, first, last in (
        among(Closure.objects.all(), "facility_id", ids)
        .overlapping(start_on, end_on)
        .values_list("facility_id", "start_on", "end_on")
    ):
        closed.update((facility, day) for day in days(max(first, start_on), min(last, end_on)))
    capacities = {}
    for pk, opened_on, closed_on in facilities:
        for day in every_day:
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

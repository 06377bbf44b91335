"""The presence inputs of facility-days: the closed periods of attendance (one query), and the surnombre
limits (rules.facility_norms.overcapacity, its rates and rounding): instantaneous by number of places
(cached), weekly by hourly capacity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

import psycopg
from django.db import connection

from ribambelle.care.models import Attendance
from ribambelle.rules.capacity import FacilityKind
from ribambelle.rules.facility_norms import Overcapacity, overcapacity
from ribambelle.rules.parameters import ParameterNotInForce, ParameterSet
from ribambelle.steering.capacity import array, minute

# The periods of a facility-day as three columns: child ids, arrivals and departures (minutes after midnight).
Periods = tuple[Sequence[int], Sequence[int], Sequence[int]]
# On PostgreSQL the server computes the minutes and gathers each facility-day's periods into three arrays:
# some 700 rows instead of 23,000 for a network's day, handed to the sweep as they are. They come back in
# binary (a server-side binding cursor): parsing their 70,000 integers from text took some 3 ms more.
_PERIODS = """
    SELECT facility_id, "on", array_agg(child_id), array_agg(floor(date_part('epoch', arrived_at) / 60)::int),
        array_agg(floor(date_part('epoch', left_at) / 60)::int)
    FROM care_attendance
    WHERE facility_id = ANY(%s::bigint[]) AND "on" BETWEEN %s AND %s AND left_at IS NOT NULL
    GROUP BY facility_id, "on"
"""


def periods(facility_ids: Sequence[int], start_on: date, end_on: date) -> dict[tuple[int, date], Periods]:
    """The closed periods of presence by facility and day, as the columns (child ids, arrivals, departures)
    in minutes (engines.indicators.day_presence_columns); a period still open is left out, as from the
    attended minutes."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()  # Django's own cursor binds on the client side, which returns text only
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(_PERIODS, [array(facility_ids), start_on, end_on], binary=True)
            return {(f, on): (c, a, d) for f, on, c, a, d in cursor.fetchall()}
    found: defaultdict[tuple[int, date], tuple[list[int], list[int], list[int]]] = defaultdict(lambda: ([], [], []))
    for facility_id, on, child_id, arrived_at, left_at in (
        Attendance.objects.filter(facility_id__in=facility_ids, on__range=(start_on, end_on), left_at__isnull=False)
        .values_list("facility_id", "on", "child_id", "arrived_at", "left_at")
        .order_by()
    ):
        children, arrivals, departures = found[facility_id, on]
        children.append(child_id)
        arrivals.append(minute(arrived_at))
        departures.append(minute(left_at))
    return dict(found)


class SurnombreLimit:
    """The most children a facility of ``kind`` may hold at once with ``places`` authorised on ``on``: the
    instantaneous limit of rules.facility_norms.overcapacity (R2324-27). None when the rule does not apply:
    a crèche familiale, no place authorised, or a day before the rule's parameter."""

    def __init__(self, params: ParameterSet) -> None:
        self._params = params
        self._cache: dict[tuple[FacilityKind, int, date], int | None] = {}

    def __call__(self, kind: FacilityKind, places: int, on: date) -> int | None:
        key = (kind, places, on)
        if key not in self._cache:
            found = self._rule(kind, places, 0, on)
            self._cache[key] = None if found is None else found.instant_limit
        return self._cache[key]

    def weekly(self, kind: FacilityKind, place_minutes: int, monday: date) -> int | None:
        """The most child-minutes of a week whose hourly capacity is ``place_minutes`` (Σ places × opening
        minutes of its days, slot by slot): the rule's weekly limit, given that capacity as 1 × it."""
        found = self._rule(kind, 1, place_minutes, monday) if place_minutes > 0 else None
        return None if found is None else found.weekly_limit_minutes

    def _rule(self, kind: FacilityKind, capacity: int, weekly_minutes: int, on: date) -> Overcapacity | None:
        if kind is FacilityKind.FAMILIAL or capacity < 1:
            return None
        try:
            return overcapacity(
                self._params,
                kind=kind,
                capacity=capacity,
                present=0,
                weekly_child_minutes=0,
                weekly_opening_minutes=weekly_minutes,
                on=on,
            )
        except ParameterNotInForce:
            return None

    def of(self, kind: FacilityKind, on: date) -> Callable[[int], int | None]:
        """The limit by number of places for a facility of ``kind`` on ``on`` (engines.indicators.limit_spans)."""
        return partial(self, kind, on=on)

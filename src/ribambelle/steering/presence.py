"""The presence inputs of facility-days: the closed periods of attendance (one query), and the surnombre
limits (rules.facility_norms.overcapacity, its rates and rounding): instantaneous by number of places
(cached), weekly by hourly capacity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from django.db import connection

from ribambelle.care.models import Attendance
from ribambelle.rules.capacity import FacilityKind
from ribambelle.rules.facility_norms import Overcapacity, overcapacity
from ribambelle.rules.parameters import ParameterNotInForce, ParameterSet
from ribambelle.steering.capacity import minute

# On PostgreSQL the server computes the minutes and gathers each facility-day's periods into three arrays:
# some 700 rows instead of 23,000 for a network's day, the periods then zipped in C.
_PERIODS = """
    SELECT facility_id, "on", array_agg(child_id), array_agg(arrived), array_agg(departed)
    FROM (
        SELECT facility_id, "on", child_id,
            date_part('hour', arrived_at)::int * 60 + date_part('minute', arrived_at)::int AS arrived,
            date_part('hour', left_at)::int * 60 + date_part('minute', left_at)::int AS departed
        FROM care_attendance
        WHERE facility_id = ANY(%s) AND "on" BETWEEN %s AND %s AND left_at IS NOT NULL
    ) closed
    GROUP BY facility_id, "on"
"""


def periods(
    facility_ids: Sequence[int], start_on: date, end_on: date
) -> dict[tuple[int, date], list[tuple[int, int, int]]]:
    """The closed periods of presence by facility and day, as (child id, arrival, departure) in minutes
    (engines.indicators.Period's fields); a period still open is left out, as from the attended minutes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PERIODS, [list(facility_ids), start_on, end_on])
            return {(f, on): list(zip(c, a, d, strict=True)) for f, on, c, a, d in cursor.fetchall()}
    found: defaultdict[tuple[int, date], list[tuple[int, int, int]]] = defaultdict(list)
    for facility_id, on, child_id, arrived_at, left_at in (
        Attendance.objects.filter(facility_id__in=facility_ids, on__range=(start_on, end_on), left_at__isnull=False)
        .values_list("facility_id", "on", "child_id", "arrived_at", "left_at")
        .order_by()
    ):
        found[facility_id, on].append((child_id, minute(arrived_at), minute(left_at)))
    return found


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

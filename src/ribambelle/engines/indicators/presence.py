"""Presence of one facility-day from its periods of attendance: the children present, the peak of children
present at once, and the minutes during which presence exceeded the surnombre limit (R2324-27) in force at
that moment. A sweep over arrival and departure events; integer minutes after midnight, periods half-open
(a child leaving at 10:00 and one arriving at 10:00 are not present together)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import lt
from typing import NamedTuple

from ribambelle.engines.indicators.capacity import DayCapacity

DAY_MINUTES = 24 * 60


class Period(NamedTuple):
    """A child present from ``start`` to ``end`` (minutes after midnight, end excluded, end > start). The
    sweep takes any (child id, start, end) triple, or the periods' three columns (``day_presence_columns``:
    a network's day is some 25,000 periods, read as arrays)."""

    child_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LimitSpan:
    """The most children allowed at once from ``start`` to ``end`` (end excluded); None when no limit can
    be computed then (no place authorised, or a kind of facility the surnombre rule does not cover)."""

    start: int
    end: int
    limit: int | None


@dataclass(frozen=True, slots=True)
class DayPresence:
    children: int  # distinct children with at least one period
    peak: int  # most children present at once
    peak_limit: int | None  # the limit in force when the peak was first reached
    over_limit_minutes: int  # minutes with more children present than the limit in force


NO_PRESENCE = DayPresence(children=0, peak=0, peak_limit=None, over_limit_minutes=0)


def limit_spans(day: DayCapacity, limit_of: Callable[[int], int | None]) -> tuple[LimitSpan, ...]:
    """The limit over the whole day: ``limit_of(places)`` of the places of each moment, a slot's places
    inside the slot and the authorisation's places elsewhere (as for the capacity, whether open or not).
    ``limit_of`` is the surnombre rule with its rounding, given by the caller."""
    spans, cursor = [], 0
    for slot in sorted(day.slots, key=lambda s: s.start):
        start, end = max(slot.start, cursor, 0), min(slot.end, DAY_MINUTES)
        if end <= start:
            continue
        if start > cursor:
            spans.append(LimitSpan(cursor, start, limit_of(day.places)))
        spans.append(LimitSpan(start, end, limit_of(slot.places)))
        cursor = end
    if cursor < DAY_MINUTES:
        spans.append(LimitSpan(cursor, DAY_MINUTES, limit_of(day.places)))
    return tuple(spans)


def _intervals(
    children: Sequence[int], starts: Sequence[int], ends: Sequence[int]
) -> tuple[int, Sequence[int], Sequence[int]]:
    """The number of children, and the starts and ends of their periods as intervals during which each child
    counts once: a child's overlapping or touching periods are merged. The usual day (one period a child)
    is kept as it is."""
    if len(set(children)) == len(children) and all(map(lt, starts, ends)):
        return len(children), starts, ends
    kept = sorted(period for period in zip(children, starts, ends, strict=True) if period[2] > period[1])
    if not kept:
        return 0, (), ()
    merged_starts: list[int] = []
    merged_ends: list[int] = []
    child, start, end = kept[0]
    for next_child, next_start, next_end in kept[1:]:
        if next_child != child or next_start > end:
            merged_starts.append(start)
            merged_ends.append(end)
            child, start, end = next_child, next_start, next_end
        else:
            end = max(end, next_end)
    merged_starts.append(start)
    merged_ends.append(end)
    return len({child_id for child_id, _, _ in kept}), merged_starts, merged_ends


def _limit_at(spans: Sequence[LimitSpan], moment: int) -> int | None:
    return next((span.limit for span in spans if span.start <= moment < span.end), None)


def day_presence(periods: Sequence[tuple[int, int, int]], limits: Sequence[LimitSpan] = ()) -> DayPresence:
    """Sweep the day of these (child id, start, end) periods: ``day_presence_columns`` of their columns."""
    if not periods:
        return NO_PRESENCE
    children, starts, ends = zip(*periods, strict=True)
    return day_presence_columns(children, starts, ends, limits)


def day_presence_columns(
    children: Sequence[int], starts: Sequence[int], ends: Sequence[int], limits: Sequence[LimitSpan] = ()
) -> DayPresence:
    """Sweep the day of the periods given as three columns of the same length (child ids, starts, ends: a
    database's arrays, without a tuple a period). Events are encoded as ``2 × minute + 1`` for an arrival
    and ``2 × minute`` for a departure, so that sorting puts departures first at the same minute; the
    running sum is then the number of children present from that event to the next, and its maximum the
    peak. A span of limit is swept only when more children than its limit were present during it.
    ``limits`` are disjoint spans; time outside every span has no limit."""
    count, starts, ends = _intervals(children, starts, ends)
    if not starts:
        return NO_PRESENCE
    events = sorted([2 * start + 1 for start in starts] + [2 * end for end in ends])
    running = list(accumulate([1 if event & 1 else -1 for event in events]))
    peak = max(running)
    peak_limit = _limit_at(limits, events[running.index(peak)] >> 1)
    over = 0
    for span in limits:
        if span.limit is None or span.limit >= peak:
            continue
        first, last = bisect_left(events, 2 * span.start), bisect_left(events, 2 * span.end)
        present = running[first - 1] if first else 0  # the count carried into the span
        if present <= span.limit and max(running[first:last], default=0) <= span.limit:
            continue
        moment = span.start
        for index in range(first, last):
            if present > span.limit:
                over += (events[index] >> 1) - moment
            moment, present = events[index] >> 1, running[index]
        if present > span.limit:
            over += span.end - moment
    return DayPresence(children=count, peak=peak, peak_limit=peak_limit, over_limit_minutes=over)

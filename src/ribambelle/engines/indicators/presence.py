"""Presence of one facility-day from its periods of attendance: the children present, the peak of children
present at once, and the minutes during which presence exceeded the surnombre limit (R2324-27) in force at
that moment. A sweep over arrival and departure events; integer minutes after midnight, periods half-open
(a child leaving at 10:00 and one arriving at 10:00 are not present together)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from ribambelle.engines.indicators.capacity import DayCapacity

DAY_MINUTES = 24 * 60


class Period(NamedTuple):
    """A child present from ``start`` to ``end`` (minutes after midnight, end excluded, end > start). The
    sweep takes any (child id, start, end) triple: a network's day is some 25,000 of them, zipped from the
    database's arrays without building a named tuple each."""

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


def _intervals(periods: Sequence[tuple[int, int, int]]) -> tuple[int, list[tuple[int, int]]]:
    """The number of children, and their periods as intervals during which each child counts once: a
    child's overlapping or touching periods are merged."""
    kept = [(child_id, start, end) for child_id, start, end in periods if end > start]
    children = {child_id for child_id, _, _ in kept}
    if len(children) == len(kept):
        return len(children), [(start, end) for _, start, end in kept]
    merged: list[tuple[int, int]] = []
    kept.sort()
    child, start, end = kept[0]
    for next_child, next_start, next_end in kept[1:]:
        if next_child != child or next_start > end:
            merged.append((start, end))
            child, start, end = next_child, next_start, next_end
        else:
            end = max(end, next_end)
    merged.append((start, end))
    return len(children), merged


def _limit_at(spans: Sequence[LimitSpan], moment: int) -> int | None:
    return next((span.limit for span in spans if span.start <= moment < span.end), None)


def day_presence(periods: Sequence[tuple[int, int, int]], limits: Sequence[LimitSpan] = ()) -> DayPresence:
    """Sweep the day. Events are encoded as ``2 × minute + 1`` for an arrival and ``2 × minute`` for a
    departure, so that sorting puts departures first at the same minute; the running sum is then the number
    of children present from that event to the next, and its maximum the peak. A span of limit is swept
    only when more children than its limit were present during it. ``limits`` are disjoint spans; time
    outside every span has no limit."""
    children, intervals = _intervals(periods)
    if not intervals:
        return NO_PRESENCE
    events = sorted([2 * start + 1 for start, _ in intervals] + [2 * end for _, end in intervals])
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
    return DayPresence(children=children, peak=peak, peak_limit=peak_limit, over_limit_minutes=over)

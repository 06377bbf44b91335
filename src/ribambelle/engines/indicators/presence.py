"""Presence of one facility-day from its periods of attendance: the children present, the peak of children
present at once, and the minutes during which presence exceeded the surnombre limit (R2324-27) in force at
that moment. A sweep over arrival and departure events; integer minutes after midnight, periods half-open
(a child leaving at 10:00 and one arriving at 10:00 are not present together)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ribambelle.engines.indicators.capacity import DayCapacity

DAY_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True)
class Period:
    """A child present from ``start`` to ``end`` (minutes after midnight, end excluded, end > start)."""

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


def _merged(periods: Iterable[Period]) -> tuple[int, list[tuple[int, int]]]:
    """The number of children, and each child's periods as disjoint intervals (a child counts once even
    if two of its periods overlap)."""
    by_child: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for period in periods:
        if period.end > period.start:
            by_child[period.child_id].append((period.start, period.end))
    merged: list[tuple[int, int]] = []
    for intervals in by_child.values():
        if len(intervals) == 1:
            merged.append(intervals[0])
            continue
        intervals.sort()
        start, end = intervals[0]
        for next_start, next_end in intervals[1:]:
            if next_start > end:
                merged.append((start, end))
                start, end = next_start, next_end
            else:
                end = max(end, next_end)
        merged.append((start, end))
    return len(by_child), merged


def day_presence(periods: Iterable[Period], limits: Sequence[LimitSpan] = ()) -> DayPresence:
    """Sweep the day. Between two consecutive event times (arrivals, departures, changes of limit) the
    number of children present and the limit are constant; such an interval counts over the limit when a
    limit is known then and the count exceeds it. ``limits`` are disjoint spans; time outside every span
    has no limit."""
    children, intervals = _merged(periods)
    if not intervals:
        return NO_PRESENCE
    delta: defaultdict[int, int] = defaultdict(int)
    for start, end in intervals:
        delta[start] += 1
        delta[end] -= 1
    spans = sorted(limits, key=lambda s: s.start)
    for span in spans:
        delta[span.start] += 0  # a change of limit is an event time
        delta[span.end] += 0
    times = sorted(delta)
    span_index, present, peak, over = 0, 0, 0, 0
    peak_limit: int | None = None
    for index, moment in enumerate(times[:-1]):
        present += delta[moment]
        while span_index < len(spans) and spans[span_index].end <= moment:
            span_index += 1
        in_span = span_index < len(spans) and spans[span_index].start <= moment
        limit = spans[span_index].limit if in_span else None
        if present > peak:
            peak, peak_limit = present, limit
        if limit is not None and present > limit:
            over += times[index + 1] - moment
    return DayPresence(children=children, peak=peak, peak_limit=peak_limit, over_limit_minutes=over)

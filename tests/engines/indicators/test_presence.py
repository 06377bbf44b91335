from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from ribambelle.engines.indicators import (
    NO_PRESENCE,
    DayCapacity,
    LimitSpan,
    Period,
    Slot,
    day_presence,
    day_presence_columns,
    limit_spans,
)
from ribambelle.engines.indicators.presence import DAY_MINUTES


def _limit(places: int) -> int | None:
    # 115 % rounded down, as rules.facility_norms.overcapacity does (no limit without places).
    return None if places < 1 else places * 115 // 100


def test_no_period_no_presence():
    assert day_presence([], [LimitSpan(0, DAY_MINUTES, 1)]) == NO_PRESENCE


def test_children_peak_and_no_breach():
    """A 8:00–12:00, B 9:00–17:00, C 13:00–18:00: at most two at once (9–12 and 13–17)."""
    periods = [Period(1, 480, 720), Period(2, 540, 1020), Period(3, 780, 1080)]

    presence = day_presence(periods, [LimitSpan(0, DAY_MINUTES, 2)])

    assert (presence.children, presence.peak, presence.peak_limit, presence.over_limit_minutes) == (3, 2, 2, 0)


def test_leaving_and_arriving_at_the_same_minute_are_not_simultaneous():
    periods = [Period(1, 480, 600), Period(2, 600, 720)]

    presence = day_presence(periods, [LimitSpan(0, DAY_MINUTES, 1)])

    assert presence.peak == 1
    assert presence.over_limit_minutes == 0


def test_minutes_over_the_limit():
    """Limit 2; three children together from 9:30 to 10:15, then four from 10:00 to 10:15: 45 minutes over."""
    periods = [Period(1, 480, 720), Period(2, 540, 660), Period(3, 570, 615), Period(4, 600, 615)]

    presence = day_presence(periods, [LimitSpan(0, DAY_MINUTES, 2)])

    assert presence.peak == 4
    assert presence.over_limit_minutes == 45


def test_a_child_with_two_overlapping_periods_counts_once():
    periods = [Period(1, 480, 600), Period(1, 540, 720), Period(1, 720, 800), Period(2, 700, 710)]

    presence = day_presence(periods, [LimitSpan(0, DAY_MINUTES, 1)])

    assert (presence.children, presence.peak, presence.over_limit_minutes) == (2, 2, 10)


def test_the_limit_of_each_slot_applies():
    """20 places, 10 from 7:00 to 9:00 (limits 23 and 11): 12 children from 8:30 to 9:30 exceed the slot's
    limit for 30 minutes only."""
    day = DayCapacity(places=20, opens=420, closes=1140, slots=(Slot(start=420, end=540, places=10),))
    spans = limit_spans(day, _limit)
    periods = [Period(child, 510, 570) for child in range(12)]

    presence = day_presence(periods, spans)

    assert spans == (LimitSpan(0, 420, 23), LimitSpan(420, 540, 11), LimitSpan(540, DAY_MINUTES, 23))
    assert (presence.peak, presence.peak_limit, presence.over_limit_minutes) == (12, 11, 30)


def test_no_limit_no_breach():
    day = DayCapacity(places=0, opens=None, closes=None)
    periods = [Period(child, 480, 600) for child in range(5)]

    presence = day_presence(periods, limit_spans(day, _limit))

    assert (presence.peak, presence.peak_limit, presence.over_limit_minutes) == (5, None, 0)


_periods = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, DAY_MINUTES - 1), st.integers(1, 600)).map(
        lambda t: Period(t[0], t[1], min(DAY_MINUTES, t[1] + t[2]))
    ),
    max_size=25,
)
_slots = st.lists(st.tuples(st.integers(0, DAY_MINUTES - 1), st.integers(1, 600), st.integers(0, 8)), max_size=3).map(
    lambda found: tuple(Slot(s, min(DAY_MINUTES, s + n), p) for s, n, p in found)
)


def _disjoint(slots: tuple[Slot, ...]) -> tuple[Slot, ...]:
    kept: list[Slot] = []
    for slot in sorted(slots, key=lambda s: s.start):
        if not kept or slot.start >= kept[-1].end:
            kept.append(slot)
    return tuple(kept)


@given(periods=_periods, places=st.integers(0, 8), slots=_slots)
def test_the_sweep_agrees_with_counting_minute_by_minute(periods, places, slots):
    day = DayCapacity(places=places, opens=420, closes=1140, slots=_disjoint(slots))
    spans = limit_spans(day, _limit)
    counts = [len({p.child_id for p in periods if p.start <= m < p.end}) for m in range(DAY_MINUTES)]
    limits = [next(s.limit for s in spans if s.start <= m < s.end) for m in range(DAY_MINUTES)]

    presence = day_presence(periods, spans)

    assert presence.children == len({p.child_id for p in periods})
    assert presence.peak == max(counts, default=0)
    assert presence.over_limit_minutes == sum(
        1 for count, limit in zip(counts, limits, strict=True) if limit is not None and count > limit
    )
    if presence.peak:
        assert presence.peak_limit == limits[counts.index(presence.peak)]


@given(periods=_periods, limit=st.integers(0, 8))
def test_laws(periods, limit):
    presence = day_presence(periods, [LimitSpan(0, DAY_MINUTES, limit)])
    present_minutes = len({m for p in periods for m in range(p.start, p.end)})

    assert presence.peak <= presence.children
    assert presence.over_limit_minutes <= present_minutes
    if presence.peak <= limit:
        assert presence.over_limit_minutes == 0
    else:
        assert presence.over_limit_minutes > 0
    assert day_presence(list(reversed(periods)), [LimitSpan(0, DAY_MINUTES, limit)]) == presence


@given(periods=_periods, limit=st.integers(0, 8))
def test_the_periods_columns_sweep_as_their_triples(periods, limit):
    """A database hands the periods over as three arrays (child ids, starts, ends)."""
    limits = [LimitSpan(0, DAY_MINUTES, limit)]
    columns = [list(column) for column in zip(*periods, strict=True)] or [[], [], []]

    assert day_presence_columns(*columns, limits) == day_presence(periods, limits)


def test_the_spans_cover_the_day_whatever_the_slots():
    day = DayCapacity(
        places=4, opens=420, closes=1140, slots=(Slot(1400, 1500, 2), Slot(100, 200, 3), Slot(150, 300, 1))
    )

    spans = limit_spans(day, _limit)

    assert spans[0].start == 0 and spans[-1].end == DAY_MINUTES
    assert all(a.end == b.start for a, b in pairwise(spans))


@given(
    periods=_periods, spans=st.lists(st.tuples(st.integers(0, DAY_MINUTES - 1), st.integers(1, 300), st.integers(0, 3)))
)
def test_time_outside_every_span_has_no_limit(periods, spans):
    limits = []
    for start, length, limit in sorted(spans):
        if not limits or start >= limits[-1].end:
            limits.append(LimitSpan(start, min(DAY_MINUTES, start + length), limit))
    counts = [len({p.child_id for p in periods if p.start <= m < p.end}) for m in range(DAY_MINUTES)]
    at = [next((s.limit for s in limits if s.start <= m < s.end), None) for m in range(DAY_MINUTES)]

    presence = day_presence(periods, limits)

    assert presence.over_limit_minutes == sum(
        1 for c, lim in zip(counts, at, strict=True) if lim is not None and c > lim
    )

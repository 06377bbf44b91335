"""Weekly schedules of the generated contracts and times of occasional sessions, always inside the
facility's opening hours (minutes since midnight)."""

from __future__ import annotations

import enum
import random

# A contracted period: weekday (0 = Monday), arrival and departure in minutes since midnight.
Period = tuple[int, int, int]
# A facility's opening and closing minute, by weekday.
Hours = dict[int, tuple[int, int]]

WEDNESDAY, FRIDAY = 2, 4
MIN_PERIOD = 120
_ARRIVALS = (450, 480, 480, 495, 510, 510, 525, 540, 540, 555, 570)  # 7:30 to 9:30, mostly 8:00 to 9:00
_DAY_LENGTHS = tuple(range(450, 631, 15))  # 7 h 30 to 10 h 30
_EARLY_FRIDAY_SHARE = 0.25
_SKIP_WEDNESDAY_SHARE = 0.7


class Style(enum.Enum):
    """How a child's day is shaped."""

    DAY = "the whole day"
    MORNING = "mornings only"
    SPLIT = "a morning and an afternoon, lunch at home"
    AFTERNOON = "afternoons only (occasional sessions)"


def regular_days(
    rng: random.Random, room: list[int], open_days: list[int], *, full_time_share: float, halte: bool
) -> tuple[int, ...] | None:
    """The weekdays of a new regular contract among the days with ``room`` left: full time when every day
    has room and the draw says so, else three or four days (two to four in a halte-garderie), Wednesday
    skipped more often than not; None when fewer than two days are left."""
    if len(room) < 2:
        return None
    if not halte and len(room) == len(open_days) and rng.random() < full_time_share:
        return tuple(open_days)
    wanted = rng.choice((2, 2, 3, 4)) if halte else rng.choice((3, 4, 4))
    candidates = list(room)
    if WEDNESDAY in candidates and len(candidates) > wanted and rng.random() < _SKIP_WEDNESDAY_SHARE:
        candidates.remove(WEDNESDAY)
    days = sorted(rng.sample(candidates, min(wanted, len(candidates))))
    return tuple(days) if len(days) >= 2 else None


def regular_style(rng: random.Random, *, halte: bool) -> Style:
    if not halte:
        return Style.DAY
    return rng.choices((Style.DAY, Style.MORNING, Style.SPLIT), (5, 3, 2))[0]


def weekly_schedule(rng: random.Random, hours: Hours, days: tuple[int, ...], style: Style) -> tuple[Period, ...]:
    """The same hours every contracted day (some leave earlier on Fridays), clipped to each day's opening
    hours; a day too short once clipped is dropped."""
    arrival, length = rng.choice(_ARRIVALS), rng.choice(_DAY_LENGTHS)
    early_friday = rng.random() < _EARLY_FRIDAY_SHARE
    morning_end, afternoon = rng.choice((690, 705, 720)), (rng.choice((810, 825, 840)), rng.choice((1020, 1050)))
    periods: list[Period] = []
    for day in days:
        opens, closes = hours[day]
        if style == Style.DAY:
            end = arrival + length - (rng.choice((60, 90)) if early_friday and day == FRIDAY else 0)
            wanted = [(arrival, end)]
        elif style == Style.MORNING:
            wanted = [(arrival + 30, morning_end)]
        else:
            wanted = [(arrival + 30, morning_end), afternoon]
        for start, end in wanted:
            start, end = max(opens, start), min(closes, end)
            if end - start >= MIN_PERIOD:
                periods.append((day, start, end))
    return tuple(periods)


def cast_schedule(hours: Hours, days: tuple[int, ...]) -> tuple[Period, ...]:
    """The cast's 8:30 to 17:30 (tests/cast.py), clipped to the facility's hours."""
    periods = []
    for day in days:
        opens, closes = hours[day]
        periods.append((day, max(opens, 510), min(closes, 1050)))
    return tuple(periods)


def session(rng: random.Random, opens: int, closes: int, style: Style) -> tuple[int, int] | None:
    """The arrival and departure of one occasional session, or None when the day is too short for it."""
    if style == Style.AFTERNOON:
        start, end = 810 + 15 * rng.randrange(3), 990 + 15 * rng.randrange(5)
    elif style == Style.MORNING:
        start, end = 510 + 15 * rng.randrange(5), 690 + 15 * rng.randrange(4)
    else:
        start, end = 510 + 15 * rng.randrange(5), 960 + 15 * rng.randrange(7)
    start, end = max(opens, start), min(closes, end)
    return (start, end) if end - start >= MIN_PERIOD else None

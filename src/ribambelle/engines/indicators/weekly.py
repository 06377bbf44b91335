"""Weekly occupancy of a facility (ISO week, Monday to Sunday): Σ attended minutes / Σ theoretical
place-minutes of the week's day facts, against the weekly surnombre limit (R2324-27 1°: at most 100 % of the
weekly hourly capacity). The limit itself comes from the rule, through the caller."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ribambelle.engines.indicators.aggregate import rate
from ribambelle.engines.indicators.model import Rate


def week_start(on: date) -> date:
    """The Monday of the ISO week of ``on``."""
    return on - timedelta(days=on.weekday())


@dataclass(frozen=True, slots=True)
class WeekFact:
    """The day facts of one facility summed over one ISO week (``week`` is its Monday)."""

    facility_id: int
    week: date
    theoretical_minutes: int
    attended_minutes: int


@dataclass(frozen=True, slots=True)
class WeekOccupancy:
    """``occupancy`` = attended / theoretical; ``limit_minutes`` the most child-minutes the weekly limit
    allows (None when no limit applies: a crèche familiale, no capacity that week); ``over`` when the
    attended minutes exceed it."""

    facility_id: int
    week: date
    occupancy: Rate
    limit_minutes: int | None
    over: bool


def weekly_occupancy(weeks: Iterable[WeekFact], limit_of: Callable[[WeekFact], int | None]) -> list[WeekOccupancy]:
    """One row per facility-week, ordered by facility then week."""
    found = []
    for week in sorted(weeks, key=lambda w: (w.facility_id, w.week)):
        limit = limit_of(week) if week.theoretical_minutes else None
        occupancy = rate("weekly_occupancy", "attended / theoretical", week.attended_minutes, week.theoretical_minutes)
        over = limit is not None and week.attended_minutes > limit
        found.append(WeekOccupancy(week.facility_id, week.week, occupancy, limit, over))
    return found

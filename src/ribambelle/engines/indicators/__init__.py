"""The indicators engine: per facility-day facts (theoretical and attended minutes) and per facility-month
billed minutes → occupancy and billing rates by facility, sector or territory and by day, month or year,
each with its formula and inputs. Pure Python, integer minutes, exact fractions. See docs/indicators.md."""

from __future__ import annotations

from ribambelle.engines.indicators.aggregate import (
    average,
    band_of,
    daily_presence,
    indicators,
    period_start,
    rate,
    thresholds_on,
)
from ribambelle.engines.indicators.capacity import DayCapacity, Slot, theoretical_minutes
from ribambelle.engines.indicators.model import (
    Band,
    BillingBand,
    DailyPresence,
    DayFact,
    Grain,
    GroupDay,
    Indicator,
    Level,
    MonthBilled,
    Presence,
    Rate,
    Thresholds,
)
from ribambelle.engines.indicators.presence import (
    NO_PRESENCE,
    DayPresence,
    LimitSpan,
    Period,
    day_presence,
    day_presence_columns,
    limit_spans,
)
from ribambelle.engines.indicators.weekly import WeekFact, WeekOccupancy, week_start, weekly_occupancy

__all__ = [
    "NO_PRESENCE",
    "Band",
    "BillingBand",
    "DailyPresence",
    "DayCapacity",
    "DayFact",
    "DayPresence",
    "Grain",
    "GroupDay",
    "Indicator",
    "Level",
    "LimitSpan",
    "MonthBilled",
    "Period",
    "Presence",
    "Rate",
    "Slot",
    "Thresholds",
    "WeekFact",
    "WeekOccupancy",
    "average",
    "band_of",
    "daily_presence",
    "day_presence",
    "day_presence_columns",
    "indicators",
    "limit_spans",
    "period_start",
    "rate",
    "theoretical_minutes",
    "thresholds_on",
    "week_start",
    "weekly_occupancy",
]

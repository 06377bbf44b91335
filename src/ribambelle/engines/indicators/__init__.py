"""The indicators engine: per facility-day facts (theoretical and attended minutes) and per facility-month
billed minutes → occupancy and billing rates by facility, sector or territory and by day, month or year,
each with its formula and inputs. Pure Python, integer minutes, exact fractions. See docs/indicators.md."""

from __future__ import annotations

from ribambelle.engines.indicators.aggregate import band_of, indicators, period_start, rate, thresholds_on
from ribambelle.engines.indicators.capacity import DayCapacity, Slot, theoretical_minutes
from ribambelle.engines.indicators.model import (
    Band,
    BillingBand,
    DayFact,
    Grain,
    Indicator,
    Level,
    MonthBilled,
    Rate,
    Thresholds,
)
from ribambelle.engines.indicators.presence import (
    NO_PRESENCE,
    DayPresence,
    LimitSpan,
    Period,
    day_presence,
    limit_spans,
)

__all__ = [
    "NO_PRESENCE",
    "Band",
    "BillingBand",
    "DayCapacity",
    "DayFact",
    "DayPresence",
    "Grain",
    "Indicator",
    "Level",
    "LimitSpan",
    "MonthBilled",
    "Period",
    "Rate",
    "Slot",
    "Thresholds",
    "band_of",
    "day_presence",
    "indicators",
    "limit_spans",
    "period_start",
    "rate",
    "theoretical_minutes",
    "thresholds_on",
]

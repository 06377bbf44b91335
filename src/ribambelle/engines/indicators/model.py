"""The engine's inputs and outputs: frozen dataclasses of plain values (integer minutes, dates, ids)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Level(StrEnum):
    FACILITY = "facility"
    SECTION = "section"  # by month or year only: a section's facts are monthly (docs/indicators.md)
    SECTOR = "sector"
    TERRITORY = "territory"


class Grain(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Band(StrEnum):
    """Where a billing rate falls among the PSU thresholds (psu.billing_rate_thresholds)."""

    FULL = "full"  # rate ≤ low: the highest prix plafond
    DECLINING = "declining"  # low < rate < high: the prix plafond declines (linearly from 2025)
    FLOOR = "floor"  # rate ≥ high: the lowest prix plafond


@dataclass(frozen=True, slots=True)
class DayFact:
    """Place-minutes of capacity and minutes of presence of one facility on one day (or summed over the
    days of a period, ``on`` its first day), with the highest peak of children present at once, the minutes
    over the surnombre limit and the number of days with such minutes. A section's month carries its
    ``section_id`` (None: the facility's presence outside its sections)."""

    facility_id: int
    sector_id: int | None
    on: date
    theoretical_minutes: int
    attended_minutes: int
    peak_presence: int = 0
    over_limit_minutes: int = 0
    over_limit_days: int = 0
    section_id: int | None = None


@dataclass(frozen=True, slots=True)
class GroupDay:
    """Children present in a group (facility, sector or territory) on one day, and whether it opened (a
    day with capacity)."""

    group_id: int | None
    on: date
    children: int
    open: bool


@dataclass(frozen=True, slots=True)
class DailyPresence:
    """The daily presence of a group over a period: Σ children present each day (child-days), the days it
    opened, and the most children present on one day."""

    group_id: int | None
    period: date
    children: int
    open_days: int
    peak_daily: int


@dataclass(frozen=True, slots=True)
class Presence:
    """The presence figures of an indicator. ``average`` = children / open days (half up to 2 places, None
    without an open day); ``peak`` is the highest peak of children present at once in one facility of the
    group, not a sum over facilities; ``enrolled`` exists by month only (a contract in force that month)."""

    children: int = 0
    open_days: int = 0
    average: Decimal | None = None
    peak_daily: int = 0
    peak: int = 0
    over_limit_days: int = 0
    over_limit_minutes: int = 0
    enrolled: int | None = None


@dataclass(frozen=True, slots=True)
class MonthBilled:
    """Minutes billed to families by one facility (or one of its sections) over one month (``month`` is its
    first day), and the children enrolled."""

    facility_id: int
    sector_id: int | None
    month: date
    billed_minutes: int
    enrolled: int = 0
    section_id: int | None = None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The billing-rate thresholds in force from ``effective_on`` (fractions: 1.07 = 107 %)."""

    effective_on: date
    low: Decimal
    high: Decimal
    formula: str
    reference: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class Rate:
    """A ratio of two minute totals, rounded half up to 4 places; None when the denominator is zero."""

    name: str
    formula: str
    numerator: int
    denominator: int
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class BillingBand:
    band: Band
    thresholds: Thresholds


@dataclass(frozen=True, slots=True)
class Indicator:
    """The figures of one group (a facility, a sector or the territory) over one period. Billed minutes
    exist by month and year only (a statement is monthly), so they are None by day."""

    level: Level
    group_id: int | None  # facility, section or sector id; None for the territory, for facilities without a
    # sector, or for a facility's presence and billing outside its sections
    grain: Grain
    period: date  # the day, or the first day of the month or of the year
    theoretical_minutes: int
    attended_minutes: int
    billed_minutes: int | None
    real_occupancy: Rate
    financial_occupancy: Rate | None
    billing_rate: Rate | None
    band: BillingBand | None
    presence: Presence = Presence()

    def explanation(self) -> list[str]:
        """How each rate is computed, with its inputs (English formulas, figures in minutes)."""
        lines = [
            f"{rate.name} = {rate.formula} = {rate.numerator} / {rate.denominator} min = {rate.value}"
            for rate in (self.real_occupancy, self.financial_occupancy, self.billing_rate)
            if rate is not None
        ]
        p = self.presence
        lines.append(f"average_presence = children / open days = {p.children} / {p.open_days} = {p.average}")
        if p.over_limit_days:
            lines.append(
                f"surnombre: {p.over_limit_minutes} min over the instantaneous limit on {p.over_limit_days} "
                f"facility-days (peak {p.peak})"
            )
        if self.band is not None:
            t = self.band.thresholds
            unconfirmed = "" if t.confirmed else " (unconfirmed)"
            lines.append(
                f"PSU band {self.band.band.value}: thresholds {t.low}–{t.high} in force from "
                f"{t.effective_on.isoformat()}, {t.formula}{unconfirmed}; {t.reference}"
            )
        return lines

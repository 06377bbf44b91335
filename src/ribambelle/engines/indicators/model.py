"""The engine's inputs and outputs: frozen dataclasses of plain values (integer minutes, dates, ids)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Level(StrEnum):
    FACILITY = "facility"
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
    """Place-minutes of capacity and minutes of presence of one facility on one day."""

    facility_id: int
    sector_id: int | None
    on: date
    theoretical_minutes: int
    attended_minutes: int


@dataclass(frozen=True, slots=True)
class MonthBilled:
    """Minutes billed to families by one facility over one month (``month`` is its first day)."""

    facility_id: int
    sector_id: int | None
    month: date
    billed_minutes: int


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
    group_id: int | None  # facility or sector id; None for the territory or for facilities without a sector
    grain: Grain
    period: date  # the day, or the first day of the month or of the year
    theoretical_minutes: int
    attended_minutes: int
    billed_minutes: int | None
    real_occupancy: Rate
    financial_occupancy: Rate | None
    billing_rate: Rate | None
    band: BillingBand | None

    def explanation(self) -> list[str]:
        """How each rate is computed, with its inputs (English formulas, figures in minutes)."""
        lines = [
            f"{rate.name} = {rate.formula} = {rate.numerator} / {rate.denominator} min = {rate.value}"
            for rate in (self.real_occupancy, self.financial_occupancy, self.billing_rate)
            if rate is not None
        ]
        if self.band is not None:
            t = self.band.thresholds
            unconfirmed = "" if t.confirmed else " (unconfirmed)"
            lines.append(
                f"PSU band {self.band.band.value}: thresholds {t.low}–{t.high} in force from "
                f"{t.effective_on.isoformat()}, {t.formula}{unconfirmed}; {t.reference}"
            )
        return lines

"""The calendar of a CAF reporting year: its months, and which of them are over on a given day."""

from __future__ import annotations

from datetime import date

from ribambelle.care.statements import month_end


def months_of(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def elapsed_months(year: int, today: date) -> int:
    """How many months of ``year`` are over on ``today`` (a month is over once its last day has passed):
    12 for a past year, 0 for a year to come."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


def last_elapsed_day(year: int, today: date) -> date | None:
    """The last day of the last month over, or None when no month of ``year`` is over."""
    count = elapsed_months(year, today)
    return month_end(date(year, count, 1)) if count else None

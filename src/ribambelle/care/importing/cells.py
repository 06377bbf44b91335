"""Reading one cell: dates and times in a source's format, amounts and counts, names compared without case
or accents."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from ribambelle.care.enums import ImportDateFormat, ImportTimeFormat

DAY_MINUTES = 24 * 60
DateParser = Callable[[Any], date | None]
TimeParser = Callable[[Any], int | None]


def text(cell: Any) -> str:
    """A cell as trimmed text (an XLSX number 42.0 reads as « 42 »)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def fold(value: str) -> str:
    """Compare names without case, accents or repeated spaces: « Léo  » and « LEO » are the same."""
    decomposed = unicodedata.normalize("NFKD", value)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _day_month_year(separator: str, short_year: bool) -> Callable[[str], date]:
    def parse(value: str) -> date:
        day, month, year = value.split(separator)
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != (2 if short_year else 4):
            raise ValueError(value)
        return date(2000 + int(year) if short_year else int(year), int(month), int(day))

    return parse


def _iso(value: str) -> date:
    if len(value) != 10:
        raise ValueError(value)
    return date.fromisoformat(value)


_DATE_READERS: dict[str, Callable[[str], date]] = {
    ImportDateFormat.DAY_MONTH_YEAR: _day_month_year("/", short_year=False),
    ImportDateFormat.DAY_MONTH_SHORT_YEAR: _day_month_year("/", short_year=True),
    ImportDateFormat.DAY_MONTH_YEAR_DASH: _day_month_year("-", short_year=False),
    ImportDateFormat.DAY_MONTH_YEAR_DOT: _day_month_year(".", short_year=False),
    ImportDateFormat.ISO: _iso,
}


def date_reader(date_format: str) -> DateParser:
    """Cell → date, or None when unreadable. A spreadsheet's own date cells are taken as they are."""
    read = _DATE_READERS[date_format]

    def parse(cell: Any) -> date | None:
        if isinstance(cell, datetime):
            return cell.date()
        if isinstance(cell, date):
            return cell
        try:
            return read(text(cell))
        except ValueError:
            return None

    return parse


def _clock(separator: str, parts: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        pieces = value.lower().split(separator)
        if len(pieces) != parts or not all(piece.isdigit() and len(piece) <= 2 for piece in pieces):
            raise ValueError(value)
        hours, minutes = int(pieces[0]), int(pieces[1])
        if hours > 23 or minutes > 59 or (parts == 3 and int(pieces[2]) > 59):
            raise ValueError(value)
        return hours * 60 + minutes

    return parse


_TIME_READERS: dict[str, Callable[[str], int]] = {
    ImportTimeFormat.HOURS_MINUTES: _clock(":", 2),
    ImportTimeFormat.HOURS_MINUTES_SECONDS: _clock(":", 3),
    ImportTimeFormat.FRENCH: _clock("h", 2),
}


def time_reader(time_format: str) -> TimeParser:
    """Cell → minutes since midnight (seconds dropped), or None when unreadable. A spreadsheet's own time
    cells, and fractions of a day, are taken as they are."""
    read = _TIME_READERS[time_format]

    def parse(cell: Any) -> int | None:
        if isinstance(cell, time | datetime):
            return cell.hour * 60 + cell.minute
        if isinstance(cell, float) and 0 <= cell < 1:
            return min(round(cell * DAY_MINUTES), DAY_MINUTES - 1)
        try:
            return read(text(cell))
        except ValueError:
            return None

    return parse


# Thousands separators: a space, a no-break space, a narrow no-break space (as French spreadsheets write).
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def amount(cell: Any) -> Decimal | None:
    """An amount in euros: « 2 800,50 », « 2800.50 » or « 2 800,50 € », or a spreadsheet's number as it is;
    None when unreadable."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return Decimal(str(cell))
    try:
        value = Decimal(text(cell).removesuffix("€").translate(_SPACES).replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def count(cell: Any) -> int | None:
    """A whole number (« 2 », or a spreadsheet's 2.0); None when unreadable."""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    value = text(cell)
    return int(value) if value.isascii() and value.isdigit() else None


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"

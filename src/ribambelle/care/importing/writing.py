"""Writing checked rows in bulk: COPY on PostgreSQL (psycopg 3), executemany on SQLite.

The rows skip the model layer (and so django-simple-history): the audit record of an import is its
ImportBatch. Every row written carries ``source=import``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from django.db import connection, models

from ribambelle.care.enums import RecordSource
from ribambelle.care.importing.attendance import NewAbsence, NewPresence
from ribambelle.care.models import Absence, Attendance
from ribambelle.core.rows import copy_text, rows_writer, table_columns

CHUNK = 50_000
_CLOCK = [f"{minutes // 60:02d}:{minutes % 60:02d}:00" for minutes in range(24 * 60)]
_SOURCE = RecordSource.IMPORT.value
_NULL = "\\N"  # NULL in COPY's text format

Progress = Callable[[int], None]


class _Iso(dict[date, str]):
    def __missing__(self, day: date) -> str:
        self[day] = text = day.isoformat()
        return text


def write_presences(rows: Sequence[NewPresence], on_written: Progress) -> None:
    fields = ("child", "facility", "contract", "on", "arrived_at", "left_at", "late_pickup", "source")
    iso = _Iso()
    if connection.vendor == "postgresql":
        # COPY's text format: tab-separated, \N for NULL; none of these values holds a tab or a newline.
        lines = (
            f"{child}\t{facility}\t{contract or _NULL}\t{iso[on]}\t{_CLOCK[arrived]}\t{_CLOCK[left]}\t"
            f"{'t' if late else 'f'}\t{_SOURCE}\n"
            for child, facility, contract, on, arrived, left, late in rows
        )
        _copy(Attendance, fields, lines, on_written)
    else:
        values = (
            (child, facility, contract, iso[on], _CLOCK[arrived], _CLOCK[left], late, _SOURCE)
            for child, facility, contract, on, arrived, left, late in rows
        )
        _insert(Attendance, fields, values, on_written)


def write_absences(rows: Sequence[NewAbsence], on_written: Progress) -> None:
    fields = ("child", "facility", "on", "reason", "source")
    iso = _Iso()
    if connection.vendor == "postgresql":
        lines = (f"{child}\t{facility}\t{iso[on]}\t{reason}\t{_SOURCE}\n" for child, facility, on, reason in rows)
        _copy(Absence, fields, lines, on_written)
    else:
        values = ((child, facility, iso[on], reason, _SOURCE) for child, facility, on, reason in rows)
        _insert(Absence, fields, values, on_written)


def _copy(model: type[models.Model], fields: tuple[str, ...], lines: Iterator[str], on_written: Progress) -> None:
    """One COPY per chunk: between two, ``on_written`` may query (the job's progress) on this connection."""
    table, columns = table_columns(model, fields)
    for chunk in _chunks(lines):
        copy_text(table, columns, "".join(chunk))
        on_written(len(chunk))


def _insert(
    model: type[models.Model], fields: tuple[str, ...], values: Iterator[tuple[Any, ...]], on_written: Progress
) -> None:
    table, columns = table_columns(model, fields)
    for chunk in _chunks(values):
        with rows_writer(table, columns) as write:
            write(chunk)
        on_written(len(chunk))


def _chunks(items: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

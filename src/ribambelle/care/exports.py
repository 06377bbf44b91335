"""The attendance export: one row per period of presence and per absence, with stable columns (documented
in docs/care-imports.md) for the indicators and for independent checks. The same rows go to CSV (`;`,
UTF-8 with BOM) and to Parquet; the download button and `ribambelle export attendance` share this module.

Rows are ordered by date, facility_id, child_id and arrival (an absence, without arrival, first).
"""

from __future__ import annotations

import csv
import heapq
import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, time
from itertools import islice
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import QuerySet

from ribambelle.care.models import Absence, Attendance, Contract
from ribambelle.territory.models import Facility

COLUMNS = ("child_id", "facility_id", "section", "date", "arrival", "departure", "minutes", "absence_reason")
FORMATS = ("csv", "parquet")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}
SCHEMA = pa.schema(
    [
        ("child_id", pa.int64()),
        ("facility_id", pa.int64()),
        ("section", pa.string()),
        ("date", pa.date32()),
        ("arrival", pa.string()),
        ("departure", pa.string()),
        ("minutes", pa.int32()),
        ("absence_reason", pa.string()),
    ]
)
_CHUNK = 20_000
_BATCH = 100_000

# child_id, facility_id, section, date, arrival, departure, minutes, absence_reason (None when empty)
Row = tuple[int, int, str | None, date, str | None, str | None, int | None, str | None]


def _clock(moment: time | None) -> str | None:
    return None if moment is None else f"{moment.hour:02d}:{moment.minute:02d}"


def attendance_rows(*, facilities: QuerySet[Facility], start_on: date, end_on: date) -> Iterator[Row]:
    """The rows of ``facilities`` from ``start_on`` to ``end_on`` included, streamed. ``facilities`` is the
    caller's scope: the user's (facilities_visible_to) or, for the command-line operator, every facility."""
    days = {"facility__in": facilities, "on__range": (start_on, end_on)}
    presences = (
        Attendance.objects.filter(**days)
        .order_by("on", "facility_id", "child_id", "arrived_at")
        .values_list("child_id", "facility_id", "contract__section__name", "on", "arrived_at", "left_at")
        .iterator(chunk_size=_CHUNK)
    )
    absences = (
        Absence.objects.filter(**days)
        .order_by("on", "facility_id", "child_id")
        .values_list("child_id", "facility_id", "on", "reason")
        .iterator(chunk_size=_CHUNK)
    )
    sections = _sections(facilities, start_on, end_on)

    def presence_rows() -> Iterator[Row]:
        for child, facility, section, on, arrived, left in presences:
            minutes = None if left is None else (left.hour - arrived.hour) * 60 + left.minute - arrived.minute
            yield (child, facility, section, on, _clock(arrived), _clock(left), minutes, None)

    def absence_rows() -> Iterator[Row]:
        for child, facility, on, reason in absences:
            section = next((name for first, last, name in sections[(child, facility)] if first <= on <= last), None)
            yield (child, facility, section, on, None, None, None, reason)

    yield from heapq.merge(presence_rows(), absence_rows(), key=lambda row: (row[3], row[1], row[0], row[4] or ""))


def _sections(
    facilities: QuerySet[Facility], start_on: date, end_on: date
) -> defaultdict[tuple[int, int], list[tuple[date, date, str | None]]]:
    """The section of each contract over the period, for absences (a presence carries its contract)."""
    found: defaultdict[tuple[int, int], list[tuple[date, date, str | None]]] = defaultdict(list)
    for child, facility, starts_on, ends_on, section in (
        Contract.objects.filter(facility__in=facilities)
        .overlapping(start_on, end_on)
        .values_list("child_id", "facility_id", "starts_on", "ends_on", "section__name")
    ):
        found[(child, facility)].append((starts_on, ends_on, section))
    return found


def write_export(rows: Iterator[Row], export_format: str, sink: BinaryIO) -> int:
    """Write the rows to ``sink`` in ``export_format`` (csv or parquet); returns how many were written."""
    return _write_csv(rows, sink) if export_format == "csv" else _write_parquet(rows, sink)


def _write_csv(rows: Iterator[Row], sink: BinaryIO) -> int:
    text = io.TextIOWrapper(sink, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for child, facility, section, on, arrival, departure, minutes, reason in rows:
        writer.writerow(
            (
                child,
                facility,
                section or "",
                on.isoformat(),
                arrival or "",
                departure or "",
                "" if minutes is None else minutes,
                reason or "",
            )
        )
        count += 1
    text.flush()
    text.detach()
    return count


def _write_parquet(rows: Iterator[Row], sink: BinaryIO) -> int:
    count = 0
    with pq.ParquetWriter(sink, SCHEMA) as writer:
        while batch := list(islice(rows, _BATCH)):
            columns = [list(values) for values in zip(*batch, strict=True)]
            writer.write_table(pa.table(dict(zip(COLUMNS, columns, strict=True)), schema=SCHEMA))
            count += len(batch)
    return count

"""Attendance files as another crèche software writes them, and the mapping of that software."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from ribambelle.care import services
from ribambelle.care.enums import AbsenceReason, AttendanceColumn, ImportKind
from ribambelle.care.models import ImportMapping
from tests.cast import Cast

SOURCE = "Logiciel Petits Pas"
HEADER = ("N° enfant", "Structure", "Date", "Arrivée", "Départ", "Motif")
COLUMNS = {
    "N° enfant": AttendanceColumn.CHILD_ID.value,
    "Structure": AttendanceColumn.FACILITY_NAME.value,
    "Date": AttendanceColumn.ON.value,
    "Arrivée": AttendanceColumn.ARRIVED_AT.value,
    "Départ": AttendanceColumn.LEFT_AT.value,
    "Motif": AttendanceColumn.ABSENCE_REASON.value,
}
REASONS = {
    "MAL": AbsenceReason.ILLNESS_WITHOUT_CERTIFICATE.value,
    "MAL-CM": AbsenceReason.ILLNESS_WITH_CERTIFICATE.value,
    "Congés": AbsenceReason.FAMILY_LEAVE.value,
}


def mapping(cast: Cast, **changes: Any) -> ImportMapping:
    """The saved mapping of « Logiciel Petits Pas »: our child id, the facility's name, French dates."""
    fields = {
        "source": SOURCE,
        "kind": ImportKind.ATTENDANCE,
        "columns": COLUMNS,
        "labels": REASONS,
        "date_format": "dd/mm/yyyy",
        "time_format": "hh:mm",
    } | changes
    return services.import_mapping_save(mapping=ImportMapping(**fields), actor=cast.coordinatrice)


def week_rows(cast: Cast) -> list[tuple[Any, ...]]:
    """Léo's first week at Les Lucioles: four days of presence (two periods on Wednesday), one illness."""
    leo = cast.leo.pk
    return [
        (leo, "Les Lucioles", "05/01/2026", "08:30", "17:30", ""),
        (leo, "Les Lucioles", "06/01/2026", "08:35", "17:50", ""),
        (leo, "Les Lucioles", "07/01/2026", "08:30", "12:00", ""),
        (leo, "Les Lucioles", "07/01/2026", "13:30", "17:00", ""),
        (leo, "Les Lucioles", "08/01/2026", "", "", "MAL"),
        (leo, "Les Lucioles", "09/01/2026", "09:00", "16:00", ""),
    ]


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    header: Sequence[str] = HEADER,
    separator: str = ";",
    encoding: str = "utf-8",
) -> bytes:
    lines = [separator.join(header), *(separator.join(str(cell) for cell in row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

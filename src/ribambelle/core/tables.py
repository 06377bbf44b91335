"""A page's table as a download: CSV for French Excel (UTF-8 with BOM, ``;``, decimal comma, CRLF) or XLSX
(numbers as numbers, with their format). The same ``Table`` feeds both, so the two files always agree."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Excel format codes are written in the en-US syntax; French Excel shows « 1 234,50 » and « 71,3 % ».
_FORMATS = {"hours": "#,##0.00", "euros": '#,##0.00\\ "€"', "rate": "0.0%", "integer": "0"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, integer, hours, rate (a fraction: 0.7125) or euros


@dataclass(frozen=True)
class Table:
    title: str  # the XLSX sheet's name (31 characters at most)
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]


def _csv_text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        places = 4 if kind == "rate" else 2
        return f"{value:.{places}f}".replace(".", ",")
    return str(value)


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(column.header for column in table.columns)
    for row in table.rows:
        writer.writerow(_csv_text(value, column.kind) for value, column in zip(row, table.columns, strict=True))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """One sheet per table, header in bold and frozen."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append([column.header for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, len(column.header) + 2)
            number_format = _FORMATS.get(column.kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(table: Table, *, file_format: str, filename: str) -> HttpResponse:
    """The table as an attachment ``filename``.csv or .xlsx."""
    content = csv_bytes(table) if file_format == "csv" else xlsx_bytes([table])
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response

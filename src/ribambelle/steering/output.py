"""The rows of the `indicators` command and their files: JSON (numbers with a decimal point), CSV (`;`,
UTF-8 with BOM, decimal point: the figures are a stable machine contract) and XLSX (numeric cells)."""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, BinaryIO

from openpyxl import Workbook

from ribambelle.engines.indicators import Grain, Indicator, Level, Rate
from ribambelle.steering.selectors import IndicatorTable

FORMATS = ("json", "csv", "xlsx")
FIGURES = (
    "theoretical_hours",
    "attended_hours",
    "billed_hours",
    "real_occupancy",
    "financial_occupancy",
    "billing_rate",
)
# Added after billing_band, so that the first columns stay where scripts expect them.
PRESENCE = (
    "open_days",
    "child_days",
    "average_presence",
    "peak_daily_presence",
    "peak_presence",
    "over_limit_days",
    "over_limit_minutes",
    "enrolled",
)
_HOUR = Decimal("0.01")


def hours(minutes: int | None) -> Decimal | None:
    return None if minutes is None else (Decimal(minutes) / 60).quantize(_HOUR, ROUND_HALF_UP)


def _value(rate: Rate | None) -> Decimal | None:
    return None if rate is None else rate.value


def _period(row: Indicator) -> str:
    if row.grain is Grain.DAY:
        return row.period.isoformat()
    if row.grain is Grain.MONTH:
        return row.period.strftime("%Y-%m")
    return str(row.period.year)


def columns(table: IndicatorTable) -> list[str]:
    group = [] if table.level is Level.TERRITORY else [table.level.value, f"{table.level.value}_id"]
    if table.level is Level.SECTION:
        group = ["facility", "facility_id", *group]
    return [*group, table.grain.value, *FIGURES, "billing_band", *PRESENCE]


def rows(table: IndicatorTable) -> list[dict[str, Any]]:
    """One dict per group and period, in the order of ``columns``, plus the explanation."""
    found = []
    for row in table.rows:
        group: dict[str, Any] = {}
        if table.level is not Level.TERRITORY:
            name = "(sans secteur)" if row.group_id is None else table.names.get(row.group_id, "")
            group = {table.level.value: name, f"{table.level.value}_id": row.group_id}
        if table.level is Level.SECTION and row.group_id is not None:
            facility_id, facility = table.facilities[row.group_id]
            group = {"facility": facility, "facility_id": facility_id, **group}
        found.append(
            {
                **group,
                table.grain.value: _period(row),
                "theoretical_hours": hours(row.theoretical_minutes),
                "attended_hours": hours(row.attended_minutes),
                "billed_hours": hours(row.billed_minutes),
                "real_occupancy": _value(row.real_occupancy),
                "financial_occupancy": _value(row.financial_occupancy),
                "billing_rate": _value(row.billing_rate),
                "billing_band": None if row.band is None else row.band.band.value,
                "open_days": row.presence.open_days,
                "child_days": row.presence.children,
                "average_presence": row.presence.average,
                "peak_daily_presence": row.presence.peak_daily,
                "peak_presence": row.presence.peak,
                "over_limit_days": row.presence.over_limit_days,
                "over_limit_minutes": row.presence.over_limit_minutes,
                "enrolled": row.presence.enrolled,
                "explanation": row.explanation(),
            }
        )
    return found


def _number(value: Any) -> Any:
    # A Decimal of 2 or 4 places prints back exactly as a float (shortest round-trip representation).
    return float(value) if isinstance(value, Decimal) else value


def write(table: IndicatorTable, output_format: str, sink: BinaryIO) -> int:
    """Write the table to ``sink``; returns the number of rows."""
    found, names = rows(table), columns(table)
    if output_format == "json":
        data = {
            "level": table.level.value,
            "grain": table.grain.value,
            "stale_months": table.stale_months,
            "rows": [{key: _number(value) for key, value in row.items()} for row in found],
        }
        sink.write(json.dumps(data, ensure_ascii=False, indent=2).encode())
        sink.write(b"\n")
    elif output_format == "csv":
        text = io.TextIOWrapper(sink, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([["" if row[name] is None else row[name] for name in names] for row in found])
        text.flush()
        text.detach()
    else:
        _write_xlsx(found, names, sink)
    return len(found)


def _write_xlsx(found: list[dict[str, Any]], names: list[str], sink: BinaryIO) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Indicateurs"
    sheet.append(names)
    for row in found:
        sheet.append([_number(row[name]) for name in names])
    for column, name in enumerate(names, start=1):
        if name in FIGURES or name == "average_presence":
            style = "0.00" if name.endswith(("_hours", "_presence")) else "0.0000"
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = style
    workbook.save(sink)

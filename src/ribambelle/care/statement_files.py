"""The files of the monthly statements: the month's export for the finance department (CSV and XLSX, one
row per statement, stable columns documented in docs/care-statements.md) and a family's PDF statement."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import get_valid_filename
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ribambelle.care.statement_records import fee_provenance_load
from ribambelle.care.statements import MonthlyStatement, StatementTotals, statement_totals
from ribambelle.core import tables
from ribambelle.core.pdf import pdf_bytes
from ribambelle.territory.models import Facility

_HOURS_FORMAT = "#,##0.00"  # Excel format codes are written in the en-US syntax; French Excel shows 1 234,50
_EUROS_FORMAT = '#,##0.00\\ "€"'


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[MonthlyStatement], Any]
    kind: str = "text"  # text, id, hours or euros


def _deduction_reasons(statement: MonthlyStatement) -> str:
    return " ; ".join(
        f"{total.reason.label} : {total.days} j, {_decimal_text(total.hours)} h"
        for total in statement.deductions_by_reason
    )


def _remark(statement: MonthlyStatement) -> str:
    return " ".join(filter(None, (statement.error, *statement.notes)))


def _hours(name: str) -> Callable[[MonthlyStatement], Decimal | None]:
    """One of the statement's decimal hours; empty when the statement could not be computed."""
    return lambda statement: None if statement.error else getattr(statement, name)


# The finance department's columns: append new ones at the end, never rename or reorder them.
COLUMNS: tuple[Column, ...] = (
    Column("Mois", lambda s: f"{s.month:%Y-%m}"),
    Column("Établissement (id)", lambda s: s.contract.facility_id, "id"),
    Column("N° de dossier", lambda s: s.family.reference),
    Column("Parent", lambda s: f"{s.family.parent_last_name.upper()} {s.family.parent_first_name}"),
    Column("Enfant (id)", lambda s: s.child.pk, "id"),
    Column("Enfant", lambda s: f"{s.child.first_name} {s.child.last_name}"),
    Column("Contrat (id)", lambda s: s.contract.pk, "id"),
    Column("Type d'accueil", lambda s: s.kind.label),
    Column("Tarif horaire (€)", lambda s: s.hourly_fee, "euros"),
    Column("Heures mensualisées", _hours("contracted_hours"), "hours"),
    Column("Heures complémentaires", _hours("extra_hours"), "hours"),
    Column("Heures déduites", _hours("deducted_hours"), "hours"),
    Column("Motifs des déductions", _deduction_reasons),
    Column("Heures facturées", _hours("billed_hours"), "hours"),
    Column("Heures réalisées", _hours("attended_hours"), "hours"),
    Column("Montant (€)", lambda s: s.amount, "euros"),
    Column("Arrondi", lambda s: s.rounding.value),
    Column("Remarque", _remark),
)


def export_name(facility: Facility, month: date, extension: str) -> str:
    return f"releves-{month:%Y-%m}-etablissement-{facility.pk}.{extension}"


def csv_bytes(statements: Sequence[MonthlyStatement]) -> bytes:
    """French Excel's CSV (core.tables: UTF-8 with a BOM, ``;``, decimal comma, CRLF line ends)."""
    rows = [[column.value(statement) for column in COLUMNS] for statement in statements]
    return tables.csv_bytes(tables.Table("Relevés", [tables.Column(c.header, c.kind) for c in COLUMNS], rows))


def _decimal_text(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def xlsx_bytes(statements: Sequence[MonthlyStatement], *, facility: Facility, month: date) -> bytes:
    """Sheet « Relevés »: the CSV's columns, numbers as numbers; sheet « Totaux »: the month's totals."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Relevés"
    sheet.append([column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for statement in statements:
        sheet.append([column.value(statement) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.header) + 2)
        number_format = {"hours": _HOURS_FORMAT, "euros": _EUROS_FORMAT, "id": "0"}.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    _totals_sheet(workbook, statement_totals(statements), facility=facility, month=month)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _totals_sheet(workbook: Workbook, totals: StatementTotals, *, facility: Facility, month: date) -> None:
    sheet = workbook.create_sheet("Totaux")
    rows: list[tuple[str, Any, str | None]] = [
        ("Établissement", facility.name, None),
        ("Mois", f"{month:%Y-%m}", None),
        ("Relevés calculés", totals.statements, "0"),
        ("Relevés en erreur", totals.errors, "0"),
        ("Heures mensualisées", totals.contracted_hours, _HOURS_FORMAT),
        ("Heures complémentaires", totals.extra_hours, _HOURS_FORMAT),
        ("Heures déduites", totals.deducted_hours, _HOURS_FORMAT),
        ("Heures facturées", totals.billed_hours, _HOURS_FORMAT),
        ("Heures réalisées", totals.attended_hours, _HOURS_FORMAT),
        ("Montant (€)", totals.amount, _EUROS_FORMAT),
    ]
    for label, value, number_format in rows:
        sheet.append([label, value])
        if number_format:
            sheet.cell(row=sheet.max_row, column=2).number_format = number_format
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 24


def family_pdf_name(statements: Sequence[MonthlyStatement]) -> str:
    first = statements[0]
    return get_valid_filename(f"releve-{first.month:%Y-%m}-{first.family.reference}.pdf")


def family_pdf(statements: Sequence[MonthlyStatement], *, facility: Facility) -> bytes:
    """A4, French: the facility, the family, each child's lines and deductions, the totals, the hourly fee
    and the texts applied."""
    first = statements[0]
    fee_provenance_load(statement.version for statement in statements if statement.version)
    return pdf_bytes(
        "care/statement_pdf.html",
        {
            "facility": facility,
            "family": first.family,
            "month": first.month,
            "statements": statements,
            "totals": statement_totals(statements),
            "rounding": first.rounding,
            "rounding_label": first.rounding_label,
            "issued_on": timezone.localdate(),
        },
    )

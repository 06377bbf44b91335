"""The activity file of the CAF declarations (XLSX): one table, one block of rows per facility, the three
columns prévisionnel, actualisé, réel; a second sheet says how each figure is read. Hours are rounded half up
to the hundredth here, at the output; euros are kept to the cent."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from ribambelle.steering.caf.activity import FacilityActivity, Figures, month_label
from ribambelle.steering.output import hours

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HOURS_FORMAT = "#,##0.00"  # en-US syntax in the file; French Excel shows 1 234,50
_EUROS_FORMAT = '#,##0.00\\ "€"'
_COUNT_FORMAT = "0"


@dataclass(frozen=True)
class Figure:
    label: str
    value: Callable[[Figures], int | Decimal | None]
    number_format: str
    definition: str


FIGURES: tuple[Figure, ...] = (
    Figure(
        "Places autorisées",
        lambda f: f.places,
        _COUNT_FORMAT,
        "Places de l'autorisation en vigueur le dernier jour de l'année (du dernier mois écoulé pour le réel).",
    ),
    Figure(
        "Jours d'ouverture",
        lambda f: f.opening_days,
        _COUNT_FORMAT,
        "Jours ni fermés ni sans horaires d'ouverture, avec une autorisation en vigueur.",
    ),
    Figure(
        "Heures d'ouverture",
        lambda f: hours(f.opening_minutes),
        _HOURS_FORMAT,
        "Somme des amplitudes d'ouverture des jours d'ouverture.",
    ),
    Figure(
        "Capacité théorique (heures)",
        lambda f: hours(f.theoretical_minutes),
        _HOURS_FORMAT,
        "Places autorisées × heures d'ouverture, créneau par créneau si l'autorisation est modulée.",
    ),
    Figure(
        "Heures réalisées",
        lambda f: hours(f.attended_minutes),
        _HOURS_FORMAT,
        "Réel : présences pointées (arrivée → départ, à la minute). Prévisionnel : heures contractualisées.",
    ),
    Figure(
        "Heures facturées",
        lambda f: hours(f.billed_minutes),
        _HOURS_FORMAT,
        "Réel : relevés mensuels. Prévisionnel : heures mensualisées des contrats réguliers.",
    ),
    Figure(
        "Participations familiales (€)",
        lambda f: f.family_fees,
        _EUROS_FORMAT,
        "Réel : montants des relevés mensuels. Prévisionnel : heures mensualisées × tarif horaire du contrat.",
    ),
)
HEADERS = ("Établissement", "N° de dossier AFC", "IDEQU", "Donnée", "Prévisionnel", "Actualisé", "Réel")


def file_name(year: int, facility_id: int | None = None) -> str:
    scope = "tous-etablissements" if facility_id is None else f"etablissement-{facility_id}"
    return f"caf-activite-{year}-{scope}.xlsx"


def actual_header(year: int, elapsed: int) -> str:
    return "Réel" if elapsed >= 12 else f"Réel (partiel, {month_label(year, elapsed)})"


def xlsx_bytes(activities: Sequence[FacilityActivity], *, year: int, elapsed: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Activité"
    sheet.append([f"Données d'activité CAF {year}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append([*HEADERS[:-1], actual_header(year, elapsed)])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    row = 3  # counted here: openpyxl's max_row scans every cell, once per call
    for activity in activities:
        facility = activity.facility
        for figure in FIGURES:
            row += 1
            actual = None if activity.actual is None else figure.value(activity.actual)
            sheet.append(
                [
                    facility.name,
                    facility.caf_file_number,
                    facility.caf_equipment_id,
                    figure.label,
                    figure.value(activity.forecast),
                    figure.value(activity.updated),
                    actual,
                ]
            )
            for column in (5, 6, 7):
                sheet.cell(row=row, column=column).number_format = figure.number_format
    for letter, width in zip("ABCDEFG", (32, 20, 16, 30, 16, 16, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    _notes_sheet(workbook, activities)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _notes_sheet(workbook: Workbook, activities: Sequence[FacilityActivity]) -> None:
    sheet = workbook.create_sheet("Définitions")
    sheet.append(["Donnée", "Lecture"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for figure in FIGURES:
        sheet.append([figure.label, figure.definition])
    sheet.append(
        [
            "Colonnes",
            "Prévisionnel : registre de toute l'année et contrats réguliers commencés au plus tard le 31 janvier. "
            "Actualisé : réel des mois écoulés, puis registre et tous les contrats connus pour les mois restants. "
            "Réel : faits d'activité des mois écoulés.",
        ]
    )
    sheet.append([])
    sheet.append(["Établissement", "Remarque"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for activity in activities:
        for note in activity.notes:
            sheet.append([activity.facility.name, note])
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 110

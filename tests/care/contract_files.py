"""Contract files as another crèche software writes them, and the mapping of that software: its families are
not in Ribambelle yet, so its rows carry the family, the child and the family's situation with each
contract."""

from __future__ import annotations

from typing import Any

from ribambelle.care import services
from ribambelle.care.enums import ContractColumn, ContractKind, ImportKind
from ribambelle.care.models import ImportMapping
from tests.care.import_files import csv_bytes
from tests.cast import Cast

SOURCE = "Logiciel Câlins"
DAYS = ("Lun", "Mar", "Mer", "Jeu", "Ven", "Sam")
WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
COLUMNS = {
    "Dossier": ContractColumn.FAMILY_REFERENCE.value,
    "Prénom": ContractColumn.CHILD_FIRST_NAME.value,
    "Nom": ContractColumn.CHILD_LAST_NAME.value,
    "Né le": ContractColumn.CHILD_BIRTH_ON.value,
    "Responsable": ContractColumn.PARENT_LAST_NAME.value,
    "Prénom responsable": ContractColumn.PARENT_FIRST_NAME.value,
    "Adresse": ContractColumn.ADDRESS.value,
    "CP": ContractColumn.POSTCODE.value,
    "Ville": ContractColumn.CITY.value,
    "Structure": ContractColumn.FACILITY_NAME.value,
    "Type": ContractColumn.KIND.value,
    "Début": ContractColumn.STARTS_ON.value,
    "Fin": ContractColumn.ENDS_ON.value,
    "Semaines": ContractColumn.ATTENDANCE_WEEKS.value,
    **{f"{day} arrivée": f"{field}_start" for day, field in zip(DAYS, WEEKDAY_FIELDS, strict=True)},
    **{f"{day} départ": f"{field}_end" for day, field in zip(DAYS, WEEKDAY_FIELDS, strict=True)},
    "Ressources": ContractColumn.MONTHLY_RESOURCES.value,
    "Enfants à charge": ContractColumn.DEPENDENT_CHILDREN.value,
    "AEEH": ContractColumn.AEEH_CHILDREN.value,
}
HEADER = tuple(COLUMNS)
LABELS = {
    "REG": ContractKind.REGULAR.value,
    "OCC": ContractKind.OCCASIONAL.value,
    "URG": ContractKind.EMERGENCY.value,
}


def contract_mapping(cast: Cast, **changes: Any) -> ImportMapping:
    """The saved mapping of « Logiciel Câlins »: families by their dossier number, French dates, 08h30."""
    fields = {
        "source": SOURCE,
        "kind": ImportKind.CONTRACTS,
        "columns": COLUMNS,
        "labels": LABELS,
        "date_format": "dd/mm/yyyy",
        "time_format": "hhhmm",
    } | changes
    return services.import_mapping_save(mapping=ImportMapping(**fields), actor=cast.coordinatrice)


def contract_row(**cells: Any) -> dict[str, Any]:
    """Lina Durand (dossier DOS-0101, not in Ribambelle) at Les Lucioles from September 2026, four days a week
    (not Wednesday), 45 weeks; 2 800,00 € a month, two children. ``cells`` override columns by name."""
    row: dict[str, Any] = {
        "Dossier": "DOS-0101",
        "Prénom": "Lina",
        "Nom": "Durand",
        "Né le": "15/03/2025",
        "Responsable": "Durand",
        "Prénom responsable": "Camille",
        "Adresse": "5 rue des Lilas",
        "CP": "69100",
        "Ville": "Villeurbanne",
        "Structure": "Les Lucioles",
        "Type": "REG",
        "Début": "01/09/2026",
        "Fin": "09/07/2027",
        "Semaines": "40",
        "Ressources": "2 800,00",
        "Enfants à charge": "2",
        "AEEH": "0",
    }
    for day in ("Lun", "Mar", "Jeu", "Ven"):
        row[f"{day} arrivée"], row[f"{day} départ"] = "08h30", "17h30"
    return row | cells


def contract_csv(rows: list[dict[str, Any]], header: tuple[str, ...] = HEADER, **options: Any) -> bytes:
    return csv_bytes([tuple(row.get(column, "") for column in header) for row in rows], header, **options)

"""Import and export forms: a source's column mapping, the file to check, the period to export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet

from ribambelle.care.enums import (
    WEEKDAY_COLUMNS,
    AttendanceColumn,
    ContractColumn,
    ImportDateFormat,
    ImportKind,
    ImportTimeFormat,
)
from ribambelle.care.models import ImportMapping
from ribambelle.care.models.imports import COLUMNS, LABELS
from ribambelle.care.services.imports import UPLOAD_SUFFIXES
from ribambelle.territory.forms import DateInput

_CHILD = "L'identifiant Ribambelle, ou bien le n° de dossier de la famille, le prénom et la date de naissance."
_FACILITY = "Son nom, ou son identifiant IDEQU s'il est propre à l'établissement."
# The mapping form's groups of columns for each kind, in the order a file usually has them.
COLUMN_GROUPS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    ImportKind.ATTENDANCE: (
        (
            "Enfant",
            _CHILD,
            (
                AttendanceColumn.CHILD_ID,
                AttendanceColumn.FAMILY_REFERENCE,
                AttendanceColumn.CHILD_FIRST_NAME,
                AttendanceColumn.CHILD_BIRTH_ON,
            ),
        ),
        ("Établissement", _FACILITY, (AttendanceColumn.FACILITY_NAME, AttendanceColumn.FACILITY_CAF_ID)),
        (
            "Jour, heures et absences",
            "Une ligne est une présence (arrivée et départ) ou une absence (motif).",
            (
                AttendanceColumn.ON,
                AttendanceColumn.ARRIVED_AT,
                AttendanceColumn.LEFT_AT,
                AttendanceColumn.ABSENCE_REASON,
            ),
        ),
    ),
    ImportKind.CONTRACTS: (
        (
            "Enfant",
            f"{_CHILD} Le nom sert à créer un enfant que Ribambelle ne connaît pas encore.",
            (
                ContractColumn.CHILD_ID,
                ContractColumn.FAMILY_REFERENCE,
                ContractColumn.CHILD_FIRST_NAME,
                ContractColumn.CHILD_BIRTH_ON,
                ContractColumn.CHILD_LAST_NAME,
            ),
        ),
        (
            "Famille",
            "Sa situation au début du contrat sert au tarif horaire. Le parent et l'adresse servent à créer une "
            "famille que Ribambelle ne connaît pas encore (son n° de dossier est repris).",
            (
                ContractColumn.MONTHLY_RESOURCES,
                ContractColumn.DEPENDENT_CHILDREN,
                ContractColumn.AEEH_CHILDREN,
                ContractColumn.PARENT_LAST_NAME,
                ContractColumn.PARENT_FIRST_NAME,
                ContractColumn.ADDRESS,
                ContractColumn.POSTCODE,
                ContractColumn.CITY,
            ),
        ),
        ("Établissement", _FACILITY, (ContractColumn.FACILITY_NAME, ContractColumn.FACILITY_CAF_ID)),
        (
            "Contrat",
            "Le type d'accueil, la période et, pour un accueil régulier, les semaines de présence.",
            (ContractColumn.KIND, ContractColumn.STARTS_ON, ContractColumn.ENDS_ON, ContractColumn.ATTENDANCE_WEEKS),
        ),
        (
            "Horaires hebdomadaires",
            "Une colonne d'arrivée et une de départ par jour ; les deux vides : pas d'accueil ce jour-là.",
            tuple(column for pair in WEEKDAY_COLUMNS for column in pair),
        ),
    ),
}
_LABEL_GROUPS = {
    ImportKind.ATTENDANCE: "Motifs d'absence",
    ImportKind.CONTRACTS: "Types d'accueil",
}


class ImportMappingForm(forms.Form):
    """One text field per field of the kind (the file's column name, empty when the file has none) and one
    per value its labels translate to (an absence reason, a contract kind: the source's labels, separated by
    semicolons)."""

    source = forms.CharField(
        label="Logiciel d'origine", max_length=80, help_text="Par exemple « Logiciel Babilou 2019 »."
    )
    date_format = forms.ChoiceField(label="Format des dates", choices=ImportDateFormat.choices)
    time_format = forms.ChoiceField(label="Format des heures", choices=ImportTimeFormat.choices)

    def __init__(self, *args: Any, kind: str, mapping: ImportMapping | None = None, **kwargs: Any) -> None:
        if mapping is not None:
            kwargs.setdefault("initial", self._initial(mapping))
        super().__init__(*args, **kwargs)
        self.kind = kind
        self._columns, (self._values, _) = COLUMNS[kind], LABELS[kind]
        for field in self._columns:
            self.fields[f"column_{field.value}"] = forms.CharField(
                label=field.label, required=False, max_length=120, help_text="Nom de la colonne dans le fichier."
            )
        for value in self._values:
            self.fields[f"label_{value.value}"] = forms.CharField(
                label=f"Libellés pour « {value.label} »",
                required=False,
                max_length=500,
                help_text="Tels qu'écrits dans le fichier, séparés par des points-virgules.",
            )

    @staticmethod
    def _initial(mapping: ImportMapping) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "source": mapping.source,
            "date_format": mapping.date_format,
            "time_format": mapping.time_format,
        }
        for column, field in mapping.columns.items():
            initial[f"column_{field}"] = column
        labels: dict[str, list[str]] = {}
        for label, value in mapping.labels.items():
            labels.setdefault(value, []).append(label)
        for value, names in labels.items():
            initial[f"label_{value}"] = " ; ".join(names)
        return initial

    @property
    def column_groups(self) -> list[tuple[str, str, list[Any]]]:
        return [
            (title, help_text, [self[f"column_{field}"] for field in fields])
            for title, help_text, fields in COLUMN_GROUPS[self.kind]
        ]

    @property
    def label_group(self) -> tuple[str, list[Any]]:
        return _LABEL_GROUPS[self.kind], [self[f"label_{value.value}"] for value in self._values]

    def apply(self, mapping: ImportMapping) -> ImportMapping:
        """Copy the cleaned values onto ``mapping`` (the service validates and saves it)."""
        data = self.cleaned_data
        mapping.kind = self.kind
        mapping.source, mapping.date_format, mapping.time_format = (
            data["source"],
            data["date_format"],
            data["time_format"],
        )
        mapping.columns = {
            data[f"column_{field.value}"]: field.value for field in self._columns if data[f"column_{field.value}"]
        }
        mapping.labels = {
            label.strip(): value.value
            for value in self._values
            for label in data[f"label_{value.value}"].split(";")
            if label.strip()
        }
        return mapping


class _MappingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.source)


class ImportUploadForm(forms.Form):
    """The file to check, with the mapping of its source; ``what`` names the file (« Fichier de contrats »)."""

    mapping = _MappingChoiceField(
        label="Correspondance de colonnes", queryset=ImportMapping.objects.none(), empty_label=None
    )
    file = forms.FileField(
        help_text="CSV (séparateur ; ou , — UTF-8 ou Latin-1) ou classeur XLSX ; la première ligne nomme les colonnes.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
    )

    def __init__(self, *args: Any, mappings: QuerySet[ImportMapping], what: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings  # type: ignore[attr-defined]
        self.fields["file"].label = f"Fichier de {what}"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError("Déposez un fichier CSV ou XLSX.", code="suffix")
        return upload


class AttendanceExportForm(forms.Form):
    start_on = forms.DateField(label="Du", widget=DateInput())
    end_on = forms.DateField(label="Au (inclus)", widget=DateInput())
    format = forms.ChoiceField(
        label="Format",
        choices=(("csv", "CSV (séparateur ;, UTF-8 avec BOM)"), ("parquet", "Parquet")),
        initial="csv",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
            self.add_error("end_on", "La fin de la période ne peut pas précéder son début.")
        return data

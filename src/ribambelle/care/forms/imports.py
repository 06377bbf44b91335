"""Import and export forms: a source's column mapping, the file to check, the period to export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet

from ribambelle.care.enums import AbsenceReason, AttendanceColumn, ImportDateFormat, ImportTimeFormat
from ribambelle.care.models import ImportMapping
from ribambelle.care.services.imports import UPLOAD_SUFFIXES
from ribambelle.territory.forms import DateInput

# The mapping form's groups of columns, in the order a file usually has them.
COLUMN_GROUPS = (
    (
        "Enfant",
        "L'identifiant Ribambelle, ou bien le n° de dossier de la famille, le prénom et la date de naissance.",
        (
            AttendanceColumn.CHILD_ID,
            AttendanceColumn.FAMILY_REFERENCE,
            AttendanceColumn.CHILD_FIRST_NAME,
            AttendanceColumn.CHILD_BIRTH_ON,
        ),
    ),
    (
        "Établissement",
        "Son nom, ou son identifiant IDEQU s'il est propre à l'établissement.",
        (
            AttendanceColumn.FACILITY_NAME,
            AttendanceColumn.FACILITY_CAF_ID,
        ),
    ),
    (
        "Jour, heures et absences",
        "Une ligne est une présence (arrivée et départ) ou une absence (motif).",
        (AttendanceColumn.ON, AttendanceColumn.ARRIVED_AT, AttendanceColumn.LEFT_AT, AttendanceColumn.ABSENCE_REASON),
    ),
)


class ImportMappingForm(forms.Form):
    """One text field per field of ours (the file's column name, empty when the file has none) and one per
    absence reason (the source's labels, separated by semicolons)."""

    source = forms.CharField(
        label="Logiciel d'origine", max_length=80, help_text="Par exemple « Logiciel Babilou 2019 »."
    )
    date_format = forms.ChoiceField(label="Format des dates", choices=ImportDateFormat.choices)
    time_format = forms.ChoiceField(label="Format des heures", choices=ImportTimeFormat.choices)

    def __init__(self, *args: Any, mapping: ImportMapping | None = None, **kwargs: Any) -> None:
        if mapping is not None:
            kwargs.setdefault("initial", self._initial(mapping))
        super().__init__(*args, **kwargs)
        for field in AttendanceColumn:
            self.fields[f"column_{field.value}"] = forms.CharField(
                label=field.label, required=False, max_length=120, help_text="Nom de la colonne dans le fichier."
            )
        for reason in AbsenceReason:
            self.fields[f"reason_{reason.value}"] = forms.CharField(
                label=f"Libellés pour « {reason.label} »",
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
        for label, reason in mapping.labels.items():
            labels.setdefault(reason, []).append(label)
        for reason, names in labels.items():
            initial[f"reason_{reason}"] = " ; ".join(names)
        return initial

    @property
    def column_groups(self) -> list[tuple[str, str, list[Any]]]:
        return [
            (title, help_text, [self[f"column_{f.value}"] for f in fields])
            for title, help_text, fields in COLUMN_GROUPS
        ]

    @property
    def reason_fields(self) -> list[Any]:
        return [self[f"reason_{reason.value}"] for reason in AbsenceReason]

    def apply(self, mapping: ImportMapping) -> ImportMapping:
        """Copy the cleaned values onto ``mapping`` (the service validates and saves it)."""
        data = self.cleaned_data
        mapping.source, mapping.date_format, mapping.time_format = (
            data["source"],
            data["date_format"],
            data["time_format"],
        )
        mapping.columns = {
            data[f"column_{field.value}"]: field.value for field in AttendanceColumn if data[f"column_{field.value}"]
        }
        mapping.labels = {
            label.strip(): reason.value
            for reason in AbsenceReason
            for label in data[f"reason_{reason.value}"].split(";")
            if label.strip()
        }
        return mapping


class _MappingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.source)


class AttendanceUploadForm(forms.Form):
    mapping = _MappingChoiceField(
        label="Correspondance de colonnes", queryset=ImportMapping.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label="Fichier de pointages",
        help_text="CSV (séparateur ; ou , — UTF-8 ou Latin-1) ou classeur XLSX ; la première ligne nomme les colonnes.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
    )

    def __init__(self, *args: Any, mappings: QuerySet[ImportMapping], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings  # type: ignore[attr-defined]

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

"""Imports from other crèche software: the column mapping saved per source, and the record of each
imported file (the batch), which is the audit trail of the rows it wrote."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ribambelle.care.enums import (
    WEEKDAY_COLUMNS,
    AbsenceReason,
    AttendanceColumn,
    ContractColumn,
    ContractKind,
    ImportDateFormat,
    ImportKind,
    ImportTimeFormat,
)

# The fields that identify a child without our id, all three together (the same values in each kind).
CHILD_IDENTITY = (AttendanceColumn.FAMILY_REFERENCE, AttendanceColumn.CHILD_FIRST_NAME, AttendanceColumn.CHILD_BIRTH_ON)
# Each kind's fields, and the values its labels translate to (with the French name of such a value).
COLUMNS: dict[str, type[models.TextChoices]] = {
    ImportKind.ATTENDANCE: AttendanceColumn,
    ImportKind.CONTRACTS: ContractColumn,
}
LABELS: dict[str, tuple[type[models.TextChoices], str]] = {
    ImportKind.ATTENDANCE: (AbsenceReason, "Motif"),
    ImportKind.CONTRACTS: (ContractKind, "Type d'accueil"),
}
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")


class ImportMapping(models.Model):
    """How one source software writes its files: which column holds which field, its own labels (of absence
    reasons, of contract kinds) and its date and time formats. Saved per organisation, source and kind, and
    reused at each import."""

    organisation = models.ForeignKey(
        "territory.Organisation", models.PROTECT, related_name="import_mappings", verbose_name="organisation"
    )
    source = models.CharField("logiciel d'origine", max_length=80)
    kind = models.CharField("données importées", max_length=20, choices=ImportKind, default=ImportKind.ATTENDANCE)
    columns = models.JSONField("correspondance des colonnes", default=dict, help_text="colonne du fichier → champ")
    labels = models.JSONField(
        "correspondance des libellés",
        default=dict,
        blank=True,
        help_text="libellé du fichier → valeur (motif d'absence, type d'accueil)",
    )
    date_format = models.CharField("format des dates", max_length=12, choices=ImportDateFormat)
    time_format = models.CharField("format des heures", max_length=12, choices=ImportTimeFormat)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "correspondance d'import"
        verbose_name_plural = "correspondances d'import"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "source", "kind"], name="care_importmapping_unique_source")
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_kind_display().lower()})"

    def clean(self) -> None:
        if self.kind not in COLUMNS:
            return  # the field's own choices refuse it
        choices = COLUMNS[self.kind]
        fields = list(self.columns.values())
        unknown = sorted(set(fields) - set(choices.values))
        if unknown:
            raise ValidationError({"columns": f"Champ inconnu : {', '.join(unknown)}."}, code="unknown_field")
        twice = sorted({field for field in fields if fields.count(field) > 1})
        if twice:
            labels = ", ".join(f"« {choices(field).label} »" for field in twice)
            raise ValidationError({"columns": f"Une seule colonne par champ : {labels}."}, code="twice")
        present = set(fields)
        identity = {field.value for field in CHILD_IDENTITY}
        if AttendanceColumn.CHILD_ID not in present and not identity <= present:
            raise ValidationError(
                {
                    "columns": "Indiquez la colonne de l'identifiant Ribambelle de l'enfant, ou celles du n° de "
                    "dossier de la famille, du prénom et de la date de naissance de l'enfant."
                },
                code="child",
            )
        if not present & {AttendanceColumn.FACILITY_NAME, AttendanceColumn.FACILITY_CAF_ID}:
            raise ValidationError(
                {"columns": "Indiquez la colonne du nom de l'établissement ou de son identifiant IDEQU."},
                code="facility",
            )
        if self.kind == ImportKind.ATTENDANCE:
            _clean_attendance(present)
        else:
            _clean_contracts(present)
        values, name = LABELS[self.kind]
        bad_labels = sorted(set(self.labels.values()) - set(values.values))
        if bad_labels:
            raise ValidationError({"labels": f"{name} inconnu : {', '.join(bad_labels)}."}, code="label")

    def column_of(self, field: AttendanceColumn) -> str | None:
        """The file's column holding ``field``, if the mapping has one."""
        return next((column for column, mapped in self.columns.items() if mapped == field), None)


def _clean_attendance(present: set[str]) -> None:
    if AttendanceColumn.ON not in present:
        raise ValidationError({"columns": "Indiquez la colonne du jour."}, code="day")
    times = {AttendanceColumn.ARRIVED_AT, AttendanceColumn.LEFT_AT}
    if 0 < len(present & times) < len(times):
        raise ValidationError({"columns": "Indiquez les colonnes de l'arrivée et du départ."}, code="times")
    if not present & (times | {AttendanceColumn.ABSENCE_REASON}):
        raise ValidationError(
            {"columns": "Indiquez les colonnes de l'arrivée et du départ, ou celle du motif d'absence."},
            code="nothing",
        )


def _clean_contracts(present: set[str]) -> None:
    if not {ContractColumn.STARTS_ON, ContractColumn.ENDS_ON} <= present:
        raise ValidationError({"columns": "Indiquez les colonnes du début et de la fin du contrat."}, code="span")
    if ContractColumn.KIND not in present:
        raise ValidationError({"columns": "Indiquez la colonne du type d'accueil."}, code="kind")
    if not {ContractColumn.MONTHLY_RESOURCES, ContractColumn.DEPENDENT_CHILDREN} <= present:
        raise ValidationError(
            {
                "columns": "Indiquez les colonnes des ressources mensuelles et du nombre d'enfants à charge de la "
                "famille : le tarif horaire en dépend."
            },
            code="situation",
        )
    for day, pair in zip(_WEEKDAYS, WEEKDAY_COLUMNS, strict=True):
        if len(present & set(pair)) == 1:
            raise ValidationError(
                {"columns": f"Indiquez les colonnes de l'arrivée et du départ du {day}."}, code="weekday"
            )


class ImportBatch(models.Model):
    """One file written by an import: who, when, which file (SHA-256) and what it wrote. The attendance rows
    it wrote carry ``source=import``; they lie in ``facility_ids`` between ``first_on`` and ``last_on``, and
    their natural keys are the file's. The contracts, families and children it wrote have history rows
    naming ``imported_by`` at ``imported_at``. A file is imported once per organisation and kind."""

    organisation = models.ForeignKey(
        "territory.Organisation", models.PROTECT, related_name="import_batches", verbose_name="organisation"
    )
    kind = models.CharField("données importées", max_length=20, choices=ImportKind)
    source = models.CharField("logiciel d'origine", max_length=80)
    mapping = models.JSONField("correspondance appliquée", default=dict)
    file_name = models.CharField("fichier", max_length=255)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    rows = models.PositiveIntegerField("lignes du fichier")
    presences = models.PositiveIntegerField("présences écrites", default=0)
    absences = models.PositiveIntegerField("absences écrites", default=0)
    contracts = models.PositiveIntegerField("contrats écrits", default=0)
    families = models.PositiveIntegerField("familles créées", default=0)
    children = models.PositiveIntegerField("enfants créés", default=0)
    unchanged = models.PositiveIntegerField("lignes déjà enregistrées")
    first_on = models.DateField("premier jour", null=True, blank=True)
    last_on = models.DateField("dernier jour", null=True, blank=True)
    facility_ids = models.JSONField("établissements", default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="importé par"
    )
    imported_at = models.DateTimeField("importé le", auto_now_add=True)

    class Meta:
        verbose_name = "lot importé"
        verbose_name_plural = "lots importés"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "sha256"], name="care_importbatch_unique_file")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d/%m/%Y})"

    @property
    def written(self) -> str:
        """What the batch wrote, in French: « 5 présences, 1 absence »."""
        counts = (
            ((self.presences, "présence"), (self.absences, "absence"))
            if self.kind == ImportKind.ATTENDANCE
            else ((self.contracts, "contrat"), (self.families, "famille créée"), (self.children, "enfant créé"))
        )
        return ", ".join(f"{number} {_plural(noun, number)}" for number, noun in counts)


def _plural(noun: str, number: int) -> str:
    return noun if number < 2 else " ".join(f"{word}s" for word in noun.split())

"""Applications for a place (demandes de place): the child, the wished start and week, the ranked
facilities, the documents received, and a status whose every change is in the history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.families.enums import (
    OPEN_APPLICATION_STATUSES,
    REQUIRED_DOCUMENTS,
    ApplicationDocument,
    ApplicationStatus,
    DayPart,
)

MAX_CHOICES = 5
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN_APPLICATION_STATUSES)


class Application(models.Model):
    family = models.ForeignKey("families.Family", models.PROTECT, related_name="applications", verbose_name="famille")
    child = models.ForeignKey("families.Child", models.PROTECT, related_name="applications", verbose_name="enfant")
    received_on = models.DateField("demande reçue le")
    desired_start_on = models.DateField("accueil souhaité à partir du")
    # [{"weekday": 0, "part": "day"}, …]: one entry per weekday asked for (0 = Monday).
    week = models.JSONField("semaine souhaitée", default=list)
    documents = models.JSONField("pièces reçues", default=list, blank=True)
    accepts_separate_facilities = models.BooleanField(
        "accepte des établissements différents pour les frères et sœurs", default=False
    )
    status = models.CharField("statut", max_length=20, choices=ApplicationStatus, default=ApplicationStatus.RECEIVED)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "demande de place"
        verbose_name_plural = "demandes de place"
        indexes = [models.Index(fields=["status", "received_on"])]

    def __str__(self) -> str:
        return f"Demande n° {self.pk} du {self.received_on:%d/%m/%Y}"

    def clean(self) -> None:
        days = [entry.get("weekday") for entry in self.week if isinstance(entry, dict)]
        if not self.week or len(days) != len(self.week):
            raise ValidationError({"week": "Indiquez au moins un jour d'accueil souhaité."}, code="week")
        if len(set(days)) != len(days) or not all(day in range(len(WEEKDAYS)) for day in days):
            raise ValidationError({"week": "Chaque jour de la semaine ne peut être demandé qu'une fois."})
        if not all(entry.get("part") in DayPart.values for entry in self.week):
            raise ValidationError({"week": "Choisissez matin, après-midi ou journée pour chaque jour."})
        if not set(self.documents) <= set(ApplicationDocument.values):
            raise ValidationError({"documents": "Pièce inconnue."}, code="documents")
        if self.child_id and self.family_id and self.child.family_id != self.family_id:
            raise ValidationError("Cet enfant n'appartient pas à cette famille.", code="child_family")
        if self.received_on and self.desired_start_on and self.desired_start_on < self.received_on:
            raise ValidationError(
                {"desired_start_on": "L'accueil souhaité ne peut pas commencer avant la demande."}, code="start"
            )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES

    @property
    def missing_documents(self) -> list[ApplicationDocument]:
        return [document for document in REQUIRED_DOCUMENTS if document not in self.documents]

    def week_lines(self) -> list[str]:
        """« lundi : journée », … in weekday order."""
        entries = sorted(self.week, key=lambda entry: entry["weekday"])
        return [f"{WEEKDAYS[entry['weekday']]} : {DayPart(entry['part']).label.lower()}" for entry in entries]


class ApplicationChoice(models.Model):
    """A facility the family asks for, by rank (1 = first wish), with the section of the child's age at the
    wished start (none when the facility has no sections)."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="choices", verbose_name="demande")
    rank = models.PositiveSmallIntegerField("rang")
    facility = models.ForeignKey(
        "territory.Facility", models.PROTECT, related_name="application_choices", verbose_name="établissement"
    )
    section = models.ForeignKey(
        "territory.Section",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="application_choices",
        verbose_name="section",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vœu"
        verbose_name_plural = "vœux"
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="families_choice_unique_rank"),
            models.UniqueConstraint(fields=["application", "facility"], name="families_choice_unique_facility"),
        ]

    def __str__(self) -> str:
        return f"Vœu {self.rank} : {self.facility}"

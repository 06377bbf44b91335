from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.care.enums import ContractKind, ContractStatus, VersionReason


class ContractQuerySet(models.QuerySet["Contract"]):
    def active_on(self, day: date) -> ContractQuerySet:
        return self.filter(starts_on__lte=day, ends_on__gte=day).exclude(status=ContractStatus.CANCELLED)

    def overlapping(self, start_on: date, end_on: date) -> ContractQuerySet:
        return self.filter(starts_on__lte=end_on, ends_on__gte=start_on).exclude(status=ContractStatus.CANCELLED)


class Contract(models.Model):
    """A child's care agreement at a facility; its terms live in dated versions (the avenants)."""

    child = models.ForeignKey("families.Child", models.PROTECT, related_name="contracts", verbose_name="enfant")
    facility = models.ForeignKey(
        "territory.Facility", models.PROTECT, related_name="contracts", verbose_name="établissement"
    )
    section = models.ForeignKey(
        "territory.Section", models.PROTECT, null=True, blank=True, related_name="contracts", verbose_name="section"
    )
    kind = models.CharField("type d'accueil", max_length=20, choices=ContractKind)
    status = models.CharField("statut", max_length=20, choices=ContractStatus, default=ContractStatus.DRAFT)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "contrat d'accueil"
        verbose_name_plural = "contrats d'accueil"
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="care_contract_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.starts_on:%d/%m/%Y} au {self.ends_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "La fin du contrat ne peut pas précéder son début."}, code="order")


class ContractVersionQuerySet(models.QuerySet["ContractVersion"]):
    def in_force_on(self, day: date) -> ContractVersionQuerySet:
        return self.filter(valid_from__lte=day).order_by("-valid_from")


class ContractVersion(models.Model):
    """The terms of a contract from ``valid_from`` until the next version: weekly schedule, weeks of
    attendance, and the hourly fee with the inputs and references it was computed from."""

    contract = models.ForeignKey(Contract, models.PROTECT, related_name="versions", verbose_name="contrat")
    valid_from = models.DateField("à partir du")
    reason = models.CharField("motif", max_length=20, choices=VersionReason)
    schedule = models.JSONField(
        "horaires hebdomadaires",
        default=list,
        blank=True,
        help_text="Liste de plages {weekday: 0–6, start: minutes, end: minutes} ; vide pour l'occasionnel.",
    )
    attendance_weeks = models.PositiveSmallIntegerField("semaines de présence", null=True, blank=True)
    monthly_resources = models.DecimalField("ressources mensuelles (€)", max_digits=9, decimal_places=2)
    dependent_children = models.PositiveSmallIntegerField("enfants à charge", validators=[MinValueValidator(1)])
    aeeh_children = models.PositiveSmallIntegerField("enfants AEEH", default=0)
    hourly_fee = models.DecimalField("tarif horaire (€)", max_digits=6, decimal_places=2)
    fee_provenance = models.JSONField("calcul du tarif", default=dict, blank=True)

    objects = ContractVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "version du contrat"
        verbose_name_plural = "versions du contrat"
        constraints = [
            models.UniqueConstraint(fields=["contract", "valid_from"], name="care_contractversion_one_per_start"),
            models.CheckConstraint(condition=models.Q(hourly_fee__gte=0), name="care_contractversion_fee"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} au {self.valid_from:%d/%m/%Y}"

    @property
    def weekly_minutes(self) -> int:
        return sum(period["end"] - period["start"] for period in self.schedule)

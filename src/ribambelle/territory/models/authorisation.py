from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.territory.models.facility import Facility, age_bounds_check


class AuthorisationQuerySet(models.QuerySet["Authorisation"]):
    def in_force_on(self, day: date) -> AuthorisationQuerySet:
        return self.filter(valid_from__lte=day).exclude(expires_on__lt=day)


class Authorisation(models.Model):
    """A dated PMI authorisation (autorisation d'ouverture) of a facility; the latest in force applies."""

    facility = models.ForeignKey(Facility, models.PROTECT, related_name="authorisations", verbose_name="établissement")
    reference = models.CharField("référence de l'arrêté", max_length=80, blank=True)
    decided_on = models.DateField("date de la décision")
    valid_from = models.DateField("en vigueur à partir du")
    expires_on = models.DateField(
        "échéance",
        null=True,
        blank=True,
        help_text="Calculée (15 ans) pour une décision prise depuis le 03/04/2025 ; sinon celle de l'arrêté.",
    )
    capacity = models.PositiveSmallIntegerField("capacité (places)", validators=[MinValueValidator(1)])
    min_age_months = models.PositiveSmallIntegerField("âge minimal (mois)", default=2)
    max_age_months = models.PositiveSmallIntegerField("âge maximal (mois)", default=72)

    objects = AuthorisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "autorisation PMI"
        verbose_name_plural = "autorisations PMI"
        constraints = [
            models.UniqueConstraint(fields=["facility", "valid_from"], name="territory_authorisation_one_per_start"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="territory_authorisation_capacity"),
            models.CheckConstraint(
                condition=models.Q(max_age_months__gt=models.F("min_age_months")),
                name="territory_authorisation_ages",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gt=models.F("valid_from")),
                name="territory_authorisation_expiry_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Autorisation du {self.decided_on:%d/%m/%Y} — {self.capacity} places"

    def clean(self) -> None:
        age_bounds_check(self.min_age_months, self.max_age_months)
        errors = {}
        if self.valid_from and self.decided_on and self.valid_from < self.decided_on:
            errors["valid_from"] = "L'autorisation ne peut pas entrer en vigueur avant la décision."
        if self.expires_on and self.valid_from and self.expires_on <= self.valid_from:
            errors["expires_on"] = "L'échéance doit suivre l'entrée en vigueur."
        if errors:
            raise ValidationError(errors)


class AuthorisationSlot(models.Model):
    """Agrément modulé: the capacity authorised during one time slot of the day."""

    authorisation = models.ForeignKey(Authorisation, models.CASCADE, related_name="slots", verbose_name="autorisation")
    starts_at = models.TimeField("de")
    ends_at = models.TimeField("à")
    capacity = models.PositiveSmallIntegerField("capacité (places)")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "plage modulée"
        verbose_name_plural = "plages modulées"
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="territory_slot_order"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M} : {self.capacity} places"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "La fin de la plage doit suivre son début."}, code="order")

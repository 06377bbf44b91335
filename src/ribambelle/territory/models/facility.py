from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.territory.enums import (
    ClosureKind,
    FacilityType,
    Funding,
    ManagementMode,
    SectionKind,
    Weekday,
)
from ribambelle.territory.models.organisation import Organisation, Sector


def age_bounds_check(min_age_months: int | None, max_age_months: int | None) -> None:
    if min_age_months is not None and max_age_months is not None and max_age_months <= min_age_months:
        raise ValidationError({"max_age_months": "L'âge maximal doit dépasser l'âge minimal."}, code="ages")


postcode_validator = RegexValidator(r"^\d{5}$", "Le code postal compte 5 chiffres.", "postcode")


class FacilityQuerySet(models.QuerySet["Facility"]):
    def active(self) -> FacilityQuerySet:
        return self.filter(closed_on__isnull=True)


class Facility(models.Model):
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="facilities", verbose_name="organisation"
    )
    sector = models.ForeignKey(
        Sector, models.PROTECT, null=True, blank=True, related_name="facilities", verbose_name="secteur"
    )
    name = models.CharField("nom", max_length=200)
    facility_type = models.CharField("type d'accueil", max_length=30, choices=FacilityType)
    management_mode = models.CharField("mode de gestion", max_length=20, choices=ManagementMode)
    manager_name = models.CharField(
        "gestionnaire",
        max_length=200,
        blank=True,
        help_text="Association, délégataire ou entreprise, hors régie.",
    )
    funding = models.CharField("financement", max_length=10, choices=Funding)
    address = models.CharField("adresse", max_length=250)
    postcode = models.CharField("code postal", max_length=5, validators=[postcode_validator])
    city = models.CharField("commune", max_length=120)
    caf_file_number = models.CharField("n° de dossier AFC (CAF)", max_length=30, blank=True)
    caf_equipment_id = models.CharField("identifiant équipement IDEQU (CAF)", max_length=30, blank=True)
    children_area_m2 = models.DecimalField(
        "surface des espaces enfants (m²)",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    opened_on = models.DateField("date d'ouverture", null=True, blank=True)
    closed_on = models.DateField("date de fermeture définitive", null=True, blank=True)
    directors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="directed_facilities",
        verbose_name="direction",
        limit_choices_to={"role": "director"},
    )

    objects = FacilityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[directors])

    class Meta:
        verbose_name = "établissement"
        verbose_name_plural = "établissements"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="territory_facility_unique_name"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="territory_facility_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError(
                {"closed_on": "La fermeture définitive ne peut pas précéder l'ouverture."},
                code="closed_before",
            )
        if self.sector_id and self.organisation_id and self.sector.organisation_id != self.organisation_id:
            raise ValidationError({"sector": "Ce secteur appartient à une autre organisation."}, code="sector_org")

    @property
    def type_enum(self) -> FacilityType:
        return FacilityType(self.facility_type)


class OpeningHours(models.Model):
    facility = models.ForeignKey(Facility, models.CASCADE, related_name="opening_hours", verbose_name="établissement")
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday)
    opens_at = models.TimeField("ouverture")
    closes_at = models.TimeField("fermeture")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "horaire d'ouverture"
        verbose_name_plural = "horaires d'ouverture"
        constraints = [
            models.UniqueConstraint(fields=["facility", "weekday"], name="territory_openinghours_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="territory_openinghours_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "L'heure de fermeture doit suivre l'heure d'ouverture."}, code="order")

    @property
    def minutes(self) -> int:
        return (self.closes_at.hour * 60 + self.closes_at.minute) - (self.opens_at.hour * 60 + self.opens_at.minute)


class ClosureQuerySet(models.QuerySet["Closure"]):
    def overlapping(self, start_on: date, end_on: date) -> ClosureQuerySet:
        return self.filter(start_on__lte=end_on, end_on__gte=start_on)


class Closure(models.Model):
    facility = models.ForeignKey(Facility, models.CASCADE, related_name="closures", verbose_name="établissement")
    kind = models.CharField("nature", max_length=20, choices=ClosureKind)
    start_on = models.DateField("premier jour")
    end_on = models.DateField("dernier jour")
    label = models.CharField("libellé", max_length=120, blank=True)

    objects = ClosureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "fermeture"
        verbose_name_plural = "fermetures"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")), name="territory_closure_order"
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": "Le dernier jour ne peut pas précéder le premier."}, code="order")

    @property
    def days(self) -> int:
        return (self.end_on - self.start_on).days + 1


class Section(models.Model):
    facility = models.ForeignKey(Facility, models.PROTECT, related_name="sections", verbose_name="établissement")
    name = models.CharField("nom", max_length=80)
    kind = models.CharField("type de section", max_length=10, choices=SectionKind)
    min_age_months = models.PositiveSmallIntegerField("âge minimal (mois)")
    max_age_months = models.PositiveSmallIntegerField("âge maximal (mois)")
    places = models.PositiveSmallIntegerField("places", validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "section"
        verbose_name_plural = "sections"
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="territory_section_unique_name"),
            models.CheckConstraint(
                condition=models.Q(max_age_months__gt=models.F("min_age_months")),
                name="territory_section_ages",
            ),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="territory_section_places"),
        ]

    def __str__(self) -> str:
        return f"{self.facility} — {self.name}"

    def clean(self) -> None:
        age_bounds_check(self.min_age_months, self.max_age_months)

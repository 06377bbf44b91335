"""Families and their children: only what the care and the fee need (controlled choices, no free text)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.families.enums import ResourcesSource, SocialSecurityScheme
from ribambelle.rules.authorisation import add_months


class Family(models.Model):
    organisation = models.ForeignKey(
        "territory.Organisation", models.PROTECT, related_name="families", verbose_name="organisation"
    )
    reference = models.CharField("n° de dossier", max_length=20)
    parent_first_name = models.CharField("prénom du parent", max_length=80)
    parent_last_name = models.CharField("nom du parent", max_length=80)
    other_parent_first_name = models.CharField("prénom de l'autre parent", max_length=80, blank=True)
    other_parent_last_name = models.CharField("nom de l'autre parent", max_length=80, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    address = models.CharField("adresse", max_length=250)
    postcode = models.CharField(
        "code postal", max_length=5, validators=[RegexValidator(r"^\d{5}$", "Le code postal compte 5 chiffres.")]
    )
    city = models.CharField("commune", max_length=120)
    sector = models.ForeignKey(
        "territory.Sector", models.PROTECT, null=True, blank=True, related_name="families", verbose_name="secteur"
    )
    caf_number = models.CharField("n° allocataire CAF", max_length=20, blank=True)
    social_security_scheme = models.CharField(
        "régime de sécurité sociale",
        max_length=20,
        choices=SocialSecurityScheme,
        default=SocialSecurityScheme.GENERAL,
    )
    filoue_consent = models.BooleanField(
        "accepte la transmission à la CAF (FILOUE)",
        default=False,
        help_text="Fichier statistique des enfants accueillis, pseudonymisé par la Cnaf ; "
        "seules les familles qui l'acceptent y figurent.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "famille"
        verbose_name_plural = "familles"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="families_family_unique_reference")
        ]

    def __str__(self) -> str:
        return f"{self.parent_last_name.upper()} {self.parent_first_name} ({self.reference})"


class FamilySituationQuerySet(models.QuerySet["FamilySituation"]):
    def in_force_on(self, day: date) -> FamilySituationQuerySet:
        return self.filter(valid_from__lte=day)


class FamilySituation(models.Model):
    """The dated facts the family fee depends on; a change starts a new row (the fee is recomputed)."""

    family = models.ForeignKey(Family, models.PROTECT, related_name="situations", verbose_name="famille")
    valid_from = models.DateField("à partir du")
    monthly_resources = models.DecimalField(
        "ressources mensuelles (€)", max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    resources_source = models.CharField("origine des ressources", max_length=20, choices=ResourcesSource)
    dependent_children = models.PositiveSmallIntegerField("enfants à charge", validators=[MinValueValidator(1)])
    aeeh_children = models.PositiveSmallIntegerField("enfants bénéficiaires de l'AEEH", default=0)

    objects = FamilySituationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "situation de la famille"
        verbose_name_plural = "situations de la famille"
        constraints = [
            models.UniqueConstraint(fields=["family", "valid_from"], name="families_situation_one_per_start"),
            models.CheckConstraint(
                condition=models.Q(aeeh_children__lte=models.F("dependent_children")),
                name="families_situation_aeeh_le_children",
            ),
        ]

    def __str__(self) -> str:
        return f"Situation au {self.valid_from:%d/%m/%Y}"

    def clean(self) -> None:
        known = self.aeeh_children is not None and self.dependent_children is not None
        if known and self.aeeh_children > self.dependent_children:
            raise ValidationError({"aeeh_children": "Il ne peut y avoir plus d'enfants AEEH que d'enfants à charge."})


class Child(models.Model):
    family = models.ForeignKey(Family, models.PROTECT, related_name="children", verbose_name="famille")
    first_name = models.CharField("prénom", max_length=80)
    last_name = models.CharField("nom", max_length=80)
    birth_on = models.DateField("date de naissance", null=True, blank=True)
    expected_birth_on = models.DateField("naissance prévue le", null=True, blank=True)
    walks_since = models.DateField(
        "marche depuis le",
        null=True,
        blank=True,
        help_text="Vide tant que l'enfant ne marche pas (taux d'encadrement).",
    )
    ase_placement = models.BooleanField("placé par l'aide sociale à l'enfance", default=False)
    disability = models.BooleanField(
        "en situation de handicap",
        default=False,
        help_text="Bénéficiaire de l'AEEH ou handicap en cours de détection (bonus inclusion handicap).",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "enfant"
        verbose_name_plural = "enfants"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_on__isnull=False) | models.Q(expected_birth_on__isnull=False),
                name="families_child_birth_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        if self.birth_on is None and self.expected_birth_on is None:
            raise ValidationError("Indiquez la date de naissance ou la date de naissance prévue.", code="birth")
        if self.walks_since and self.birth_on and self.walks_since < self.birth_on:
            raise ValidationError({"walks_since": "L'enfant ne peut pas marcher avant sa naissance."})

    def age_in_months(self, on: date) -> int | None:
        """Whole months of age on ``on``; None before birth or when the birth date is not known yet."""
        if self.birth_on is None or on < self.birth_on:
            return None
        return months_of_age(self.birth_on, on)

    def expected_age_in_months(self, on: date) -> int | None:
        """The age on ``on``, from the expected birth for a child not born yet; None before (expected) birth."""
        born = self.birth_on or self.expected_birth_on
        return months_of_age(born, on) if born is not None and born <= on else None

    def walks_on(self, on: date) -> bool:
        return self.walks_since is not None and self.walks_since <= on


def months_of_age(born: date, on: date) -> int:
    """Whole months from ``born`` to ``on`` (``on`` not before ``born``)."""
    months = (on.year - born.year) * 12 + on.month - born.month
    return months if add_months(born, months) <= on else months - 1

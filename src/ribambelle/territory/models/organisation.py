from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.territory.enums import OrganisationKind


def validate_siren(value: str) -> None:
    """A SIREN is nine digits whose Luhn checksum is valid."""
    if len(value) != 9 or not value.isdigit():
        raise ValidationError("Le SIREN compte exactement 9 chiffres.", code="siren_format")
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    if total % 10:
        raise ValidationError("Ce SIREN n'est pas valide (clé de contrôle incorrecte).", code="siren_checksum")


insee_code_validator = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$", "Le code INSEE compte 5 caractères (par exemple 69123 ou 2A004).", "insee"
)


class Organisation(models.Model):
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=OrganisationKind)
    siren = models.CharField("SIREN", max_length=9, unique=True, validators=[validate_siren])
    insee_code = models.CharField(
        "code INSEE",
        max_length=5,
        validators=[insee_code_validator],
        help_text="Commune siège ou principale.",
    )
    population = models.PositiveIntegerField(
        "population",
        help_text="Population municipale ; fixe les obligations du service public de la petite enfance.",
    )
    caf_code = models.CharField(
        "code organisme CAF",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", "Le code organisme CAF compte 3 chiffres (par exemple 941).")],
        help_text="Caisse d'allocations familiales dont relève le territoire (déclarations et FILOUE).",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="sectors", verbose_name="organisation")
    name = models.CharField("nom", max_length=120)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "secteur"
        verbose_name_plural = "secteurs"
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="territory_sector_unique_name")]

    def __str__(self) -> str:
        return self.name

from __future__ import annotations

from django.db import models

from ribambelle.rules import FacilityKind
from ribambelle.rules.fees import CareMode


class OrganisationKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    INTERCOMMUNALITY = "intercommunality", "Intercommunalité"
    ASSOCIATION = "association", "Association"
    COMPANY = "company", "Entreprise"


class FacilityType(models.TextChoices):
    MULTI_ACCUEIL = "multi_accueil", "Multi-accueil"
    CRECHE_COLLECTIVE = "creche_collective", "Crèche collective"
    HALTE_GARDERIE = "halte_garderie", "Halte-garderie"
    MICRO_CRECHE = "micro_creche", "Micro-crèche"
    JARDIN_ENFANTS = "jardin_enfants", "Jardin d'enfants"
    CRECHE_FAMILIALE = "creche_familiale", "Crèche familiale"
    CRECHE_PARENTALE = "creche_parentale", "Crèche parentale"

    @property
    def regulatory_kind(self) -> FacilityKind:
        """The category scale of the code de la santé publique that applies to this type."""
        if self is FacilityType.CRECHE_FAMILIALE:
            return FacilityKind.FAMILIAL
        if self is FacilityType.JARDIN_ENFANTS:
            return FacilityKind.KINDERGARTEN
        return FacilityKind.COLLECTIVE

    @property
    def care_mode(self) -> CareMode:
        """The column of the PSU taux d'effort barème that applies to this type."""
        return {
            FacilityType.MICRO_CRECHE: CareMode.MICRO,
            FacilityType.CRECHE_FAMILIALE: CareMode.FAMILIAL,
            FacilityType.CRECHE_PARENTALE: CareMode.PARENTAL,
        }.get(self, CareMode.COLLECTIVE)


class ManagementMode(models.TextChoices):
    REGIE = "regie", "Régie"
    ASSOCIATION = "association", "Association"
    DSP = "dsp", "Délégation de service public"
    MARCHE = "marche", "Marché public"
    ENTREPRISE = "entreprise", "Entreprise"


class Funding(models.TextChoices):
    PSU = "psu", "PSU (prestation de service unique)"
    PAJE = "paje", "PAJE (complément mode de garde)"


class ClosureKind(models.TextChoices):
    ANNUAL = "annual", "Fermeture annuelle"
    PUBLIC_HOLIDAY = "public_holiday", "Jour férié"
    EXCEPTIONAL = "exceptional", "Fermeture exceptionnelle"


class SectionKind(models.TextChoices):
    BABIES = "babies", "Bébés"
    MIDDLE = "middle", "Moyens"
    OLDER = "older", "Grands"
    MIXED = "mixed", "Section mixte"
    CUSTOM = "custom", "Autre"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "lundi"
    TUESDAY = 1, "mardi"
    WEDNESDAY = 2, "mercredi"
    THURSDAY = 3, "jeudi"
    FRIDAY = 4, "vendredi"
    SATURDAY = 5, "samedi"
    SUNDAY = 6, "dimanche"


class FindingSeverity(models.TextChoices):
    ERROR = "error", "Non-conformité"
    WARNING = "warning", "À surveiller"

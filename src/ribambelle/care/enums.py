from __future__ import annotations

from django.db import models


class ContractKind(models.TextChoices):
    REGULAR = "regular", "Accueil régulier"
    OCCASIONAL = "occasional", "Accueil occasionnel"
    EMERGENCY = "emergency", "Accueil d'urgence"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SIGNED = "signed", "Signé"
    CANCELLED = "cancelled", "Annulé"


class VersionReason(models.TextChoices):
    INITIAL = "initial", "Contrat initial"
    AMENDMENT = "amendment", "Avenant (horaires ou semaines)"
    SITUATION = "situation", "Changement de situation de la famille"
    SCALE = "scale", "Nouveau plancher ou plafond du barème"


class AbsenceReason(models.TextChoices):
    """Mirrors rules.billing.AbsenceReason (a test checks the values match)."""

    ILLNESS_WITH_CERTIFICATE = "illness_with_certificate", "Maladie avec certificat médical"
    ILLNESS_WITHOUT_CERTIFICATE = "illness_without_certificate", "Maladie sans certificat"
    HOSPITALISATION = "hospitalisation", "Hospitalisation"
    EVICTION = "eviction", "Éviction"
    FACILITY_CLOSURE = "facility_closure", "Fermeture de l'établissement"
    FAMILY_LEAVE = "family_leave", "Congé de la famille"
    UNJUSTIFIED = "unjustified", "Absence non justifiée"


class RecordSource(models.TextChoices):
    TABLET = "tablet", "Pointage sur place"
    IMPORT = "import", "Import de fichier"
    DEMO = "demo", "Données de démonstration"

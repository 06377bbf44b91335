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


class ImportKind(models.TextChoices):
    ATTENDANCE = "attendance", "Pointages (présences et absences)"


class ImportDateFormat(models.TextChoices):
    """How a source writes its dates; the value is the pattern, the label an example."""

    DAY_MONTH_YEAR = "dd/mm/yyyy", "31/12/2026"
    DAY_MONTH_SHORT_YEAR = "dd/mm/yy", "31/12/26"
    DAY_MONTH_YEAR_DASH = "dd-mm-yyyy", "31-12-2026"
    DAY_MONTH_YEAR_DOT = "dd.mm.yyyy", "31.12.2026"
    ISO = "yyyy-mm-dd", "2026-12-31"


class ImportTimeFormat(models.TextChoices):
    HOURS_MINUTES = "hh:mm", "08:30"
    HOURS_MINUTES_SECONDS = "hh:mm:ss", "08:30:00"
    FRENCH = "hhhmm", "08h30"


class AttendanceColumn(models.TextChoices):
    """The fields an attendance file's columns map to (ImportMapping.columns: source column → field)."""

    CHILD_ID = "child_id", "Identifiant Ribambelle de l'enfant"
    FAMILY_REFERENCE = "family_reference", "N° de dossier de la famille"
    CHILD_FIRST_NAME = "child_first_name", "Prénom de l'enfant"
    CHILD_BIRTH_ON = "child_birth_on", "Date de naissance de l'enfant"
    FACILITY_NAME = "facility_name", "Nom de l'établissement"
    FACILITY_CAF_ID = "facility_caf_id", "Identifiant équipement IDEQU (CAF)"
    ON = "on", "Jour"
    ARRIVED_AT = "arrived_at", "Heure d'arrivée"
    LEFT_AT = "left_at", "Heure de départ"
    ABSENCE_REASON = "absence_reason", "Motif d'absence"

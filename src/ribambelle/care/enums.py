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
    CONTRACTS = "contracts", "Contrats d'accueil"


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


class ContractColumn(models.TextChoices):
    """The fields a contract file's columns map to. The child and the facility are found as in an attendance
    file (same values); a child not found by dossier number, first name and birth date is created with its
    family, from the family's columns."""

    CHILD_ID = "child_id", "Identifiant Ribambelle de l'enfant"
    FAMILY_REFERENCE = "family_reference", "N° de dossier de la famille"
    CHILD_FIRST_NAME = "child_first_name", "Prénom de l'enfant"
    CHILD_BIRTH_ON = "child_birth_on", "Date de naissance de l'enfant"
    CHILD_LAST_NAME = "child_last_name", "Nom de l'enfant"
    PARENT_LAST_NAME = "parent_last_name", "Nom du parent"
    PARENT_FIRST_NAME = "parent_first_name", "Prénom du parent"
    ADDRESS = "address", "Adresse de la famille"
    POSTCODE = "postcode", "Code postal"
    CITY = "city", "Commune"
    FACILITY_NAME = "facility_name", "Nom de l'établissement"
    FACILITY_CAF_ID = "facility_caf_id", "Identifiant équipement IDEQU (CAF)"
    KIND = "kind", "Type d'accueil"
    STARTS_ON = "starts_on", "Début du contrat"
    ENDS_ON = "ends_on", "Fin du contrat"
    ATTENDANCE_WEEKS = "attendance_weeks", "Semaines de présence dans l'année"
    MONDAY_START = "monday_start", "Arrivée le lundi"
    MONDAY_END = "monday_end", "Départ le lundi"
    TUESDAY_START = "tuesday_start", "Arrivée le mardi"
    TUESDAY_END = "tuesday_end", "Départ le mardi"
    WEDNESDAY_START = "wednesday_start", "Arrivée le mercredi"
    WEDNESDAY_END = "wednesday_end", "Départ le mercredi"
    THURSDAY_START = "thursday_start", "Arrivée le jeudi"
    THURSDAY_END = "thursday_end", "Départ le jeudi"
    FRIDAY_START = "friday_start", "Arrivée le vendredi"
    FRIDAY_END = "friday_end", "Départ le vendredi"
    SATURDAY_START = "saturday_start", "Arrivée le samedi"
    SATURDAY_END = "saturday_end", "Départ le samedi"
    MONTHLY_RESOURCES = "monthly_resources", "Ressources mensuelles (€)"
    DEPENDENT_CHILDREN = "dependent_children", "Enfants à charge"
    AEEH_CHILDREN = "aeeh_children", "Enfants bénéficiaires de l'AEEH"


# The arrival and departure columns of each contracted weekday, Monday (0) to Saturday (5).
WEEKDAY_COLUMNS = (
    (ContractColumn.MONDAY_START, ContractColumn.MONDAY_END),
    (ContractColumn.TUESDAY_START, ContractColumn.TUESDAY_END),
    (ContractColumn.WEDNESDAY_START, ContractColumn.WEDNESDAY_END),
    (ContractColumn.THURSDAY_START, ContractColumn.THURSDAY_END),
    (ContractColumn.FRIDAY_START, ContractColumn.FRIDAY_END),
    (ContractColumn.SATURDAY_START, ContractColumn.SATURDAY_END),
)

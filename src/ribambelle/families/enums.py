from __future__ import annotations

from django.db import models


class ResourcesSource(models.TextChoices):
    """Where the monthly resources used for the fee come from (no free text about families)."""

    CAF = "caf", "Ressources connues de la CAF (CDAP)"
    TAX_NOTICE = "tax_notice", "Avis d'imposition"
    UNKNOWN = "unknown", "Ressources inconnues (accueil d'urgence)"


class SocialSecurityScheme(models.TextChoices):
    """The family's social-security scheme, reported in FILOUE (the CAF's own codes are not confirmed:
    the export maps these values, docs/caf-reporting.md)."""

    GENERAL = "general", "Régime général"
    AGRICULTURAL = "agricultural", "Régime agricole (MSA)"
    OTHER = "other", "Autre régime"


class ApplicationStatus(models.TextChoices):
    """The life of an application (demande de place); APPLICATION_MOVES lists the allowed changes."""

    RECEIVED = "received", "Reçue"
    COMPLETE = "complete", "Complète"
    IN_COMMITTEE = "in_committee", "En commission"
    OFFERED = "offered", "Place proposée"
    ACCEPTED = "accepted", "Place acceptée"
    REFUSED = "refused", "Place refusée"
    WITHDRAWN = "withdrawn", "Retirée"
    ADMITTED = "admitted", "Enfant accueilli"


_S = ApplicationStatus
# From each status, where an application may go. A committee takes complete applications; one not placed
# goes back to the waiting list (complete); a refused offer closes the application (the family may apply
# again); withdrawn and admitted are final.
APPLICATION_MOVES: dict[str, frozenset[str]] = {
    _S.RECEIVED: frozenset({_S.COMPLETE, _S.WITHDRAWN}),
    _S.COMPLETE: frozenset({_S.RECEIVED, _S.IN_COMMITTEE, _S.WITHDRAWN}),
    _S.IN_COMMITTEE: frozenset({_S.COMPLETE, _S.OFFERED, _S.WITHDRAWN}),
    _S.OFFERED: frozenset({_S.ACCEPTED, _S.REFUSED, _S.WITHDRAWN}),
    _S.ACCEPTED: frozenset({_S.ADMITTED, _S.WITHDRAWN}),
    _S.REFUSED: frozenset(),
    _S.WITHDRAWN: frozenset(),
    _S.ADMITTED: frozenset(),
}
OPEN_APPLICATION_STATUSES = frozenset(status for status, moves in APPLICATION_MOVES.items() if moves)
# On the waiting list: open and not yet holding an offer.
WAITING_STATUSES = frozenset({_S.RECEIVED, _S.COMPLETE, _S.IN_COMMITTEE})


class DayPart(models.TextChoices):
    """The part of a weekday a family asks for (the engine's half-day slots)."""

    MORNING = "morning", "Matin"
    AFTERNOON = "afternoon", "Après-midi"
    DAY = "day", "Journée"


class ApplicationDocument(models.TextChoices):
    """The documents an application needs before it is complete (a checklist, never the files)."""

    ADDRESS = "address", "Justificatif de domicile"
    RESOURCES = "resources", "N° allocataire CAF ou dernier avis d'imposition"
    FAMILY_RECORD = "family_record", "Livret de famille ou acte de naissance"
    ACTIVITY = "activity", "Justificatif d'activité ou de formation des parents"


# Without them an application stays « reçue »; the activity proof only backs the criteria that count it.
REQUIRED_DOCUMENTS = (ApplicationDocument.ADDRESS, ApplicationDocument.RESOURCES, ApplicationDocument.FAMILY_RECORD)

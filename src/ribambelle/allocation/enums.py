from __future__ import annotations

from django.db import models


class SessionStatus(models.TextChoices):
    PREPARATION = "preparation", "En préparation"
    PROPOSED = "proposed", "Proposition à examiner"
    VALIDATED = "validated", "Décisions validées"


class AdjustmentReason(models.TextChoices):
    """Why the committee departs from the engine's proposal: controlled reasons, never a judgement about a
    family (a free-text note would invite one)."""

    SIBLINGS = "siblings", "Rapprochement de frères et sœurs"
    DISABILITY = "disability", "Accueil adapté à un handicap ou une maladie de l'enfant"
    CHILD_PROTECTION = "child_protection", "Mesure de protection de l'enfance"
    SECTION_BALANCE = "section_balance", "Équilibre des âges dans la section"
    SCHEDULE = "schedule", "Horaires demandés incompatibles avec la place"
    DATA_ERROR = "data_error", "Erreur dans le dossier, corrigée en commission"
    NEXT_IN_LINE = "next_in_line", "Place libérée par un refus ou une absence de réponse"


class OfferStatus(models.TextChoices):
    PENDING = "pending", "En attente de réponse"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    EXPIRED = "expired", "Sans réponse dans le délai"

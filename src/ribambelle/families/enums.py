from __future__ import annotations

from django.db import models


class ResourcesSource(models.TextChoices):
    """Where the monthly resources used for the fee come from (no free text about families)."""

    CAF = "caf", "Ressources connues de la CAF (CDAP)"
    TAX_NOTICE = "tax_notice", "Avis d'imposition"
    UNKNOWN = "unknown", "Ressources inconnues (accueil d'urgence)"

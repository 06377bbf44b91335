from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordination petite enfance"
    DIRECTOR = "director", "Direction d'établissement"
    ELECTED = "elected", "Élu·e"
    HR = "hr", "Ressources humaines"
    ADMINISTRATOR = "administrator", "Administration"

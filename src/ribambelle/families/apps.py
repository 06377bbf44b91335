from __future__ import annotations

from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "ribambelle.families"
    label = "families"
    verbose_name = "Familles"

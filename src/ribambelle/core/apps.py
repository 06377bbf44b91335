from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ribambelle.core"
    label = "core"
    verbose_name = "Noyau"

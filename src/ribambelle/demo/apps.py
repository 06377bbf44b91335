from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ribambelle.demo"
    label = "demo"
    verbose_name = "Démonstration"

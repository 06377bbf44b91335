from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "ribambelle.care"
    label = "care"
    verbose_name = "Accueil des enfants"

    def ready(self) -> None:
        # Registers the app's django-rules permissions.
        from ribambelle.care import perms  # noqa: F401

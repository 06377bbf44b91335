from __future__ import annotations

from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "ribambelle.families"
    label = "families"
    verbose_name = "Familles"
    navigation = (
        ("Nouvelle famille", "families:family_create", "families.add_family"),
        ("Demandes de place", "families:application_list", "families.view_applications"),
    )

    def ready(self) -> None:
        # Registers the app's django-rules permissions.
        from ribambelle.families import perms  # noqa: F401

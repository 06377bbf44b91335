from __future__ import annotations

from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "ribambelle.territory"
    label = "territory"
    verbose_name = "Territoire"
    navigation = (
        ("Tableau de bord", "territory:cockpit", None),
        ("Nouvel établissement", "territory:facility_create", "territory.add_facility"),
        ("Contrôle du registre", "territory:registry_check", "territory.check_registry"),
        ("Simulateur de tarif", "territory:fee_simulator", "territory.view_parameters"),
        ("Réglementation", "territory:parameter_list", "territory.view_parameters"),
    )

    def ready(self) -> None:
        # Registers the app's django-rules permissions and its job runners.
        from ribambelle.territory import perms, tasks  # noqa: F401

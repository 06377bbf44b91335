from __future__ import annotations

from django.apps import AppConfig


class AllocationConfig(AppConfig):
    """Place allocation: the criteria grid and the points of applications, the ranked waiting lists, and the
    `allocate` command over the pure engine (engines/allocation); committee sessions come next."""

    name = "ribambelle.allocation"
    label = "allocation"
    verbose_name = "Attribution des places"
    navigation = (
        ("Liste d'attente", "allocation:waiting_list", "allocation.view_waiting_list"),
        ("Critères d'attribution", "allocation:grid_list", "allocation.view_grids"),
    )

    def ready(self) -> None:
        # Registers the app's django-rules permissions.
        from ribambelle.allocation import perms  # noqa: F401

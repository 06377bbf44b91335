from __future__ import annotations

from django.apps import AppConfig


class AllocationConfig(AppConfig):
    """Place allocation: the criteria grid and the points of applications, the ranked waiting lists, and the
    committee sessions, and the `allocate` command over the pure engine (engines/allocation)."""

    name = "ribambelle.allocation"
    label = "allocation"
    verbose_name = "Attribution des places"
    navigation = (
        ("Liste d'attente", "allocation:waiting_list", "allocation.view_waiting_list"),
        ("Commissions", "allocation:session_list", "allocation.run_committee"),
        ("Chiffres des commissions", "allocation:figures", "allocation.view_figures"),
        ("Critères d'attribution", "allocation:grid_list", "allocation.view_grids"),
    )

    def ready(self) -> None:
        # Registers the app's django-rules permissions and its job runners.
        from ribambelle.allocation import perms, tasks  # noqa: F401

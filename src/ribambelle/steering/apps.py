from __future__ import annotations

from django.apps import AppConfig


class SteeringConfig(AppConfig):
    """Steering: the activity indicators (facts kept up to date from the attendance, the `indicators`
    command over engines/indicators), the activity cockpit and the CAF reports (caf/: activity file,
    FILOUE)."""

    name = "ribambelle.steering"
    label = "steering"
    verbose_name = "Pilotage"
    navigation = (
        ("Activité", "steering:cockpit", "steering.view_activity"),
        ("Déclarations CAF", "steering:caf_index", "steering.view_caf_reports"),
    )

    def ready(self) -> None:
        # Keeps the facts up to date when attendance is recorded or imported; the cockpit's permissions and
        # job runner (stale billing).
        from ribambelle.steering import perms, receivers, tasks  # noqa: F401

        # The CAF reports' permissions and the job runner of the activity file of many facilities.
        from ribambelle.steering.caf import jobs  # noqa: F401
        from ribambelle.steering.caf import perms as caf_perms  # noqa: F401

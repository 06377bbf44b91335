from __future__ import annotations

from django.apps import AppConfig


class SteeringConfig(AppConfig):
    """Steering: the activity indicators (facts kept up to date from the attendance, the `indicators`
    command over engines/indicators), the activity cockpit and the CAF reports."""

    name = "ribambelle.steering"
    label = "steering"
    verbose_name = "Pilotage"
    navigation = (("Activité", "steering:cockpit", "steering.view_activity"),)

    def ready(self) -> None:
        # Keeps the facts up to date when attendance is recorded or imported.
        from ribambelle.steering import perms, receivers, tasks  # noqa: F401

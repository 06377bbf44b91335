from __future__ import annotations

from django.apps import AppConfig


class SteeringConfig(AppConfig):
    """Steering: the activity indicators (facts kept up to date from the attendance, the `indicators`
    command over engines/indicators). The cockpit pages and the CAF reports come later."""

    name = "ribambelle.steering"
    label = "steering"
    verbose_name = "Pilotage"

    def ready(self) -> None:
        # Keeps the facts up to date when attendance is recorded or imported.
        from ribambelle.steering import receivers  # noqa: F401

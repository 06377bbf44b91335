from __future__ import annotations

from django.apps import AppConfig


class AllocationConfig(AppConfig):
    """Place allocation. For now only the `allocate` command over the pure engine; committees, runs and
    decisions come with their models."""

    name = "ribambelle.allocation"
    label = "allocation"
    verbose_name = "Attribution des places"

"""Audited saves: the django-simple-history row records who made the change."""

from __future__ import annotations

from typing import Any

from django.db import models


def save_as(actor: Any, instance: models.Model, **kwargs: Any) -> models.Model:
    """Save ``instance`` so that its history row names ``actor``."""
    instance._history_user = actor  # type: ignore[attr-defined]
    try:
        instance.save(**kwargs)
    finally:
        del instance._history_user  # type: ignore[attr-defined]
    return instance


def delete_as(actor: Any, instance: models.Model) -> None:
    """Delete ``instance`` with its history row naming ``actor``."""
    instance._history_user = actor  # type: ignore[attr-defined]
    instance.delete()

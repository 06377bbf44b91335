"""Audited saves: the django-simple-history row records who made the change."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

M = TypeVar("M", bound=models.Model)


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


def bulk_create_as(actor: Any, model: type[M], objs: list[M]) -> list[M]:
    """Insert ``objs`` in a few statements, with one history row each naming ``actor``."""
    return bulk_create_with_history(objs, model, batch_size=1000, default_user=actor)  # type: ignore[no-any-return]


def bulk_update_as(actor: Any, model: type[M], objs: list[M], fields: list[str]) -> None:
    """Update ``fields`` of ``objs`` in a few statements, with one history row each naming ``actor``."""
    bulk_update_with_history(objs, model, fields, batch_size=1000, default_user=actor)

"""The audit trail of a facility and of everything registered under it (django-simple-history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ribambelle.territory.models import (
    Authorisation,
    AuthorisationSlot,
    Closure,
    Facility,
    OpeningHours,
    Section,
)

_ACTIONS = {"+": "Création", "~": "Modification", "-": "Suppression"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    at: datetime
    who: str
    action: str
    record: str
    changes: list[FieldChange]


def facility_changes(facility: Facility, *, limit: int = 200) -> list[Change]:
    """Every recorded change, newest first: who, when, what, before and after."""
    histories: list[Any] = [
        facility.history.all(),
        Authorisation.history.filter(facility_id=facility.pk),
        Section.history.filter(facility_id=facility.pk),
        OpeningHours.history.filter(facility_id=facility.pk),
        Closure.history.filter(facility_id=facility.pk),
        AuthorisationSlot.history.filter(authorisation__facility_id=facility.pk),
    ]
    changes: list[Change] = []
    for history in histories:
        for record in history.select_related("history_user").order_by("-history_date")[:limit]:
            changes.append(_change(record))
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


def _change(record: Any) -> Change:
    model = record.instance_type
    fields: list[FieldChange] = []
    previous = record.prev_record
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous)
        for item in delta.changes:
            field = model._meta.get_field(item.field)
            fields.append(FieldChange(str(field.verbose_name), _show(field, item.old), _show(field, item.new)))
    elif record.history_type == "+":
        for field in model._meta.concrete_fields:
            if field.name in ("id", "facility", "authorisation"):
                continue
            fields.append(FieldChange(str(field.verbose_name), "", _show(field, getattr(record, field.attname))))
    who = str(record.history_user) if record.history_user else "système"
    return Change(
        at=record.history_date,
        who=who,
        action=_ACTIONS[record.history_type],
        record=f"{model._meta.verbose_name.capitalize()} : {record.instance}",
        changes=fields,
    )


def _show(field: Any, value: Any) -> str:
    """A stored value as the user reads it: choice labels, related rows by name, French dates."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_many:
        return f"{len(value)} personne(s)"
    if field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"n° {value} (supprimé)"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)

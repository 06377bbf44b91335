"""The audit trail of a contract and of its versions (django-simple-history), newest first, in the shape of
the facility's trail (territory.history) so that both read the same. A version's weekly schedule reads as
days and hours, and its fee computation, shown in full on the contract page, is only flagged here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ribambelle.care.models import Contract, ContractVersion
from ribambelle.care.version_display import schedule_text
from ribambelle.territory.formatting import display_value
from ribambelle.territory.history import Change, FieldChange

_ACTIONS = {"+": "Création", "~": "Modification", "-": "Suppression"}
# Shown by the page itself (the contract's child and facility) or as its own line (the fee computation).
_HIDDEN = {"id", "contract", "child", "facility", "fee_provenance"}


def contract_changes(contract: Contract, *, limit: int = 200) -> list[Change]:
    histories: list[Any] = [
        contract.history.all(),
        ContractVersion.history.filter(contract_id=contract.pk),
    ]
    changes = [
        _change(record)
        for history in histories
        for record in history.select_related("history_user").order_by("-history_date")[:limit]
    ]
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


def _change(record: Any) -> Change:
    model = record.instance_type
    fields: list[FieldChange] = []
    previous = record.prev_record if record.history_type == "~" else None
    if previous is not None:
        for item in record.diff_against(previous).changes:
            field = model._meta.get_field(item.field)
            if item.field == "fee_provenance":
                fields.append(FieldChange(str(field.verbose_name), "", "recalculé"))
            elif item.field not in _HIDDEN:
                fields.append(FieldChange(str(field.verbose_name), _show(field, item.old), _show(field, item.new)))
    elif record.history_type == "+":
        for field in model._meta.concrete_fields:
            if field.name not in _HIDDEN:
                fields.append(FieldChange(str(field.verbose_name), "", _show(field, getattr(record, field.attname))))
    return Change(
        at=record.history_date,
        who=str(record.history_user) if record.history_user else "système",
        action=_ACTIONS[record.history_type],
        record=f"{model._meta.verbose_name.capitalize()} : {record.instance}",
        changes=fields,
    )


def _show(field: Any, value: Any) -> str:
    if field.name == "schedule":
        return schedule_text(value or [])
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"n° {value} (supprimé)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return display_value(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)

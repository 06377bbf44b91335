"""Writes of the care app: contracts and their versions, attendance and absences."""

from __future__ import annotations

from ribambelle.care.services.attendance import absence_cancel, absence_record, attendance_arrive, attendance_leave
from ribambelle.care.services.contracts import (
    SchedulePeriod,
    contract_amend,
    contract_create,
    family_situation_change,
)

__all__ = [
    "SchedulePeriod",
    "absence_cancel",
    "absence_record",
    "attendance_arrive",
    "attendance_leave",
    "contract_amend",
    "contract_create",
    "family_situation_change",
]

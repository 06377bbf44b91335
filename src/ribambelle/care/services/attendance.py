"""Recording attendance: arrivals, departures and absences, one tap at a time, audited."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ribambelle.care.enums import AbsenceReason, RecordSource
from ribambelle.care.models import Absence, Attendance, Contract
from ribambelle.core.audit import delete_as, save_as
from ribambelle.families.models import Child
from ribambelle.territory.models import Closure, Facility


@transaction.atomic
def attendance_arrive(*, child: Child, facility: Facility, on: date, at: time, actor: Any) -> Attendance:
    """Open a period of presence; refused on a closure day, while the child is already present, or when the
    child is marked absent that day."""
    closure = Closure.objects.filter(facility=facility).overlapping(on, on).first()
    if closure is not None:
        raise ValidationError(f"{facility} est fermé ce jour ({closure}).", code="closed")
    if Attendance.objects.filter(child=child, facility=facility, on=on, left_at__isnull=True).exists():
        raise ValidationError(f"{child} est déjà présent·e.", code="already_present")
    if Absence.objects.filter(child=child, facility=facility, on=on).exists():
        raise ValidationError(f"{child} est noté·e absent·e ce jour : retirez d'abord l'absence.", code="absent")
    last = Attendance.objects.filter(child=child, facility=facility, on=on).order_by("-left_at").first()
    if last is not None and last.left_at is not None and at < last.left_at:
        raise ValidationError(f"{child} est parti·e à {last.left_at:%H:%M} : l'arrivée doit suivre.", code="order")
    contract = Contract.objects.filter(child=child, facility=facility).active_on(on).first()
    attendance = Attendance(child=child, facility=facility, contract=contract, on=on, arrived_at=at)
    attendance.full_clean()
    save_as(actor, attendance)
    return attendance


@transaction.atomic
def attendance_leave(*, child: Child, facility: Facility, on: date, at: time, actor: Any) -> Attendance:
    """Close the open period; flags a late pickup when the child leaves after the contracted time."""
    attendance = (
        Attendance.objects.select_for_update()
        .filter(child=child, facility=facility, on=on, left_at__isnull=True)
        .first()
    )
    if attendance is None:
        raise ValidationError(f"{child} n'est pas présent·e.", code="not_present")
    attendance.left_at = at
    attendance.late_pickup = _after_contract(attendance, at)
    attendance.full_clean()
    save_as(actor, attendance)
    return attendance


@transaction.atomic
def attendance_correct(*, attendance: Attendance, arrived_at: time, left_at: time | None, actor: Any) -> Attendance:
    """Correct the times of a recorded period (a tap at the wrong time); the late-pickup flag follows the new
    departure. Refused when the period would overlap another of the child's periods that day, or stay open
    while a later one exists."""
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if left_at is not None and left_at <= arrived_at:
        raise ValidationError("Le départ doit suivre l'arrivée.", code="order")
    others = Attendance.objects.filter(
        child_id=attendance.child_id, facility_id=attendance.facility_id, on=attendance.on
    )
    for other in others.exclude(pk=attendance.pk):
        other_end = other.left_at or time.max
        if arrived_at < other_end and (left_at is None or other.arrived_at < left_at):
            end = f"{other.left_at:%H:%M}" if other.left_at else "sans départ"
            raise ValidationError(
                f"Ces heures chevauchent une autre présence de {attendance.child} ce jour "
                f"({other.arrived_at:%H:%M} – {end}).",
                code="overlap",
            )
    attendance.arrived_at, attendance.left_at = arrived_at, left_at
    attendance.late_pickup = left_at is not None and _after_contract(attendance, left_at)
    attendance.full_clean()
    save_as(actor, attendance)
    return attendance


@transaction.atomic
def attendance_delete(*, attendance: Attendance, actor: Any) -> None:
    """Remove a period recorded by mistake (the wrong child tapped); the history keeps it."""
    delete_as(actor, attendance)


@transaction.atomic
def absence_record(*, child: Child, facility: Facility, on: date, reason: AbsenceReason, actor: Any) -> Absence:
    if Attendance.objects.filter(child=child, facility=facility, on=on).exists():
        raise ValidationError(f"{child} est venu·e ce jour : une absence ne peut pas être notée.", code="present")
    absence = Absence.objects.filter(child=child, facility=facility, on=on).first() or Absence(
        child=child, facility=facility, on=on
    )
    absence.reason, absence.source = reason, RecordSource.TABLET
    absence.full_clean()
    save_as(actor, absence)
    return absence


@transaction.atomic
def absence_cancel(*, absence: Absence, actor: Any) -> None:
    delete_as(actor, absence)


def _after_contract(attendance: Attendance, at: time) -> bool:
    if attendance.contract is None:
        return False
    version = attendance.contract.versions.in_force_on(attendance.on).first()
    if version is None:
        return False
    ends = [p["end"] for p in version.schedule if p["weekday"] == attendance.on.weekday()]
    return bool(ends) and at.hour * 60 + at.minute > max(ends)

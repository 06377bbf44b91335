"""Keep the facts up to date as attendance is recorded (taps, corrections: the models' save and delete
signals) or imported (care.signals.attendance_imported, the bulk writes sending no model signal). The
refresh runs after the commit, so a rolled-back tap changes nothing; a failed refresh is caught up by
`ribambelle indicators --refresh`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ribambelle.care.models import Absence, Attendance
from ribambelle.care.signals import attendance_imported
from ribambelle.steering import services


def _refresh_day(facility_id: int, on: date) -> None:
    transaction.on_commit(lambda: services.day_facts_refresh(facility_ids=[facility_id], start_on=on, end_on=on))


@receiver([post_save, post_delete], sender=Attendance, dispatch_uid="steering_attendance_changed")
def attendance_changed(sender: type[Attendance], instance: Attendance, **kwargs: Any) -> None:
    _refresh_day(instance.facility_id, instance.on)


@receiver([post_save, post_delete], sender=Absence, dispatch_uid="steering_absence_changed")
def absence_changed(sender: type[Absence], instance: Absence, **kwargs: Any) -> None:
    """An absence changes no presence, but may change the billed minutes (a deduction): the month is stale."""
    facility_id, on = instance.facility_id, instance.on
    transaction.on_commit(lambda: services.months_mark_stale(facility_ids=[facility_id], start_on=on, end_on=on))


@receiver(attendance_imported, dispatch_uid="steering_attendance_imported")
def attendance_import_committed(
    sender: type[Attendance], facility_ids: list[int], first_on: date, last_on: date, **kwargs: Any
) -> None:
    services.day_facts_refresh(facility_ids=facility_ids, start_on=first_on, end_on=last_on)

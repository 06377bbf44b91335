from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.care.enums import AbsenceReason, RecordSource


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def on_day(self, day: date) -> AttendanceQuerySet:
        return self.filter(on=day)

    def present(self) -> AttendanceQuerySet:
        return self.filter(left_at__isnull=True)


class Attendance(models.Model):
    """One period of presence of a child on a day (a day may hold several); ``left_at`` is empty while the
    child is still there."""

    # No single-column index on child nor facility: the (child, on) and (facility, on) indexes start with
    # them and serve the same look-ups, and each index costs a bulk import (docs/benchmarks.md).
    child = models.ForeignKey(
        "families.Child", models.PROTECT, related_name="attendances", verbose_name="enfant", db_index=False
    )
    facility = models.ForeignKey(
        "territory.Facility", models.PROTECT, related_name="attendances", verbose_name="établissement", db_index=False
    )
    contract = models.ForeignKey(
        "care.Contract", models.PROTECT, null=True, blank=True, related_name="attendances", verbose_name="contrat"
    )
    on = models.DateField("jour")
    arrived_at = models.TimeField("arrivée")
    left_at = models.TimeField("départ", null=True, blank=True)
    late_pickup = models.BooleanField("départ après l'heure prévue", default=False)
    source = models.CharField("origine", max_length=20, choices=RecordSource, default=RecordSource.TABLET)

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        indexes = [models.Index(fields=["facility", "on"]), models.Index(fields=["child", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_at__isnull=True) | models.Q(left_at__gt=models.F("arrived_at")),
                name="care_attendance_order",
            )
        ]

    def __str__(self) -> str:
        end = f"{self.left_at:%H:%M}" if self.left_at else "…"
        return f"{self.on:%d/%m/%Y} {self.arrived_at:%H:%M}–{end}"

    def clean(self) -> None:
        if self.left_at and self.arrived_at and self.left_at <= self.arrived_at:
            raise ValidationError({"left_at": "Le départ doit suivre l'arrivée."}, code="order")

    @property
    def minutes(self) -> int | None:
        if self.left_at is None:
            return None
        return (self.left_at.hour * 60 + self.left_at.minute) - (self.arrived_at.hour * 60 + self.arrived_at.minute)


class Absence(models.Model):
    # Served by the unique (child, facility, on) and the (facility, on) indexes, as for Attendance.
    child = models.ForeignKey(
        "families.Child", models.PROTECT, related_name="absences", verbose_name="enfant", db_index=False
    )
    facility = models.ForeignKey(
        "territory.Facility", models.PROTECT, related_name="absences", verbose_name="établissement", db_index=False
    )
    on = models.DateField("jour")
    reason = models.CharField("motif", max_length=30, choices=AbsenceReason)
    source = models.CharField("origine", max_length=20, choices=RecordSource, default=RecordSource.TABLET)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "absence"
        verbose_name_plural = "absences"
        constraints = [models.UniqueConstraint(fields=["child", "facility", "on"], name="care_absence_one_per_day")]
        indexes = [models.Index(fields=["facility", "on"])]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} : {self.get_reason_display()}"

"""The background job record: status, progress and result of a Celery task."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    SUCCEEDED = "succeeded", "Terminée"
    FAILED = "failed", "Échec"


class JobQuerySet(models.QuerySet["Job"]):
    def started_by(self, user: object) -> JobQuerySet:
        return self.filter(started_by=user)


class Job(models.Model):
    kind = models.CharField("type", max_length=60)
    label = models.CharField("libellé", max_length=200)
    status = models.CharField("statut", max_length=20, choices=JobStatus, default=JobStatus.PENDING)
    done = models.PositiveIntegerField("étapes faites", default=0)
    total = models.PositiveIntegerField("étapes prévues", default=0)
    message = models.CharField("message", max_length=500, blank=True)
    params = models.JSONField("paramètres", default=dict, blank=True)
    result = models.JSONField("résultat", default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="lancée par"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name="core_job_done_le_total")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if self.is_finished else (self.done * 100 // self.total if self.total else 0)

    @property
    def result_template(self) -> str:
        """Each job kind shows its result with the template ``jobs/<kind>.html`` of its app."""
        return f"jobs/{self.kind}.html"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

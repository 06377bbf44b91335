"""Background jobs: a service creates a Job, a Celery task runs the registered runner for its kind.

Without CELERY_BROKER_URL the task runs eagerly in-process once the transaction commits; with a
broker, a worker runs it. Runners receive an ``on_progress(done, total)`` callable and return a
JSON-serialisable result; they never see Celery.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from ribambelle.core.models import Job, JobStatus

Progress = Callable[[int, int], None]
Runner = Callable[[dict[str, Any], Progress], dict[str, Any]]

_RUNNERS: dict[str, Runner] = {}
logger = logging.getLogger(__name__)


class JobFailure(Exception):
    """A runner's expected failure; its message (French) is shown to the user."""


def job_runner(kind: str) -> Callable[[Runner], Runner]:
    """Register the function that does the work of jobs of ``kind``."""

    def register(runner: Runner) -> Runner:
        _RUNNERS[kind] = runner
        return runner

    return register


@transaction.atomic
def job_start(*, kind: str, label: str, params: dict[str, Any], actor: Any) -> Job:
    """Record a job and schedule its task after the transaction commits."""
    if kind not in _RUNNERS:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, label=label, params=params, started_by=actor)
    from ribambelle.core.tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def job_execute(job_id: int) -> None:
    """Run a job once; a finished or running job is left alone, so the task is idempotent."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(status=JobStatus.RUNNING)
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)

    def on_progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=min(done, total), total=total)

    try:
        result = _RUNNERS[job.kind](job.params, on_progress)
    except JobFailure as exc:
        _finish(job_id, JobStatus.FAILED, str(exc), {})
    except Exception:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        _finish(job_id, JobStatus.FAILED, "La tâche a échoué de façon inattendue ; l'erreur est journalisée.", {})
    else:
        _finish(job_id, JobStatus.SUCCEEDED, "Terminée.", result)


def _finish(job_id: int, status: JobStatus, message: str, result: dict[str, Any]) -> None:
    Job.objects.filter(pk=job_id).update(status=status, message=message, result=result, finished_at=timezone.now())

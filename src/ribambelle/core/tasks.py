"""The single Celery task: run a recorded job."""

from __future__ import annotations

from celery import shared_task

from ribambelle.core.jobs import job_execute


@shared_task(name="core.run_job", acks_late=True)
def run_job(job_id: int) -> None:
    job_execute(job_id)

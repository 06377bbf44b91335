"""Background jobs: in-process without a broker, on a real Redis-backed Celery worker with one."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.urls import reverse

from ribambelle.core.jobs import job_execute, job_start
from ribambelle.core.models import Job, JobStatus

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def _registry_check(cast):
    return job_start(
        kind="territory.registry_check",
        label="Contrôle du registre",
        params={"organisation_id": cast.organisation.pk},
        actor=cast.coordinatrice,
    )


@pytest.mark.smoke
def test_without_a_broker_the_job_runs_in_process_and_the_page_shows_its_result(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinatrice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("territory:registry_check"))
    response = client.get(response["Location"])

    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100
    assert job.result["facilities"] == 2
    page = response.content.decode()
    assert "Terminée" in page and "2 établissements contrôlés" in page


def test_the_progress_fragment_polls_while_the_job_is_not_finished(cast, client, django_capture_on_commit_callbacks):
    client.force_login(cast.coordinatrice)
    with django_capture_on_commit_callbacks(execute=False):
        job = _registry_check(cast)

    fragment = client.get(reverse("core:job_detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 1s"' in fragment and "En attente" in fragment
    assert "<html" not in fragment


def test_a_job_runs_once_even_if_its_task_is_delivered_twice(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _registry_check(cast)
    job.refresh_from_db()
    finished_at = job.finished_at

    job_execute(job.pk)

    job.refresh_from_db()
    assert job.finished_at == finished_at


def test_a_job_that_cannot_run_ends_failed_with_a_french_message(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            kind="territory.registry_check", label="Contrôle", params={"organisation_id": 0}, actor=cast.coordinatrice
        )

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "Organisation introuvable" in job.message


def _database_url() -> str:
    """The URL of the test database, for processes started by the test."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


_START_JOB = """
from ribambelle.accounts.models import User
from ribambelle.core.jobs import job_start
user = User.objects.get(username="coordinatrice")
job = job_start(kind="territory.registry_check", label="Contrôle du registre",
                params={"organisation_id": user.organisation_id}, actor=user)
print(job.pk)
"""


@pytest.mark.redis
def test_with_a_broker_a_redis_backed_worker_runs_the_job(transactional_db, cast):
    """The app and a `celery worker` each run in their own process, configured as in production."""
    env = os.environ | {"CELERY_BROKER_URL": REDIS_URL, "DATABASE_URL": _database_url()}
    celery = [sys.executable, "-m", "celery", "-A", "ribambelle.config"]
    subprocess.run([*celery, "purge", "-f"], env=env, check=True, capture_output=True)
    worker = subprocess.Popen(
        [
            *celery,
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        env=env,
    )
    try:
        started = subprocess.run(
            [sys.executable, "-m", "ribambelle.cli", "shell", "--no-imports", "-c", _START_JOB],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        job = Job.objects.get(pk=int(started.stdout.strip()))
        deadline = time.monotonic() + 60
        while not job.is_finished and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    assert job.status == JobStatus.SUCCEEDED
    assert job.result["facilities"] == 2

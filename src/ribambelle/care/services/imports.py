"""Imports from other crèche software: save a source's column mapping, keep an uploaded file until it is
imported, and import an attendance file all or nothing (contracts: contract_imports.py).

An import first checks every row (lookups loaded once, no query per row), then, on a wet run and only
when no row is faulty, writes them in bulk in one transaction with their ImportBatch. The dry run checks
the same and writes nothing: the checks mirror every constraint the writes meet, so it reports what the
wet run would write without writing (and rolling back) a million rows. A file already imported by the
organisation (same SHA-256) is not imported again.
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ribambelle.care.importing.attendance import AttendanceCheck, Outcome
from ribambelle.care.importing.report import ImportReport
from ribambelle.care.importing.steps import Progress, batch_create, database_refused, no_progress, read_file
from ribambelle.care.importing.writing import write_absences, write_presences
from ribambelle.care.models import Attendance, ImportMapping
from ribambelle.care.signals import attendance_imported

UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx")
_UPLOAD_NAME = re.compile(r"^[0-9a-f]{64}\.(csv|txt|xlsx)$")
_UPLOAD_LIFETIME_S = 7 * 24 * 3600


def import_mapping_save(*, mapping: ImportMapping, actor: Any) -> ImportMapping:
    """Create or update a source's mapping for the actor's organisation."""
    mapping.organisation_id = actor.organisation_id
    mapping.full_clean()
    mapping.save()
    return mapping


def _uploads() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_upload_store(*, content: bytes, file_name: str) -> str:
    """Keep an uploaded file until its wet run, under its SHA-256; returns its name. Uploads never
    confirmed are removed after a week."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ValidationError("Déposez un fichier CSV ou XLSX.", code="suffix")
    folder = _uploads()
    for stale in folder.iterdir():
        if stale.stat().st_mtime < time.time() - _UPLOAD_LIFETIME_S:
            stale.unlink(missing_ok=True)
    name = f"{hashlib.sha256(content).hexdigest()}{suffix}"
    (folder / name).write_bytes(content)
    return name


def import_upload_read(name: str) -> bytes:
    """An upload kept by import_upload_store; FileNotFoundError once it is gone."""
    if not _UPLOAD_NAME.match(name):
        raise FileNotFoundError(name)
    return (_uploads() / name).read_bytes()


def import_upload_discard(name: str) -> None:
    if _UPLOAD_NAME.match(name):
        (_uploads() / name).unlink(missing_ok=True)


def attendance_import(
    *,
    content: bytes,
    file_name: str,
    mapping: ImportMapping,
    actor: Any,
    commit: bool,
    on_progress: Progress | None = None,
) -> ImportReport:
    """Check an attendance file against the actor's facilities and, with ``commit`` and no faulty row,
    write it: all or nothing."""
    progress = on_progress or no_progress
    report, errors, check = read_file(
        AttendanceCheck,
        content=content,
        file_name=file_name,
        mapping=mapping,
        actor=actor,
        progress=progress,
        steps=2 if commit else 1,
    )
    if report.already_imported:
        return report
    outcome = None if check is None else check.finish()
    report.errors, report.errors_total = errors.sorted(), errors.total
    if outcome is not None:
        report.presences, report.absences = len(outcome.presences), len(outcome.absences)
        report.unchanged, report.without_contract = outcome.unchanged, outcome.without_contract
        report.first_on, report.last_on, report.facility_ids = outcome.first_on, outcome.last_on, outcome.facility_ids
    if commit and outcome is not None and report.ok:
        _write(outcome, mapping, actor, report, progress)
    return report


def _write(outcome: Outcome, mapping: ImportMapping, actor: Any, report: ImportReport, progress: Progress) -> None:
    total = 2 * report.rows
    written = report.rows

    def on_written(count: int) -> None:
        nonlocal written
        written += count
        progress(written, total)

    try:
        with transaction.atomic():
            batch = batch_create(mapping=mapping, report=report, actor=actor)
            write_presences(outcome.presences, on_written)
            write_absences(outcome.absences, on_written)
    except IntegrityError as exc:
        # A concurrent import of the same file, or rows recorded since the check: nothing was written.
        database_refused(report, exc)
        return
    report.committed, report.batch_id = True, batch.pk
    if outcome.first_on is not None and outcome.last_on is not None:
        first_on, last_on, facility_ids = outcome.first_on, outcome.last_on, sorted(outcome.facility_ids)
        transaction.on_commit(
            lambda: attendance_imported.send(
                sender=Attendance, facility_ids=facility_ids, first_on=first_on, last_on=last_on
            )
        )

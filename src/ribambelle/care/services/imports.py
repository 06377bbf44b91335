"""Imports from other crèche software: save a source's column mapping, keep an uploaded file until it is
imported, and import an attendance file all or nothing.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ribambelle.care.enums import ImportKind
from ribambelle.care.importing.attendance import AttendanceCheck, Outcome, column_index
from ribambelle.care.importing.lookups import load_lookups
from ribambelle.care.importing.reading import UnreadableFile, read_table
from ribambelle.care.importing.report import FILE_ROW, Errors, ImportReport, RowError
from ribambelle.care.importing.writing import write_absences, write_presences
from ribambelle.care.models import ImportBatch, ImportMapping
from ribambelle.territory.selectors import facilities_visible_to

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 50_000
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
    if not actor.has_perm("care.import_care_data") or mapping.organisation_id != actor.organisation_id:
        raise ValidationError("Vous n'avez pas le droit d'importer des pointages.", code="forbidden")
    progress = on_progress or (lambda done, total: None)
    sha256 = hashlib.sha256(content).hexdigest()
    report = ImportReport(file_name=file_name, sha256=sha256, source=mapping.source)
    earlier = _earlier_batch(mapping, sha256)
    if earlier is not None:
        report.already_imported = earlier
        return report
    errors = Errors()
    outcome = _check(content, mapping, actor, errors, report, progress, steps=2 if commit else 1)
    report.errors, report.errors_total = errors.sorted(), errors.total
    if outcome is not None:
        report.presences, report.absences = len(outcome.presences), len(outcome.absences)
        report.unchanged, report.without_contract = outcome.unchanged, outcome.without_contract
        report.first_on, report.last_on, report.facility_ids = outcome.first_on, outcome.last_on, outcome.facility_ids
    if commit and outcome is not None and report.ok:
        _write(outcome, mapping, actor, report, progress)
    return report


def _earlier_batch(mapping: ImportMapping, sha256: str) -> dict[str, Any] | None:
    batch = (
        ImportBatch.objects.filter(organisation_id=mapping.organisation_id, kind=mapping.kind, sha256=sha256)
        .select_related("imported_by")
        .first()
    )
    if batch is None:
        return None
    return {
        "batch_id": batch.pk,
        "imported_at": batch.imported_at.isoformat(),
        "imported_by": str(batch.imported_by),
        "file_name": batch.file_name,
    }


def _check(
    content: bytes,
    mapping: ImportMapping,
    actor: Any,
    errors: Errors,
    report: ImportReport,
    progress: Progress,
    steps: int,
) -> Outcome | None:
    """Read and check every row; progress counts rows, once for the check and once more for the writes."""
    try:
        table = read_table(content)
    except UnreadableFile as exc:
        errors.add(FILE_ROW, "", f"fichier illisible : {exc}.")
        return None
    report.encoding = table.encoding
    index = column_index(mapping, table.header, errors)
    if index is None:
        return None
    lookups = load_lookups(organisation_id=actor.organisation_id, facilities=facilities_visible_to(actor))
    check = AttendanceCheck(mapping=mapping, index=index, lookups=lookups, errors=errors)
    total = steps * table.estimated_rows
    progress(0, total)
    try:
        for row, cells in enumerate(table.rows, start=2):
            if check.read(row, cells):
                report.rows += 1
                if report.rows % PROGRESS_EVERY == 0:
                    progress(report.rows, total)
    except UnreadableFile as exc:
        errors.add(FILE_ROW, "", f"fichier illisible : {exc}.")
        return None
    if report.rows == 0:
        errors.add(FILE_ROW, "", "le fichier ne contient aucune ligne sous l'en-tête.")
        return None
    progress(report.rows, steps * report.rows)
    return check.finish()


def _write(outcome: Outcome, mapping: ImportMapping, actor: Any, report: ImportReport, progress: Progress) -> None:
    total = 2 * report.rows
    written = report.rows

    def on_written(count: int) -> None:
        nonlocal written
        written += count
        progress(written, total)

    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                organisation_id=mapping.organisation_id,
                kind=ImportKind.ATTENDANCE,
                source=mapping.source,
                mapping={
                    "columns": mapping.columns,
                    "labels": mapping.labels,
                    "date_format": mapping.date_format,
                    "time_format": mapping.time_format,
                },
                file_name=report.file_name[:255],
                sha256=report.sha256,
                rows=report.rows,
                presences=report.presences,
                absences=report.absences,
                unchanged=report.unchanged,
                first_on=report.first_on,
                last_on=report.last_on,
                facility_ids=report.facility_ids,
                imported_by=actor,
            )
            write_presences(outcome.presences, on_written)
            write_absences(outcome.absences, on_written)
    except IntegrityError as exc:
        # A concurrent import of the same file, or rows recorded since the check: nothing was written.
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        report.errors.append(RowError(FILE_ROW, "", f"la base a refusé l'écriture, rien n'a été écrit ({reason})."))
        report.errors_total += 1
        return
    report.committed, report.batch_id = True, batch.pk

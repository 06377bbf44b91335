"""The steps every import takes, whatever its kind: refuse a user without the right, recognise a file already
imported, read the file's rows into the kind's reader (``read_file``), and record the batch of a file
written (``batch_create``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ribambelle.care.enums import ImportKind
from ribambelle.care.importing.cells import fold
from ribambelle.care.importing.lookups import load_lookups
from ribambelle.care.importing.reading import UnreadableFile, read_table
from ribambelle.care.importing.report import FILE_ROW, Errors, ImportReport, RowError
from ribambelle.care.importing.rows import RowReader
from ribambelle.care.models import ImportBatch, ImportMapping
from ribambelle.territory.selectors import facilities_visible_to

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 50_000
Reader = TypeVar("Reader", bound=RowReader)
_WHAT = {ImportKind.ATTENDANCE: "des pointages", ImportKind.CONTRACTS: "des contrats"}


def no_progress(done: int, total: int) -> None:
    """The progress of an import nobody follows (the command line, the tests)."""


def read_file(
    reader_class: type[Reader],
    *,
    content: bytes,
    file_name: str,
    mapping: ImportMapping,
    actor: Any,
    progress: Progress,
    steps: int,
) -> tuple[ImportReport, Errors, Reader | None]:
    """The report of a file the actor may import with ``mapping``, the errors found in its cells, and the
    reader of its kind holding its rows. No reader when the organisation already imported this very file
    (the report names the batch), or when the file cannot be read or has no row (errors on row 1)."""
    report = _report_start(content=content, file_name=file_name, mapping=mapping, actor=actor)
    errors = Errors()
    if report.already_imported:
        return report, errors, None
    reader = _read_rows(
        reader_class,
        content=content,
        mapping=mapping,
        actor=actor,
        errors=errors,
        report=report,
        progress=progress,
        steps=steps,
    )
    return report, errors, reader


def _report_start(*, content: bytes, file_name: str, mapping: ImportMapping, actor: Any) -> ImportReport:
    """Refuses an actor without the right; the report names the earlier batch when the organisation already
    imported this very file (same SHA-256 for the kind)."""
    if not actor.has_perm("care.import_care_data") or mapping.organisation_id != actor.organisation_id:
        raise ValidationError(f"Vous n'avez pas le droit d'importer {_WHAT[mapping.kind]}.", code="forbidden")
    sha256 = hashlib.sha256(content).hexdigest()
    report = ImportReport(kind=mapping.kind, file_name=file_name, sha256=sha256, source=mapping.source)
    batch = (
        ImportBatch.objects.filter(organisation_id=mapping.organisation_id, kind=mapping.kind, sha256=sha256)
        .select_related("imported_by")
        .first()
    )
    if batch is not None:
        report.already_imported = {
            "batch_id": batch.pk,
            "imported_at": batch.imported_at.isoformat(),
            "imported_by": str(batch.imported_by),
            "file_name": batch.file_name,
        }
    return report


def column_index(mapping: ImportMapping, header: list[str], errors: Errors) -> dict[str, int] | None:
    """Where each mapped column is in the file (names compared without case or accents); None, with the
    errors on row 1, when one is missing or present twice."""
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        positions.setdefault(fold(name), []).append(position)
    index: dict[str, int] = {}
    for column, mapped in mapping.columns.items():
        found = positions.get(fold(column), [])
        if not found:
            listed = ", ".join(f"« {name} »" for name in header if name)
            errors.add(FILE_ROW, column, f"colonne absente du fichier (colonnes du fichier : {listed}).")
        elif len(found) > 1:
            errors.add(FILE_ROW, column, "colonne présente plusieurs fois dans le fichier.")
        else:
            index[mapped] = found[0]
    return index if len(index) == len(mapping.columns) else None


def _read_rows(
    reader_class: type[Reader],
    *,
    content: bytes,
    mapping: ImportMapping,
    actor: Any,
    errors: Errors,
    report: ImportReport,
    progress: Progress,
    steps: int,
) -> Reader | None:
    """Read every row of the file into a reader of its kind, with the actor's children and facilities;
    None, with the errors on row 1, when the file cannot be read or has no row. Progress counts rows, once
    for the reading and once more for each later step."""
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
    reader = reader_class(mapping=mapping, index=index, lookups=lookups, errors=errors)
    total = steps * table.estimated_rows
    progress(0, total)
    try:
        for row, cells in enumerate(table.rows, start=2):
            if reader.read(row, cells):
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
    return reader


def batch_create(*, mapping: ImportMapping, report: ImportReport, actor: Any) -> ImportBatch:
    """The record of a file written, with a copy of the mapping applied and the report's counts."""
    return ImportBatch.objects.create(
        organisation_id=mapping.organisation_id,
        kind=mapping.kind,
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
        contracts=report.contracts,
        families=report.families,
        children=report.children,
        unchanged=report.unchanged,
        first_on=report.first_on,
        last_on=report.last_on,
        facility_ids=report.facility_ids,
        imported_by=actor,
    )


def database_refused(report: ImportReport, exc: IntegrityError) -> None:
    """The database refused the writes of an import, which rolled back: the report says so on row 1."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    report.errors.append(RowError(FILE_ROW, "", f"la base a refusé l'écriture, rien n'a été écrit ({reason})."))
    report.errors_total += 1

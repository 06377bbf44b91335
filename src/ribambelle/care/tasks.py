"""Background work of the care app, registered as job runners (see core.jobs)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ribambelle.care import services
from ribambelle.care.models import ImportMapping
from ribambelle.core.jobs import JobFailure, Progress, job_runner


@job_runner("care.attendance_import")
@job_runner("care.contract_import")
def care_import(params: dict[str, Any], on_progress: Progress) -> dict[str, Any]:
    """Check (``commit`` false) or import an uploaded file of the kind of its mapping (attendance, contracts);
    the result is the import report."""
    actor = get_user_model().objects.filter(pk=params.get("actor_id")).first()
    mapping = ImportMapping.objects.filter(
        pk=params.get("mapping_id"), organisation_id=getattr(actor, "organisation_id", None)
    ).first()
    if actor is None or mapping is None:
        raise JobFailure("La correspondance de colonnes n'existe plus : l'import n'a pas été lancé.")
    try:
        content = services.import_upload_read(params["upload"])
    except FileNotFoundError:
        raise JobFailure("Le fichier déposé n'est plus disponible : déposez-le à nouveau.") from None
    try:
        report = services.IMPORTS[mapping.kind](
            content=content,
            file_name=params["file_name"],
            mapping=mapping,
            actor=actor,
            commit=bool(params["commit"]),
            on_progress=on_progress,
        )
    except ValidationError as exc:
        raise JobFailure(" ; ".join(exc.messages)) from exc
    if report.committed:
        services.import_upload_discard(params["upload"])
    return report.as_dict()

"""Background work of the care app, registered as job runners (see core.jobs)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ribambelle.care import services
from ribambelle.care.models import ImportMapping
from ribambelle.core.jobs import JobFailure, Progress, job_runner, job_start
from ribambelle.core.models import Job
from ribambelle.rules.fees import CareMode, fee_parameter_keys

FEE_RESCALE = "care.fee_rescale"
# Every parameter a family fee reads, whatever the facility's barème.
_FEE_KEYS = frozenset(key for mode in CareMode for key in fee_parameter_keys(mode))


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


def fee_rescale_start(*, on: date, actor: Any) -> Job:
    """Start the recomputation of the contracts' fees from ``on`` (a new floor, ceiling or effort rate)."""
    return job_start(
        kind=FEE_RESCALE,
        label=f"Recalcul des tarifs des contrats à partir du {on:%d/%m/%Y}",
        params={"on": on.isoformat(), "actor_id": actor.pk},
        actor=actor,
    )


def after_parameter_entry(sender: Any, *, entry: Any, actor: Any, **kwargs: Any) -> Job | None:
    """Receiver of territory.signals.parameter_entry_recorded: a new value of the barème recomputes the fees."""
    if entry.key not in _FEE_KEYS:
        return None
    return fee_rescale_start(on=entry.effective_on, actor=actor)


@job_runner(FEE_RESCALE)
def fee_rescale(params: dict[str, Any], on_progress: Progress) -> dict[str, Any]:
    actor = get_user_model().objects.filter(pk=params.get("actor_id")).first()
    if actor is None:
        raise JobFailure("L'utilisateur qui a lancé le recalcul n'existe plus.")
    return services.contract_fees_rescale(on=date.fromisoformat(params["on"]), actor=actor).as_dict()

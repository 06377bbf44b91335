"""Background work of the allocation app, registered as job runners (see core.jobs)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ribambelle.allocation import committee
from ribambelle.allocation.models import CommitteeSession
from ribambelle.core.jobs import JobFailure, Progress, job_runner

SESSION_RUN = "allocation.session_run"
SESSION_VALIDATE = "allocation.session_validate"


def _session_and_actor(params: dict[str, Any]) -> tuple[CommitteeSession, Any]:
    actor = get_user_model().objects.filter(pk=params.get("actor_id")).first()
    session = CommitteeSession.objects.filter(
        pk=params.get("session_id"), organisation_id=getattr(actor, "organisation_id", None)
    ).first()
    if actor is None or session is None:
        raise JobFailure("La commission n'existe plus : rien n'a été fait.")
    return session, actor


@job_runner(SESSION_RUN)
def session_run(params: dict[str, Any], on_progress: Progress) -> dict[str, Any]:
    """Run the engine for a session; the result is the engine's figures and the session to review."""
    session, actor = _session_and_actor(params)
    on_progress(0, 2)
    try:
        session = committee.session_run(session=session, actor=actor)
    except (ValidationError, ValueError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        raise JobFailure(" ; ".join(messages)) from exc
    on_progress(2, 2)
    return {"session_id": session.pk, "title": str(session), **session.engine_output["stats"]}


@job_runner(SESSION_VALIDATE)
def session_validate(params: dict[str, Any], on_progress: Progress) -> dict[str, Any]:
    """Validate a session's decisions (offers, waiting list, letters): seconds for a big committee."""
    session, actor = _session_and_actor(params)
    try:
        session = committee.session_validate(session=session, on=date.fromisoformat(params["on"]), actor=actor)
    except ValidationError as exc:
        raise JobFailure(" ; ".join(exc.messages)) from exc
    decisions = session.decisions.all()
    return {
        "session_id": session.pk,
        "offered": decisions.filter(choice__isnull=False).count(),
        "waiting": decisions.filter(choice__isnull=True).count(),
    }

"""Background work of the steering app (core.jobs): the billed hours of the months marked stale since
attendance changed, recomputed from the monthly statements for one organisation's facilities."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ribambelle.core.jobs import JobFailure, Progress, job_runner
from ribambelle.steering.services import month_facts_refresh_stale
from ribambelle.territory.models import Organisation

KIND = "steering.billing_refresh"


@job_runner(KIND)
def billing_refresh(params: dict[str, Any], on_progress: Progress) -> dict[str, Any]:
    """Every stale month of the organisation's facilities, month by month (all its facilities at once)."""
    if not Organisation.objects.filter(pk=params.get("organisation_id")).exists():
        raise JobFailure("Organisation introuvable : le recalcul n'a pas été lancé.")
    months, facts = month_facts_refresh_stale(
        scope=Q(facility__organisation_id=params["organisation_id"]), on_progress=on_progress
    )
    return {"months": months, "facts": facts}

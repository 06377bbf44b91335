"""Background work of the steering app (core.jobs): the billed hours of the months marked stale since
attendance changed, recomputed from the monthly statements for one organisation's facilities."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from ribambelle.core.jobs import JobFailure, Progress, job_runner
from ribambelle.steering.models import FacilityMonthFact
from ribambelle.steering.services import month_facts_refresh
from ribambelle.territory.models import Organisation

KIND = "steering.billing_refresh"


@job_runner(KIND)
def billing_refresh(params: dict[str, Any], on_progress: Progress) -> dict[str, Any]:
    """Every stale month of the organisation's facilities, month by month (all its facilities at once)."""
    if not Organisation.objects.filter(pk=params.get("organisation_id")).exists():
        raise JobFailure("Organisation introuvable : le recalcul n'a pas été lancé.")
    stale: defaultdict[date, set[int]] = defaultdict(set)
    for facility_id, month in FacilityMonthFact.objects.filter(
        stale=True, facility__organisation_id=params["organisation_id"]
    ).values_list("facility_id", "month"):
        stale[month].add(facility_id)
    on_progress(0, len(stale))
    written = 0
    for done, month in enumerate(sorted(stale), start=1):
        written += month_facts_refresh(facility_ids=stale[month], months=[month])
        on_progress(done, len(stale))
    return {"months": len(stale), "facts": written}

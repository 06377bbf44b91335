"""Background work of the territory app, registered as job runners (see core.jobs)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ribambelle.core.jobs import JobFailure, Progress, job_runner
from ribambelle.territory.checks import facility_findings
from ribambelle.territory.models import Facility, Organisation
from ribambelle.territory.selectors import facilities_with_registry, facility_rows


@job_runner("territory.registry_check")
def registry_check(params: dict[str, Any], on_progress: Progress) -> dict[str, Any]:
    """Check every active facility of the organisation; the result lists each finding."""
    if not Organisation.objects.filter(pk=params.get("organisation_id")).exists():
        raise JobFailure("Organisation introuvable : le contrôle n'a pas été lancé.")
    today = timezone.localdate()
    facilities = facilities_with_registry(
        Facility.objects.filter(organisation_id=params["organisation_id"]).active(), on=today
    ).prefetch_related("opening_hours")
    total = facilities.count()
    findings: list[dict[str, object]] = []
    on_progress(0, total)
    for done, row in enumerate(facility_rows(facilities, on=today), start=1):
        findings.extend(finding.as_dict() for finding in facility_findings(row))
        if done % 25 == 0 or done == total:
            on_progress(done, total)
    return {"checked_on": today.isoformat(), "facilities": total, "findings": findings}

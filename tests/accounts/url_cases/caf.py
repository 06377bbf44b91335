"""The CAF reports: the page, the activity files (no person's name: elected officials too), FILOUE (the
people who run the facility only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.core.models import Job, JobStatus
from ribambelle.steering.caf import jobs
from tests.accounts.url_cases import ADMIN, ANON, COORD, DIRECTOR, ELECTED, HR, ROLES, Case, everyone, no_args
from tests.care.statement_month import set_rounding
from tests.cast import Cast

YEAR = 2026
AGGREGATED = everyone(200, **{HR: 403})
NOMINATIVE = {ANON: 302, COORD: 200, DIRECTOR: 200, ELECTED: 404, HR: 404, ADMIN: 200}


def _year(cast: Cast) -> dict[str, Any]:
    return {"year": YEAR}


def _facility(cast: Cast, own: bool) -> dict[str, Any]:
    set_rounding(cast)
    cast.organisation.caf_code = "691"
    cast.organisation.save()
    return {"year": YEAR, "pk": (cast.lucioles if own else cast.coccinelles).pk}


def _coordinators_file(cast: Cast) -> dict[str, Any]:
    """A finished activity job of the coordinator: its file is hers alone."""
    params = jobs.activity_params(year=YEAR, facility_ids=[cast.lucioles.pk], today=date(2026, 11, 29))
    job = Job.objects.create(
        kind=jobs.KIND,
        label="Activité",
        params=params,
        started_by=cast.coordinatrice,
        status=JobStatus.SUCCEEDED,
        result=jobs.caf_activity(params, lambda done, total: None),
    )
    return {"pk": job.pk}


CASES: dict[str, list[Case]] = {
    "steering:caf_index": [Case("page", no_args, AGGREGATED)],
    "steering:caf_activity_all": [
        Case("get", _year, dict.fromkeys(ROLES, 405) | {ANON: 302}),
        Case("job started", _year, everyone(302, **{HR: 403}), method="post"),
    ],
    "steering:caf_activity_file": [
        Case("the coordinator's job", _coordinators_file, everyone(404, **{ANON: 302, COORD: 200})),
    ],
    "steering:caf_activity": [
        Case("own facility", lambda cast: _facility(cast, True), AGGREGATED),
        Case("another facility", lambda cast: _facility(cast, False), AGGREGATED | {DIRECTOR: 404}),
    ],
    "steering:caf_filoue": [
        Case("own facility", lambda cast: _facility(cast, True), NOMINATIVE),
        Case("another facility", lambda cast: _facility(cast, False), NOMINATIVE | {DIRECTOR: 404}),
    ],
}

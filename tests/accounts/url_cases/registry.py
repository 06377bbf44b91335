"""The registry, the regulation pages, the login and the background jobs."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.core.jobs import job_start
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import Closure
from tests.accounts.url_cases import (
    ADMIN,
    ANON,
    COORD,
    DIRECTOR,
    ROLES,
    STEERING_ONLY,
    Case,
    everyone,
    no_args,
    other_facility,
    own_facility,
)
from tests.cast import Cast


def _registry_write() -> list[Case]:
    """A write page of one facility: the coordinator and the administrator only; out of scope is 404."""
    return [
        Case("own facility", own_facility, STEERING_ONLY),
        Case("another facility", other_facility, STEERING_ONLY | {DIRECTOR: 404}),
    ]


def _section(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.lucioles.pk, "section_pk": cast.lucioles.sections.first().pk}


def _closure(cast: Cast) -> dict[str, Any]:
    closure = Closure.objects.create(
        facility=cast.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=date(2027, 5, 14), end_on=date(2027, 5, 14)
    )
    return {"pk": cast.lucioles.pk, "closure_pk": closure.pk}


def _job(cast: Cast) -> dict[str, Any]:
    job = job_start(
        kind="territory.registry_check",
        label="Contrôle du registre",
        params={"organisation_id": cast.organisation.pk},
        actor=cast.coordinatrice,
    )
    return {"pk": job.pk}


CASES: dict[str, list[Case]] = {
    "accounts:login": [Case("form", no_args, dict.fromkeys(ROLES, 302) | {ANON: 200})],
    "accounts:logout": [Case("post", no_args, dict.fromkeys(ROLES, 302), method="post")],
    "territory:cockpit": [Case("page", no_args, everyone(200))],
    "territory:facility_create": [Case("form", no_args, STEERING_ONLY)],
    "territory:facility_detail": [
        Case("own facility", own_facility, everyone(200)),
        Case("another facility", other_facility, everyone(200, **{DIRECTOR: 404})),
    ],
    "territory:facility_edit": _registry_write(),
    "territory:facility_history": [
        Case("own facility", own_facility, STEERING_ONLY | {DIRECTOR: 200}),
        Case("another facility", other_facility, STEERING_ONLY | {DIRECTOR: 404}),
    ],
    "territory:authorisation_create": _registry_write(),
    "territory:section_create": _registry_write(),
    "territory:section_edit": [Case("own section", _section, STEERING_ONLY)],
    "territory:closure_create": _registry_write(),
    "territory:closure_delete": [
        Case("get", _closure, dict.fromkeys(ROLES, 405) | {ANON: 302}),
        Case("post", _closure, STEERING_ONLY | {COORD: 302, ADMIN: 302}, method="post"),
    ],
    "territory:registry_check": [Case("page", no_args, STEERING_ONLY)],
    "territory:parameter_list": [Case("page", no_args, everyone(200))],
    "territory:parameter_entry_create": [Case("form", no_args, everyone(403, **{ADMIN: 200}))],
    "territory:rule_choice_list": [Case("page", no_args, everyone(200))],
    "territory:fee_simulator": [Case("form", no_args, everyone(200))],
    "core:job_detail": [Case("the coordinator's job", _job, everyone(404, **{COORD: 200}))],
}

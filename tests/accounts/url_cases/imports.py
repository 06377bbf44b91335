"""Imports of attendance and of contracts (coordinator and administrator only) and the attendance export
(whoever sees the children of a facility: the elected official and the HR officer are refused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ribambelle.core.models import Job, JobStatus
from tests.accounts.url_cases import ADMIN, ANON, COORD, DIRECTOR, ROLES, STEERING_ONLY, Case, everyone, no_args
from tests.care.import_files import mapping
from tests.cast import Cast


def _mapping(cast: Cast) -> dict[str, Any]:
    return {"pk": mapping(cast).pk}


def _checked(job_kind: str) -> Callable[[Cast], dict[str, Any]]:
    """The coordinator's successful dry run of a file of the kind (confirming it starts the wet run)."""

    def checked_file(cast: Cast) -> dict[str, Any]:
        job = Job.objects.create(
            kind=job_kind,
            label="Vérification du fichier « semaine.csv »",
            status=JobStatus.SUCCEEDED,
            params={"upload": "0" * 64 + ".csv", "file_name": "semaine.csv", "commit": False},
            result={"errors_total": 0, "already_imported": None},
            started_by=cast.coordinatrice,
        )
        return {"pk": job.pk}

    return checked_file


def _confirm_cases(job_kind: str) -> list[Case]:
    return [
        Case("get", _checked(job_kind), dict.fromkeys(ROLES, 405) | {ANON: 302}),
        # Another user's dry run does not exist for the administrator.
        Case("post", _checked(job_kind), everyone(403, **{COORD: 302, ADMIN: 404}), method="post"),
    ]


CASES: dict[str, list[Case]] = {
    "care:attendance_import": [Case("page", no_args, STEERING_ONLY)],
    "care:attendance_import_confirm": _confirm_cases("care.attendance_import"),
    "care:contract_import": [Case("page", no_args, STEERING_ONLY)],
    "care:contract_import_confirm": _confirm_cases("care.contract_import"),
    "care:import_mapping_create": [Case("form", no_args, STEERING_ONLY)],
    "care:import_mapping_edit": [Case("the organisation's mapping", _mapping, STEERING_ONLY)],
    "care:attendance_export": [Case("form", no_args, everyone(403, **{COORD: 200, DIRECTOR: 200, ADMIN: 200}))],
}

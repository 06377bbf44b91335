"""The application pages (demandes de place): nominative, read by the director for her facility, written
by the front desk (coordinator, administrator)."""

from __future__ import annotations

from typing import Any

from ribambelle.families.models import Child
from tests.accounts.url_cases import ADMIN, ANON, COORD, DIRECTOR, ELECTED, HR, ROLES, Case, no_args
from tests.cast import Cast
from tests.families.applications import apply

NOMINATIVE = {ANON: 302, COORD: 200, DIRECTOR: 200, ELECTED: 404, HR: 404, ADMIN: 200}
FRONT_DESK = NOMINATIVE | {DIRECTOR: 403}
WRITE = FRONT_DESK | {COORD: 302, ADMIN: 302}


def _own_application(cast: Cast) -> dict[str, Any]:
    return {"pk": apply(cast).pk}


def _other_application(cast: Cast) -> dict[str, Any]:
    return {"pk": apply(cast, child=Child.objects.get(first_name="Inès"), facilities=[cast.coccinelles]).pk}


def _own_family(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.martin.pk}


def _other_family(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.bernard.pk}


def _write() -> list[Case]:
    return [
        Case("get", _own_application, dict.fromkeys(ROLES, 405) | {ANON: 302}),
        Case("own facility", _own_application, WRITE, method="post"),
        Case("another facility", _other_application, WRITE | {DIRECTOR: 404}, method="post"),
    ]


CASES: dict[str, list[Case]] = {
    "families:application_list": [Case("page", no_args, NOMINATIVE | {ELECTED: 403, HR: 403})],
    "families:application_create": [
        Case("family under contract here", _own_family, FRONT_DESK),
        Case("family under contract elsewhere", _other_family, FRONT_DESK | {DIRECTOR: 404}),
    ],
    "families:application_detail": [
        Case("asks for her facility", _own_application, NOMINATIVE),
        Case("asks for another facility", _other_application, NOMINATIVE | {DIRECTOR: 404}),
    ],
    "families:application_documents": _write(),
    "families:application_withdraw": _write(),
}

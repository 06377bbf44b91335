"""The allocation pages: the criteria grids (public once published, but not to HR), the answers of an
application (front desk), the ranked waiting list (coordinator, administrator, director)."""

from __future__ import annotations

from typing import Any

from ribambelle.allocation.models import CommitteeSession
from tests.accounts.url_cases import ADMIN, ANON, COORD, DIRECTOR, ELECTED, HR, ROLES, Case, everyone, no_args
from tests.allocation.grid import draft_grid, published_grid
from tests.cast import Cast
from tests.families.applications import apply

READERS = everyone(200, **{ANON: 302, HR: 403})
COORDINATION = everyone(403, **{ANON: 302, COORD: 200, ADMIN: 200})
WRITE = everyone(403, **{ANON: 302, COORD: 302, ADMIN: 302})


def _published(cast: Cast) -> dict[str, Any]:
    return {"pk": published_grid(cast).pk}


def _draft(cast: Cast) -> dict[str, Any]:
    return {"pk": draft_grid(cast).pk}


def _criterion(cast: Cast) -> dict[str, Any]:
    return {"pk": draft_grid(cast).criteria.first().pk}


def _application(cast: Cast) -> dict[str, Any]:
    published_grid(cast)
    return {"pk": apply(cast).pk}


def _post(args: Any, expected: dict[str, int]) -> list[Case]:
    return [
        Case("get", args, dict.fromkeys(ROLES, 405) | {ANON: 302}),
        Case("post", args, expected, method="post"),
    ]


CASES: dict[str, list[Case]] = {
    "allocation:grid_list": [Case("page", no_args, READERS)],
    "allocation:grid_create": [Case("form", no_args, COORDINATION)],
    "allocation:grid_detail": [
        Case("published", _published, READERS),
        Case("draft", _draft, READERS | {DIRECTOR: 404, ELECTED: 404}),
    ],
    "allocation:grid_pdf": [Case("published", _published, READERS)],
    "allocation:criterion_add": _post(_draft, WRITE | {COORD: 400, ADMIN: 400, DIRECTOR: 404, ELECTED: 404}),
    "allocation:criterion_remove": _post(_criterion, WRITE),
    "allocation:grid_publish": _post(_draft, WRITE | {DIRECTOR: 404, ELECTED: 404}),
    "allocation:grid_new_version": _post(_published, WRITE),
    "allocation:application_answers": [
        Case("application", _application, everyone(404, **{ANON: 302, COORD: 200, ADMIN: 200, DIRECTOR: 403}))
    ],
    "allocation:waiting_list": [
        Case("page", no_args, everyone(403, **{ANON: 302, COORD: 200, DIRECTOR: 200, ADMIN: 200}))
    ],
}


def _session(cast: Cast) -> dict[str, Any]:
    from tests.allocation.committee import prepared

    return {"pk": prepared(cast)[0].pk}


def _validated(cast: Cast) -> CommitteeSession:
    from datetime import date

    from ribambelle.allocation import committee
    from tests.allocation.committee import prepared

    session = committee.session_run(session=prepared(cast)[0], actor=cast.coordinatrice)
    return committee.session_validate(session=session, on=date(2026, 11, 23), actor=cast.coordinatrice)


def _validated_session(cast: Cast) -> dict[str, Any]:
    return {"pk": _validated(cast).pk}


def _decision(cast: Cast) -> dict[str, Any]:
    return {"pk": _validated(cast).decisions.first().pk}


def _offer(cast: Cast) -> dict[str, Any]:
    return {"pk": _validated(cast).decisions.filter(offers__isnull=False).first().offers.get().pk}


COMMITTEE = everyone(403, **{ANON: 302, COORD: 200, ADMIN: 200})
COMMITTEE_WRITE = everyone(403, **{ANON: 302, COORD: 302, ADMIN: 302})

CASES |= {
    "allocation:session_list": [Case("page", no_args, COMMITTEE)],
    "allocation:session_create": [Case("form", no_args, COMMITTEE)],
    "allocation:session_detail": [Case("session", _session, COMMITTEE)],
    "allocation:session_places": _post(_session, COMMITTEE_WRITE),
    "allocation:session_run": _post(_session, COMMITTEE_WRITE),
    "allocation:session_validate": _post(_session, COMMITTEE_WRITE),
    "allocation:minutes_pdf": [Case("validated", _validated_session, COMMITTEE)],
    "allocation:letter_pdf": [Case("decision", _decision, COMMITTEE)],
    "allocation:decision_adjust": _post(_decision, COMMITTEE_WRITE),
    "allocation:offers_expire": _post(_validated_session, COMMITTEE_WRITE),
    "allocation:offer_accept": _post(_offer, COMMITTEE_WRITE),
    "allocation:offer_refuse": _post(_offer, COMMITTEE_WRITE),
}

CASES["allocation:figures"] = [
    Case("page", no_args, everyone(403, **{ANON: 302, COORD: 200, ADMIN: 200, ELECTED: 200}))
]

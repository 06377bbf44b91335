"""The activity cockpit: figures without names, so the elected officials read it; HR does not; a director
reads her facilities only (another facility is a 404)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.steering.services import facts_refresh
from tests.accounts.url_cases import ADMIN, ANON, COORD, DIRECTOR, HR, ROLES, Case, everyone
from tests.cast import Cast

READERS = everyone(200, **{HR: 403})
MONDAY = date(2026, 3, 2)


def _facts(cast: Cast) -> dict[str, Any]:
    facts_refresh(start_on=MONDAY, end_on=MONDAY)
    return {}


def _own(cast: Cast) -> dict[str, Any]:
    return _facts(cast) | {"pk": cast.lucioles.pk}


def _other(cast: Cast) -> dict[str, Any]:
    return _facts(cast) | {"pk": cast.coccinelles.pk}


def _facility_cases(own: Any, other: Any) -> list[Case]:
    return [Case("own facility", own, READERS), Case("another facility", other, READERS | {DIRECTOR: 404})]


def _month(facility: Any) -> Any:
    return lambda cast: facility(cast) | {"year": 2026, "month": 3}


CASES: dict[str, list[Case]] = {
    "steering:cockpit": [Case("dashboard", _facts, READERS)],
    "steering:cockpit_report": [Case("PDF report", _facts, READERS)],
    "steering:facility_activity": _facility_cases(_own, _other),
    "steering:facility_report": _facility_cases(_own, _other),
    "steering:facility_month": _facility_cases(_month(_own), _month(_other)),
    "steering:billing_refresh": [
        Case("get", _facts, dict.fromkeys(ROLES, 405) | {ANON: 302}),
        Case("post", _facts, everyone(403, **{ANON: 302, COORD: 302, ADMIN: 302}), method="post"),
    ],
}

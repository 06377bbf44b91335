"""The monthly statements: the month picker, the facility-month table, a family's PDF and the exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.accounts.url_cases import ADMIN, ANON, COORD, DIRECTOR, ELECTED, HR, Case
from tests.care.statement_month import set_rounding
from tests.cast import Cast

MARCH = date(2026, 3, 1)
SEPTEMBER = date(2026, 9, 1)
# Nominative pages: the facility's director, the coordinator and the administrator; the others see no
# child (404), and a director another facility's children neither.
NOMINATIVE = {ANON: 302, COORD: 200, DIRECTOR: 200, ELECTED: 404, HR: 404, ADMIN: 200}


def _own_month(cast: Cast) -> dict[str, Any]:
    set_rounding(cast)
    return {"pk": cast.lucioles.pk, "month": MARCH}


def _other_month(cast: Cast) -> dict[str, Any]:
    set_rounding(cast)
    return {"pk": cast.coccinelles.pk, "month": SEPTEMBER}


def _own_family(cast: Cast) -> dict[str, Any]:
    return _own_month(cast) | {"family_pk": cast.martin.pk}


def _other_family(cast: Cast) -> dict[str, Any]:
    return _other_month(cast) | {"family_pk": cast.bernard.pk}


def _month_cases(own: Any, other: Any) -> list[Case]:
    return [Case("own facility", own, NOMINATIVE), Case("another facility", other, NOMINATIVE | {DIRECTOR: 404})]


CASES: dict[str, list[Case]] = {
    "care:statement_index": [
        Case("picker", lambda cast: {}, {ANON: 302, COORD: 200, DIRECTOR: 200, ELECTED: 403, HR: 403, ADMIN: 200})
    ],
    "care:statement_month": _month_cases(_own_month, _other_month),
    "care:statement_family_pdf": [
        *_month_cases(_own_family, _other_family),
        Case(
            "family without a contract there",
            lambda cast: _own_month(cast) | {"family_pk": cast.bernard.pk},
            NOMINATIVE | {COORD: 404, DIRECTOR: 404, ADMIN: 404},
        ),
    ],
    "care:statement_export_csv": _month_cases(_own_month, _other_month),
    "care:statement_export_xlsx": _month_cases(_own_month, _other_month),
}

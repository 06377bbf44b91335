"""The contract pages and the family pages (nominative: the facility's director, the coordinator and the
administrator; an elected official and an HR officer see no family nor child)."""

from __future__ import annotations

from typing import Any

from tests.accounts.url_cases import (
    ADMIN,
    ANON,
    COORD,
    DIRECTOR,
    ELECTED,
    HR,
    ROLES,
    Case,
    no_args,
    other_facility,
    own_facility,
)
from tests.cast import Cast

NOMINATIVE = {ANON: 302, COORD: 200, DIRECTOR: 200, ELECTED: 404, HR: 404, ADMIN: 200}
ROLE_PAGE = {ANON: 302, COORD: 200, DIRECTOR: 200, ELECTED: 403, HR: 403, ADMIN: 200}


def _own_contract(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.lucioles.pk, "contract_pk": cast.leo_contract.pk}


def _other_contract(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.coccinelles.pk, "contract_pk": cast.ines_contract.pk}


def _contract_at_the_wrong_facility(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.lucioles.pk, "contract_pk": cast.ines_contract.pk}


def _own_family(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.martin.pk}


def _other_family(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.bernard.pk}


def _facility_cases() -> list[Case]:
    return [
        Case("own facility", own_facility, NOMINATIVE),
        Case("another facility", other_facility, NOMINATIVE | {DIRECTOR: 404}),
    ]


def _contract_cases() -> list[Case]:
    return [
        Case("own contract", _own_contract, NOMINATIVE),
        Case("another facility's contract", _other_contract, NOMINATIVE | {DIRECTOR: 404}),
        Case(
            "contract of another facility under this one",
            _contract_at_the_wrong_facility,
            NOMINATIVE | {COORD: 404, DIRECTOR: 404, ADMIN: 404},
        ),
    ]


def _status_change_cases() -> list[Case]:
    """POST only; the answer redirects to the contract page with a message (done or refused)."""
    done = NOMINATIVE | {COORD: 302, DIRECTOR: 302, ADMIN: 302}
    return [
        Case("get", _own_contract, dict.fromkeys(ROLES, 405) | {ANON: 302}),
        Case("own contract", _own_contract, done, method="post"),
        Case("another facility's contract", _other_contract, done | {DIRECTOR: 404}, method="post"),
    ]


def _family_cases() -> list[Case]:
    return [
        Case("family under contract here", _own_family, NOMINATIVE),
        Case("family under contract elsewhere", _other_family, NOMINATIVE | {DIRECTOR: 404}),
    ]


CASES: dict[str, list[Case]] = {
    "care:contract_index": [Case("page", no_args, ROLE_PAGE)],
    "care:contract_list": _facility_cases(),
    "care:contract_create": _facility_cases(),
    "care:contract_detail": _contract_cases(),
    "care:contract_amend": _contract_cases(),
    "care:contract_sign": _status_change_cases(),
    "care:contract_cancel": _status_change_cases(),
    "care:family_situation_change": _family_cases(),
    "families:family_create": [Case("form", no_args, ROLE_PAGE)],
    "families:family_detail": _family_cases(),
    "families:family_edit": _family_cases(),
    "families:child_add": _family_cases(),
}

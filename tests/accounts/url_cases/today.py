"""The today page (pointage) of a facility and its taps: nominative, so the elected official and the HR
officer get a 404 like anyone outside the facility; the index answers every role (in French)."""

from __future__ import annotations

from tests.accounts.url_cases import (
    ADMIN,
    ANON,
    COORD,
    DIRECTOR,
    ROLES,
    Case,
    everyone,
    no_args,
    other_facility,
    own_facility,
)

# Scoped by facility_for_care: the coordinator and the administrator see every facility, the director hers.
_PAGE = everyone(404, **{COORD: 200, DIRECTOR: 200, ADMIN: 200})
# An empty tap is refused with a message and redirected back to the day.
_TAP = everyone(404, **{COORD: 302, DIRECTOR: 302, ADMIN: 302})


def _tap() -> list[Case]:
    return [
        Case("get", own_facility, dict.fromkeys(ROLES, 405) | {ANON: 302}),
        Case("own facility", own_facility, _TAP, method="post"),
        Case("another facility", other_facility, _TAP | {DIRECTOR: 404}, method="post"),
    ]


CASES: dict[str, list[Case]] = {
    "care:today_index": [Case("page", no_args, everyone(200))],
    "care:today": [
        Case("own facility", own_facility, _PAGE),
        Case("another facility", other_facility, _PAGE | {DIRECTOR: 404}),
    ],
    "care:today_arrive": _tap(),
    "care:today_leave": _tap(),
    "care:today_absence": _tap(),
    "care:today_absence_cancel": _tap(),
    "care:today_correct": _tap(),
    "care:today_delete": _tap(),
}

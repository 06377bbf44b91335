"""A child of the Martin family (Léo's little sister, born in 2026) applying for a place: the named
application the tests and the URL cases share."""

from __future__ import annotations

from datetime import date

from ribambelle.families import services
from ribambelle.families.enums import ApplicationDocument
from ribambelle.families.models import Application, Child
from tests.cast import Cast

WEEK = [{"weekday": day, "part": "day"} for day in range(4)] + [{"weekday": 4, "part": "morning"}]
ALL_DOCUMENTS = [document.value for document in ApplicationDocument]


def jade(cast: Cast) -> Child:
    return services.child_add(
        family=cast.martin,
        child=Child(first_name="Jade", last_name="Martin", birth_on=date(2026, 5, 20)),
        actor=cast.coordinatrice,
    )


def apply(cast: Cast, child: Child | None = None, **overrides: object) -> Application:
    fields = {
        "child": child or jade(cast),
        "received_on": date(2026, 11, 2),
        "desired_start_on": date(2027, 1, 4),
        "week": WEEK,
        "facilities": [cast.lucioles, cast.coccinelles],
        "documents": ALL_DOCUMENTS,
        "accepts_separate_facilities": False,
        "actor": cast.coordinatrice,
    }
    return services.application_create(**(fields | overrides))  # type: ignore[arg-type]

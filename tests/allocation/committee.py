"""A committee of the cast's town for entries on 4 January 2027: the grid, two babies applying for Les
Lucioles then Les Coccinelles, one place in each babies' section."""

from __future__ import annotations

from datetime import date

from ribambelle.allocation import committee
from ribambelle.allocation.models import CommitteeSession
from ribambelle.families.models import Child
from ribambelle.families.services import child_add
from tests.allocation.grid import answer, published_grid
from tests.cast import Cast
from tests.families.applications import apply

HELD_ON, START_ON = date(2026, 11, 20), date(2027, 1, 4)


def prepared(cast: Cast) -> tuple[CommitteeSession, object, object]:
    """The session in preparation, Jade's application (30 points) and Hugo's (10 points)."""
    grid = published_grid(cast)
    jade = apply(cast)
    hugo_child = child_add(
        family=cast.bernard,
        child=Child(first_name="Hugo", last_name="Bernard", birth_on=date(2026, 4, 2)),
        actor=cast.coordinatrice,
    )
    hugo = apply(cast, child=hugo_child, received_on=date(2026, 10, 1))
    answer(cast, jade, grid, "Les deux parents", "Non", "Non")
    answer(cast, hugo, grid, "Un parent", "Non", "Non")
    session = committee.session_prepare(
        session=CommitteeSession(title="Commission de novembre", held_on=HELD_ON, start_on=START_ON),
        actor=cast.coordinatrice,
    )
    for place in session.places.all():
        places = 1 if place.section and place.section.name == "Bébés" else 0
        committee.session_place_set(place=place, places=places, actor=cast.coordinatrice)
    return session, jade, hugo

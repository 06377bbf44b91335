"""Places reserved for the children of parents on a social or professional integration path (L214-7 CASF).

D214-7 sets at least one place per tranche of twenty places of the facility. A tranche begun counts: a
facility of 10 places reserves one, of 21 places two. The figure is the parameter
``allocation.places_per_l214_7_place``; the reading of the tranche is marked unconfirmed with it.
"""

from __future__ import annotations

from datetime import date

from ribambelle.rules.parameters import ParameterSet


def l214_7_reserved_places(params: ParameterSet, *, places: int, on: date) -> int:
    """The places a facility of ``places`` places reserves for L214-7 applicants on ``on``."""
    if places < 0:
        raise ValueError("Le nombre de places d'un établissement ne peut pas être négatif.")
    per_place = params.at("allocation.places_per_l214_7_place", on).value
    assert isinstance(per_place, int)
    return -(-places // per_place)

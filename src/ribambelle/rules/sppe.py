"""Duties of the autorité organisatrice of the service public de la petite enfance (L214-1-3 CASF).

Each duty applies to a commune (or an EPCI exercising the competence, on the total population of the
communes that transferred it) whose population is strictly above a dated threshold; before a duty's
first effective date, it does not exist and is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ribambelle.rules.parameters import ParameterNotInForce, ParameterSet, ParameterValue

_DUTIES = (
    ("census", "Recenser les besoins des familles et l'offre d'accueil", "sppe.all_duties_from_population"),
    ("inform", "Informer et accompagner les familles et futurs parents", "sppe.all_duties_from_population"),
    ("planning", "Planifier le développement des modes d'accueil", "sppe.planning_from_population"),
    ("quality", "Soutenir la qualité des modes d'accueil", "sppe.planning_from_population"),
    ("plan", "Établir et mettre en œuvre le schéma pluriannuel de l'offre d'accueil", "sppe.plan_from_population"),
    ("rpe", "Mettre en place un relais petite enfance (RPE)", "sppe.rpe_from_population"),
)


@dataclass(frozen=True, slots=True)
class Duty:
    code: str
    label: str
    applies: bool
    threshold: int
    source: ParameterValue


def organising_authority_duties(params: ParameterSet, *, population: int, on: date) -> list[Duty]:
    """Every SPPE duty in force on ``on``, and whether a population of ``population`` carries it."""
    if population < 0:
        raise ValueError("La population ne peut pas être négative.")
    duties = []
    for code, label, key in _DUTIES:
        try:
            source = params.at(key, on)
        except ParameterNotInForce:
            continue
        assert isinstance(source.value, int)
        duties.append(Duty(code, label, population > source.value, source.value, source))
    return duties

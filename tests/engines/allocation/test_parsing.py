"""The JSON schema of docs/allocation.md: optional fields reach the instance; faults name their item."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from ribambelle.engines.allocation import RatioOption, allocate, instance_from_json, read_json, result_to_json

BASE = {
    "programs": [{"id": "lucioles/bebes", "facility": "lucioles", "section": "bebes", "capacity": 20}],
    "children": [
        {
            "id": "c1",
            "family": "f1",
            "priority": 42.5,
            "applied_on": "2026-02-03",
            "preferences": ["lucioles/bebes"],
            "slots": ["mon-am", "mon-pm"],
            "walks": True,
            "l214_7": True,
        }
    ],
    "tie_break": {"seed": 2026},
    "on": "2026-09-01",
    "facilities": [{"id": "lucioles", "staff": 4, "ratio": "5-8"}],
    "families": [{"id": "f1", "separate": True}],
    "solver": {"time_limit_seconds": 5, "workers": 1},
}


def test_the_optional_fields_reach_the_instance_with_the_figures_in_force():
    instance = instance_from_json(read_json(json.dumps(BASE)))

    (child,) = instance.children
    assert (child.priority, child.applied_on, child.slots, child.walks) == (
        Decimal("42.5"),
        date(2026, 2, 3),
        frozenset({"mon-am", "mon-pm"}),
        True,
    )
    (staffing,) = instance.staffing
    assert (staffing.option, staffing.staff, staffing.non_walkers_per_adult, staffing.walkers_per_adult) == (
        RatioOption.BY_WALKING,
        4,
        5,
        8,
    )
    assert instance.reserved_places == {"lucioles": 1}
    assert (instance.time_limit_seconds, instance.workers, instance.families[0].separate) == (5.0, 1, True)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("children", 0, "bonus"), {"x/y": 3}, 'bonus inconnu : l\'enfant c1 a un bonus pour le programme "x/y"'),
        (("children", 0, "priority"), "haute", 'valeur invalide : "priority" de l\'enfant c1 doit être un nombre'),
        (("programs", 0, "slots"), {"sun-am": 1}, 'créneau inconnu : "slots" du programme "lucioles/bebes"'),
        (("facilities", 0, "ratio"), "7", 'taux d\'encadrement inconnu : l\'établissement "lucioles" a le taux "7"'),
        (("facilities", 0, "staff"), -1, 'effectif négatif : l\'établissement "lucioles" a un effectif de -1'),
        (("families", 0, "id"), "f9", 'famille inconnue : aucun enfant n\'appartient à la famille "f9"'),
        (("tie_break", "seed"), "2026", 'valeur invalide : "seed" de "tie_break" doit être un entier'),
        (("children", 0, "colour"), "bleu", 'champ inconnu : l\'enfant n°1 a un champ "colour"'),
    ],
)
def test_a_fault_is_one_french_line_naming_the_item(path, value, message):
    document = read_json(json.dumps(BASE))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value

    with pytest.raises(ValueError, match="^" + re.escape(message)):
        instance_from_json(document)


def test_the_output_names_the_mechanism_and_the_verdict():
    document = read_json(json.dumps(BASE))
    document["children"][0]["l214_7"] = False

    output = result_to_json(allocate(instance_from_json(document)))

    assert output["assignments"] == {"c1": "lucioles/bebes"}
    assert (output["stats"]["mechanism"], output["stats"]["verdict"]) == ("stability_search", "stable")


def test_the_reserve_with_shared_staff_is_refused_in_one_french_line():
    instance = instance_from_json(read_json(json.dumps(BASE)))

    with pytest.raises(ValueError, match=r"^combinaison non prise en charge : les places réservées L214-7"):
        allocate(instance)

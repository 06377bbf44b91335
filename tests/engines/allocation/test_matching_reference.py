"""Deferred acceptance against the `matching` package (Gusfield & Irving), an independent implementation.

With distinct priorities the child-optimal stable matching is unique, so the assignments must be equal.
`matching`'s pitfalls: each program must rank exactly the children who rank it, and programs without a
place and children without a list are left out of its game.
"""

from __future__ import annotations

import random
import sys
import warnings
from collections.abc import Mapping

import pytest
from matching.games import HospitalResident

from ribambelle.engines.allocation import Instance, Mechanism, allocate
from ribambelle.engines.allocation.checkers import order_key
from tests.engines.allocation.instances import random_instance


def _reference(instance: Instance, optimal: str) -> dict[str, str | None]:
    capacity = {program.id: program.capacity for program in instance.programs if program.capacity > 0}
    children = {child.id: child for child in instance.children}
    child_lists = {c.id: [p for p in c.preferences if p in capacity] for c in instance.children}
    child_lists = {c: ps for c, ps in child_lists.items() if ps}
    program_lists = {
        p: sorted(
            (c for c, ps in child_lists.items() if p in ps), key=lambda c: order_key(children[c], p, instance.seed)
        )
        for p in capacity
    }
    program_lists = {p: cs for p, cs in program_lists.items() if cs}
    expected: dict[str, str | None] = dict.fromkeys(children)
    if child_lists:
        game = HospitalResident.create_from_dictionaries(
            child_lists, program_lists, {p: capacity[p] for p in program_lists}
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matching = game.solve(optimal=optimal)
        for program, residents in matching.items():
            for resident in residents:
                expected[resident.name] = program.name
    return expected


def _fill_counts(instance: Instance, assignment: Mapping[str, str | None]) -> dict[str, int]:
    return {p.id: sum(q == p.id for q in assignment.values()) for p in instance.programs}


def test_deferred_acceptance_equals_the_child_optimal_stable_matching_on_3000_random_instances():
    rng = random.Random(20261129)

    for _ in range(3000):
        instance = random_instance(
            rng, children=rng.randint(1, 30), facilities=rng.randint(1, 6), sections=rng.randint(1, 3)
        )
        result = allocate(instance)

        assert result.mechanism is Mechanism.DEFERRED_ACCEPTANCE
        assert dict(result.assignments) == _reference(instance, "resident"), instance


@pytest.mark.parametrize("seed", range(3))
def test_deferred_acceptance_equals_the_reference_on_a_thousand_children(seed):
    rng = random.Random(seed)
    instance = random_instance(rng, children=1000, facilities=40, sections=3, max_choices=5, max_capacity=8)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)  # matching deep-copies its players recursively

    try:
        expected = _reference(instance, "resident")
    finally:
        sys.setrecursionlimit(limit)

    assert dict(allocate(instance).assignments) == expected


def test_the_program_optimal_matching_places_the_same_children_and_fills_programs_alike():
    """Rural hospitals theorem: every stable matching places the same children and fills each program alike."""
    rng = random.Random(7)

    for _ in range(500):
        instance = random_instance(rng, children=rng.randint(1, 25), facilities=rng.randint(1, 5), sections=2)
        ours = dict(allocate(instance).assignments)
        theirs = _reference(instance, "hospital")

        assert {c for c, p in ours.items() if p} == {c for c, p in theirs.items() if p}
        assert _fill_counts(instance, ours) == _fill_counts(instance, theirs)

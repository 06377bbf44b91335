"""Metamorphic laws of the baseline: more places never hurt a child; names do not matter."""

from __future__ import annotations

import random
from dataclasses import replace

from ribambelle.engines.allocation import Instance, allocate
from tests.engines.allocation.instances import random_instance


def _position(instance: Instance, assignment: dict[str, str | None]) -> dict[str, int]:
    return {
        child.id: len(child.preferences)
        if assignment[child.id] is None
        else child.preferences.index(assignment[child.id])
        for child in instance.children
    }


def test_one_more_place_never_makes_a_child_worse_off():
    rng = random.Random(41)

    for _ in range(500):
        instance = random_instance(rng, children=rng.randint(1, 20), facilities=3, sections=2, distinct=False)
        grown = rng.randrange(len(instance.programs))
        more = replace(
            instance,
            programs=tuple(
                replace(program, capacity=program.capacity + 1) if p == grown else program
                for p, program in enumerate(instance.programs)
            ),
        )

        before = _position(instance, dict(allocate(instance).assignments))
        after = _position(more, dict(allocate(more).assignments))

        assert all(after[child] <= before[child] for child in before)


def test_renaming_the_programs_renames_the_assignment_only():
    rng = random.Random(42)

    for _ in range(300):
        instance = random_instance(rng, children=rng.randint(1, 20), facilities=3, sections=2, distinct=False)
        names = {program.id: f"renamed-{n}" for n, program in enumerate(reversed(instance.programs))}
        renamed = replace(
            instance,
            programs=tuple(replace(program, id=names[program.id]) for program in reversed(instance.programs)),
            children=tuple(
                replace(child, preferences=tuple(names[p] for p in child.preferences)) for child in instance.children
            ),
        )

        original = dict(allocate(instance).assignments)

        assert dict(allocate(renamed).assignments) == {c: None if p is None else names[p] for c, p in original.items()}

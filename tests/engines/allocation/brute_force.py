"""Every assignment of a tiny instance, to settle by enumeration what the engine claims."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ribambelle.engines.allocation import Instance
from ribambelle.engines.allocation.checkers import Assignment, feasibility_violations


def feasible_assignments(instance: Instance) -> Iterator[Assignment]:
    """Each child unplaced or at one of her programs: the (k+1)^n combinations that are feasible."""
    options = [(None, *child.preferences) for child in instance.children]
    for combo in itertools.product(*options):
        assignment = {child.id: program for child, program in zip(instance.children, combo, strict=True)}
        if not feasibility_violations(instance, assignment):
            yield assignment


def weakly_better_for_all(instance: Instance, ours: Assignment, other: Assignment) -> bool:
    """Every child is at least as well placed in ``ours`` as in ``other``."""

    def position(child_id: str, program: str | None) -> int:
        preferences = next(child.preferences for child in instance.children if child.id == child_id)
        return len(preferences) if program is None else preferences.index(program)

    return all(position(c, ours[c]) <= position(c, other[c]) for c in ours)

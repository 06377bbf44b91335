"""Independent checkers of an assignment, written from the definitions in docs/allocation.md.

They share nothing with the solvers but the input dataclasses: no ranking, no resources, no heaps. They
are slow on purpose (plain loops, exact fractions) and meant to be read. An assignment maps child ids to
program ids (None: unplaced).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ribambelle.engines.allocation.model import WEEK_SLOTS, Child, Instance, Program, RatioOption

Assignment = Mapping[str, str | None]
Key = tuple[Decimal, date, bytes, str]


def order_key(child: Child, program: str, seed: int) -> Key:
    """Smaller is better: priority + bonus descending, applied_on, then the SHA-256 draw of "seed:id"."""
    draw = hashlib.sha256(f"{seed}:{child.id}".encode()).digest()[:8]
    return (-(child.priority + child.bonus.get(program, Decimal(0))), child.applied_on, draw, child.id)


def feasibility_violations(instance: Instance, assignment: Assignment) -> list[str]:
    """Places per program and slot, staff per facility and slot, siblings together: what is exceeded."""
    children = {child.id: child for child in instance.children}
    programs = {program.id: program for program in instance.programs}
    problems = []
    for facility in {program.facility for program in instance.programs}:
        present = [(children[c], programs[p]) for c, p in assignment.items() if p and programs[p].facility == facility]
        problems += _facility_violations(instance, facility, present)
    for family in instance.sibling_groups():
        places = [assignment[child.id] for child in family]
        facilities = {programs[p].facility for p in places if p is not None}
        if len(facilities) > 1 or (facilities and None in places):
            problems.append(f"family {family[0].family} is not placed together")
    return problems


def _facility_violations(instance: Instance, facility: str, present: list[tuple[Child, Program]]) -> list[str]:
    problems = []
    staffing = next((s for s in instance.staffing if s.facility == facility), None)
    for slot in WEEK_SLOTS:
        in_slot = [(child, program) for child, program in present if slot in child.slots]
        for program in {program.id: program for _, program in in_slot}.values():
            count = sum(held is program for _, held in in_slot)
            if count > program.slot_capacity(slot):
                problems.append(f"{program.id} holds {count} children on {slot}")
        if staffing is not None:
            if staffing.option is RatioOption.SINGLE:
                needed = Fraction(len(in_slot), staffing.children_per_adult)
            else:
                walkers = sum(child.walks for child, _ in in_slot)
                needed = Fraction(len(in_slot) - walkers, staffing.non_walkers_per_adult) + Fraction(
                    walkers, staffing.walkers_per_adult
                )
            if needed > staffing.staff:
                problems.append(f"{facility} needs {float(needed):.2f} adults on {slot}, has {staffing.staff}")
    return problems


def _fits(instance: Instance, assignment: Assignment, facility: str) -> bool:
    children = {child.id: child for child in instance.children}
    programs = {program.id: program for program in instance.programs}
    present = [(children[c], programs[p]) for c, p in assignment.items() if p and programs[p].facility == facility]
    return not _facility_violations(instance, facility, present)


def _prefers(child: Child, program: str, assignment: Assignment) -> bool:
    current = assignment[child.id]
    return program in child.preferences and (
        current is None or child.preferences.index(program) < child.preferences.index(current)
    )


def _wishes(instance: Instance, assignment: Assignment) -> Iterator[tuple[Child, str]]:
    """Every (child, program) such that the child prefers the program to her place."""
    for child in instance.children:
        for program in child.preferences:
            if _prefers(child, program, assignment):
                yield child, program


def justified_envy(instance: Instance, assignment: Assignment) -> list[tuple[str, str, str]]:
    """(i, j, p): i prefers p to her place, j is at p with a worse key, and i in j's stead keeps p's facility
    feasible (i's own place freed)."""
    facility = {program.id: program.facility for program in instance.programs}
    out = []
    for i, p in _wishes(instance, assignment):
        for j in instance.children:
            if assignment[j.id] != p or order_key(j, p, instance.seed) < order_key(i, p, instance.seed):
                continue
            if _fits(instance, dict(assignment) | {i.id: p, j.id: None}, facility[p]):
                out.append((i.id, j.id, p))
    return out


def wasteful_pairs(instance: Instance, assignment: Assignment) -> list[tuple[str, str]]:
    """(i, p): i prefers p to her place and p's facility stays feasible with her added (her place freed)."""
    facility = {program.id: program.facility for program in instance.programs}
    return [
        (i.id, p)
        for i, p in _wishes(instance, assignment)
        if _fits(instance, dict(assignment) | {i.id: p}, facility[p])
    ]


def list_order_breaches(instance: Instance, assignment: Assignment) -> list[tuple[str, str, str]]:
    """(i, j, p): i prefers p to her place and j is at p with a worse key (whether or not they could swap)."""
    return [
        (i.id, j.id, p)
        for i, p in _wishes(instance, assignment)
        for j in instance.children
        if assignment[j.id] == p and order_key(i, p, instance.seed) < order_key(j, p, instance.seed)
    ]


def family_options(instance: Instance, family: tuple[Child, ...]) -> list[tuple[str, ...]]:
    """A family's options, best first: one program per child, all in one facility, ordered by the sum of
    the children's positions in their lists, then the positions in input order."""
    facility = {program.id: program.facility for program in instance.programs}
    combos = [
        combo
        for combo in itertools.product(*(range(len(child.preferences)) for child in family))
        if len({facility[child.preferences[k]] for child, k in zip(family, combo, strict=True)}) == 1
    ]
    combos.sort(key=lambda combo: (sum(combo), combo))
    return [tuple(child.preferences[k] for child, k in zip(family, combo, strict=True)) for combo in combos]


def blocking_families(instance: Instance, assignment: Assignment) -> list[str]:
    """Families (a child alone is a family of one) that prefer an option that fits once their own places
    are freed and, at each program of the option, the children with a worse key than the family's worst
    entering child there are set aside. Returns the family ids (a child alone: her id)."""
    together = {child.id for family in instance.sibling_groups() for child in family}
    families = [*instance.sibling_groups(), *((child,) for child in instance.children if child.id not in together)]
    facility = {program.id: program.facility for program in instance.programs}
    out = []
    for family in families:
        options = family_options(instance, family) if len(family) > 1 else [(p,) for p in family[0].preferences]
        current = tuple(assignment[child.id] for child in family)
        better = next((options[:n] for n, option in enumerate(options) if option == current), options)
        for option in better:
            trial = dict(assignment) | {child.id: None for child in family}
            for p in set(option):
                worst = max(order_key(c, p, instance.seed) for c, q in zip(family, option, strict=True) if q == p)
                for other in instance.children:
                    if trial[other.id] == p and order_key(other, p, instance.seed) > worst:
                        trial[other.id] = None
            trial |= {child.id: p for child, p in zip(family, option, strict=True)}
            if _fits(instance, trial, facility[option[0]]):
                out.append(family[0].family if len(family) > 1 else family[0].id)
                break
    return out


def reserved_places_by_program(instance: Instance) -> dict[str, int]:
    """Each facility's reserved places, given one by one to its program with the most unreserved places
    (the first listed on a tie), never beyond a program's capacity."""
    reserved = {program.id: 0 for program in instance.programs}
    for facility, places in instance.reserved_places.items():
        programs = [program for program in instance.programs if program.facility == facility]
        for _ in range(places):
            best = max(programs, key=lambda q: q.capacity - reserved[q.id], default=None)
            if best is None or best.capacity - reserved[best.id] <= 0:
                break
            reserved[best.id] += 1
    return reserved


def reserve_blocking_pairs(instance: Instance, assignment: Assignment) -> list[tuple[str, str]]:
    """(i, p): i prefers p to her place and p, choosing among its children and i, would keep i: first its
    best L214-7 applicants up to its reserved places, then the best of the others up to its capacity."""
    reserved = reserved_places_by_program(instance)
    capacity = {program.id: program.capacity for program in instance.programs}
    out = []
    for i, p in _wishes(instance, assignment):
        pool = sorted(
            [child for child in instance.children if assignment[child.id] == p] + [i],
            key=lambda child: order_key(child, p, instance.seed),
        )
        first = [child for child in pool if child.l214_7][: reserved[p]]
        rest = [child for child in pool if child not in first][: capacity[p] - len(first)]
        if i in first or i in rest:
            out.append((i.id, p))
    return out

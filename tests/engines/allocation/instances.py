"""Random instances for the allocation tests: small, seeded, with the features a test asks for."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from ribambelle.engines.allocation import WEEK_SLOTS, Child, Family, Instance, Program, RatioOption, Staffing

FIVE_EIGHT = {"non_walkers_per_adult": 5, "walkers_per_adult": 8, "children_per_adult": 6}


def random_instance(
    rng: random.Random,
    *,
    children: int,
    facilities: int,
    sections: int = 1,
    max_choices: int = 3,
    max_capacity: int = 3,
    distinct: bool = True,
) -> Instance:
    """Children with random lists over programs of random capacity; ``distinct``: no two equal scores."""
    programs = tuple(
        Program(f"f{f}/s{s}", f"f{f}", f"s{s}", rng.randint(0, max_capacity))
        for f in range(facilities)
        for s in range(sections)
    )
    ids = [program.id for program in programs]
    scores = rng.sample(range(10 * children + 10), children) if distinct else None
    made = []
    for c in range(children):
        preferences = tuple(rng.sample(ids, rng.randint(0, min(max_choices, len(ids)))))
        priority = Decimal(scores[c]) if scores else Decimal(rng.randint(0, 3))
        made.append(
            Child(
                id=f"c{c}",
                family=f"fam{c}",
                priority=priority,
                applied_on=date(2026, 1, 1) + timedelta(days=rng.randint(0, 2)),
                preferences=preferences,
            )
        )
    return Instance(programs=programs, children=tuple(made), seed=rng.randint(0, 10_000))


def with_slots(rng: random.Random, instance: Instance) -> Instance:
    """Part-time children (one to four half-days, or full time) and programs with a capacity per slot."""
    children = tuple(
        replace(child, slots=frozenset(rng.sample(WEEK_SLOTS, rng.randint(1, 4)))) if rng.random() < 0.7 else child
        for child in instance.children
    )
    programs = tuple(
        replace(program, slot_capacities={slot: rng.randint(0, 2) for slot in rng.sample(WEEK_SLOTS, 3)})
        for program in instance.programs
    )
    return replace(instance, children=children, programs=programs)


def with_staff(rng: random.Random, instance: Instance) -> Instance:
    """Every facility shares its staff over its sections (ratio 5-8 or 6); half the children walk."""
    facilities = sorted({program.facility for program in instance.programs})
    staffing = tuple(
        Staffing(facility, rng.randint(0, 1), rng.choice(list(RatioOption)), **FIVE_EIGHT) for facility in facilities
    )
    programs = tuple(replace(program, capacity=program.capacity + 4) for program in instance.programs)
    children = tuple(replace(child, walks=rng.random() < 0.5) for child in instance.children)
    return replace(instance, staffing=staffing, programs=programs, children=children)


def with_siblings(rng: random.Random, instance: Instance, pairs: int) -> Instance:
    """The first ``2 * pairs`` children as sibling pairs; the first applies together, some others accept
    separate facilities."""
    children = tuple(
        replace(child, family=f"fam-pair{c // 2}") if c < 2 * pairs else child
        for c, child in enumerate(instance.children)
    )
    families = tuple(Family(f"fam-pair{n}", separate=n > 0 and rng.random() < 0.2) for n in range(pairs))
    return replace(instance, children=children, families=families)

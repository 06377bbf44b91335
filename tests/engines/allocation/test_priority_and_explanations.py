"""The published order (priority + bonus, applied_on, SHA-256 lottery) and the explanations' cutoffs."""

from __future__ import annotations

import hashlib
import random
from datetime import date
from decimal import Decimal

import pytest

from ribambelle.engines.allocation import Child, Instance, Program, Reason, allocate, lottery_draw
from ribambelle.engines.allocation.checkers import order_key
from tests.engines.allocation.instances import random_instance

PLACE = (Program("lucioles/bebes", "lucioles", "bebes", 1),)


def _child(child_id: str, priority: str, applied_on: date, bonus: str = "0") -> Child:
    return Child(
        child_id,
        f"fam-{child_id}",
        Decimal(priority),
        applied_on,
        ("lucioles/bebes",),
        bonus={"lucioles/bebes": Decimal(bonus)},
    )


def _winner(*children: Child, seed: int = 2026) -> str:
    result = allocate(Instance(PLACE, children, seed))
    return next(c for c, p in result.assignments.items() if p)


def test_the_bonus_of_a_program_adds_to_the_priority():
    assert _winner(_child("a", "42.5", date(2026, 1, 1)), _child("b", "40", date(2026, 1, 1), bonus="3")) == "b"


def test_equal_priorities_go_to_the_earlier_application():
    assert _winner(_child("a", "47", date(2026, 2, 3)), _child("b", "42", date(2026, 1, 1), bonus="5")) == "b"


@pytest.mark.parametrize("seed", [2026, 2027, 1])
def test_equal_priorities_and_dates_go_to_the_smaller_sha256_draw(seed):
    """The draw is the first 8 bytes, big-endian, of SHA-256("<seed>:<child id>"): anyone can recompute it."""
    a, b = _child("c1", "10", date(2026, 1, 1)), _child("c2", "10", date(2026, 1, 1))
    draws = {c: int.from_bytes(hashlib.sha256(f"{seed}:{c}".encode()).digest()[:8], "big") for c in ("c1", "c2")}

    assert _winner(a, b, seed=seed) == min(draws, key=draws.__getitem__)
    assert lottery_draw(seed, "c1") == draws["c1"]


def test_the_lottery_depends_on_the_seed_only_through_the_published_draw():
    children = [_child(f"c{n}", "10", date(2026, 1, 1)) for n in range(20)]
    winners = {_winner(*children, seed=seed) for seed in range(30)}

    assert len(winners) > 1


def test_a_refusal_names_the_cutoff_the_priority_of_the_last_child_admitted():
    """On random markets with ties: each child below a program she preferred sees reason "full" and the
    lowest priority admitted there, which is never below hers (equal: the date or the draw decided)."""
    rng = random.Random(31)

    for _ in range(300):
        instance = random_instance(rng, children=rng.randint(1, 25), facilities=3, sections=2, distinct=False)
        result = allocate(instance)
        children = {child.id: child for child in instance.children}

        for child_id, rows in result.explanations.items():
            child = children[child_id]
            for row in rows:
                admitted = [children[c] for c, p in result.assignments.items() if p == row.program]
                assert row.reason is Reason.FULL
                if not admitted:
                    assert row.cutoff_priority is None
                    continue
                last = max(admitted, key=lambda other: order_key(other, row.program, instance.seed))
                assert row.cutoff_priority == last.score(row.program) >= child.score(row.program)


def test_every_child_who_missed_a_preferred_program_has_one_explanation_per_such_program():
    rng = random.Random(32)
    instance = random_instance(rng, children=200, facilities=10, sections=2, max_choices=4)

    result = allocate(instance)

    for child in instance.children:
        held = result.assignments[child.id]
        missed = child.preferences if held is None else child.preferences[: child.preferences.index(held)]
        assert [row.program for row in result.explanations.get(child.id, ())] == list(missed)

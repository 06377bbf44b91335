"""Part-time slots, flexible sections and the L214-7 reserve, judged by the independent checkers."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal

from ribambelle.engines.allocation import (
    Child,
    Instance,
    Mechanism,
    Program,
    RatioOption,
    Reason,
    Staffing,
    Verdict,
    allocate,
)
from ribambelle.engines.allocation.checkers import (
    blocking_families,
    feasibility_violations,
    justified_envy,
    list_order_breaches,
    order_key,
    reserve_blocking_pairs,
    wasteful_pairs,
)
from ribambelle.engines.allocation.cutoff import cutoff_deferred_acceptance
from ribambelle.engines.allocation.explain import units
from ribambelle.engines.allocation.priority import rank_applications
from ribambelle.engines.allocation.resources import build_resources
from tests.engines.allocation.brute_force import feasible_assignments, weakly_better_for_all
from tests.engines.allocation.instances import random_instance, with_slots, with_staff


def _flexible(rng: random.Random, children: int) -> Instance:
    instance = random_instance(
        rng, children=children, facilities=rng.randint(1, 4), sections=rng.randint(1, 3), distinct=False
    )
    if rng.random() < 0.5:
        instance = with_slots(rng, instance)
    if rng.random() < 0.5 or not instance.part_time:
        instance = with_staff(rng, instance)
    return instance


def test_slots_and_shared_staff_give_feasible_assignments_without_justified_envy():
    """A stable assignment when the search finds one (it does on all of these); otherwise the cutoff
    mechanism's, which keeps the list order."""
    rng = random.Random(11)
    mechanisms: Counter[Mechanism] = Counter()

    for _ in range(400):
        instance = _flexible(rng, rng.randint(1, 14))
        result = allocate(instance)
        assignment = dict(result.assignments)

        assert feasibility_violations(instance, assignment) == []
        assert justified_envy(instance, assignment) == []
        if result.mechanism is Mechanism.STABILITY_SEARCH:
            assert blocking_families(instance, assignment) == []
        else:
            assert result.mechanism is Mechanism.CUTOFF_DEFERRED_ACCEPTANCE
            assert list_order_breaches(instance, assignment) == []
        mechanisms[result.mechanism] += 1

    assert mechanisms[Mechanism.STABILITY_SEARCH] > 0


def _cutoff(instance: Instance) -> dict[str, str | None]:
    """The cutoff mechanism alone, before the search for a stable assignment."""
    ranking = rank_applications(instance)
    assigned = cutoff_deferred_acceptance(
        instance, ranking, build_resources(instance, ranking), units(instance, ranking)
    )
    return {
        child.id: None if p is None else instance.programs[p].id
        for child, p in zip(instance.children, assigned, strict=True)
    }


def test_the_cutoff_mechanism_keeps_the_list_order_so_no_justified_envy():
    rng = random.Random(12)

    for _ in range(400):
        instance = _flexible(rng, rng.randint(1, 14))
        assignment = _cutoff(instance)

        assert feasibility_violations(instance, assignment) == []
        assert list_order_breaches(instance, assignment) == []
        assert justified_envy(instance, assignment) == []


def test_after_the_cutoff_mechanism_only_waste_blocks():
    """A child alone blocks when she fits once her place is freed: with the list order kept, only waste blocks."""
    rng = random.Random(12)

    for _ in range(300):
        instance = _flexible(rng, rng.randint(1, 12))
        assignment = _cutoff(instance)
        wasted = {child for child, _ in wasteful_pairs(instance, assignment)}

        assert set(blocking_families(instance, assignment)) == wasted


def test_the_best_waiting_child_of_every_program_does_not_fit():
    """The filling pass stops only when, at each program, the best-ranked child waiting for it does not fit."""
    rng = random.Random(13)

    for _ in range(300):
        instance = _flexible(rng, rng.randint(1, 12))
        assignment = _cutoff(instance)
        wasted = wasteful_pairs(instance, assignment)

        for program in instance.programs:
            waiting = [child for child in instance.children if _prefers(child, program.id, assignment)]
            if waiting:
                best = min(waiting, key=lambda child: order_key(child, program.id, instance.seed))
                assert (best.id, program.id) not in wasted


def _prefers(child: Child, program: str, assignment: dict[str, str | None]) -> bool:
    held = assignment[child.id]
    return program in child.preferences and (
        held is None or child.preferences.index(program) < child.preferences.index(held)
    )


def test_the_reported_blocking_count_and_verdict_agree_with_the_checker():
    rng = random.Random(16)

    for _ in range(300):
        instance = _flexible(rng, rng.randint(1, 12))
        result = allocate(instance)
        blocking = blocking_families(instance, dict(result.assignments))

        assert result.blocking == len(blocking)
        assert result.verdict is (Verdict.STABLE if not blocking else Verdict.UNKNOWN)


def test_on_tiny_instances_a_stable_assignment_is_found_whenever_one_exists_brute_force():
    """Enumerating every assignment: ours is feasible and envy-free; when some assignment is stable, the
    search found one (not guaranteed in general; true on every instance of this seed), and when none is,
    the verdict does not claim one."""
    rng = random.Random(14)

    for _ in range(150):
        instance = _flexible(rng, rng.randint(1, 6))
        result = allocate(instance)
        assignment = dict(result.assignments)
        everything = list(feasible_assignments(instance))
        exists = any(not blocking_families(instance, other) for other in everything)

        assert assignment in everything
        assert justified_envy(instance, assignment) == []
        assert result.verdict is (Verdict.STABLE if exists else Verdict.UNKNOWN)


def _program(program_id: str, capacity: int, **slots: int) -> Program:
    facility, section = program_id.split("/")
    return Program(program_id, facility, section, capacity, {slot.replace("_", "-"): n for slot, n in slots.items()})


def _child(child_id: str, priority: int, *preferences: str, **fields: object) -> Child:
    return Child(child_id, f"fam-{child_id}", Decimal(priority), date(2026, 2, 1), preferences, **fields)


def test_two_part_time_children_share_one_place():
    instance = Instance(
        programs=(_program("lucioles/bebes", 1),),
        children=(
            _child("lundi", 10, "lucioles/bebes", slots=frozenset({"mon-am", "mon-pm"})),
            _child("jeudi", 5, "lucioles/bebes", slots=frozenset({"thu-am"})),
            _child("lundi-aussi", 1, "lucioles/bebes", slots=frozenset({"mon-am"})),
        ),
        seed=1,
    )

    result = allocate(instance)

    assert dict(result.assignments) == {"lundi": "lucioles/bebes", "jeudi": "lucioles/bebes", "lundi-aussi": None}
    (row,) = result.explanations["lundi-aussi"]
    assert (row.reason, row.slots, row.cutoff_priority) == (Reason.SLOT_FULL, ("mon-am",), Decimal(5))


def test_shared_staff_moves_places_between_sections():
    """Two adults under 5-8: 10 non-walkers, or 16 walkers, or any mix with nw/5 + w/8 <= 2."""
    babies = [_child(f"b{n}", 100 - n, "lucioles/bebes") for n in range(8)]
    walkers = [_child(f"w{n}", 50 - n, "lucioles/grands", walks=True) for n in range(8)]
    instance = Instance(
        programs=(_program("lucioles/bebes", 8), _program("lucioles/grands", 8)),
        children=(*babies, *walkers),
        seed=1,
        staffing=(Staffing("lucioles", 2, RatioOption.BY_WALKING, 5, 8, 6),),
    )

    result = allocate(instance)

    placed = [c for c, p in result.assignments.items() if p]
    assert placed == [f"b{n}" for n in range(8)] + ["w0", "w1", "w2"]  # 8/5 + 3/8 = 1.975 <= 2
    (row,) = result.explanations["w3"]
    assert (row.reason, row.staff) == (Reason.RATIO, 2)


def _with_reserve(rng: random.Random, children: int) -> Instance:
    instance = random_instance(rng, children=children, facilities=rng.randint(1, 3), sections=2, distinct=False)
    facilities = sorted({program.facility for program in instance.programs})
    return replace(
        instance,
        children=tuple(replace(child, l214_7=rng.random() < 0.3) for child in instance.children),
        reserved_places={facility: rng.randint(0, 2) for facility in facilities},
    )


def test_the_reserve_gives_the_child_optimal_stable_assignment_brute_force():
    """Among all feasible assignments no L214-7-reserve blocking pair (Hafalir et al.'s stability), ours is
    one, and every child weakly prefers it to any other."""
    rng = random.Random(15)

    for _ in range(200):
        instance = _with_reserve(rng, rng.randint(1, 6))
        ours = dict(allocate(instance).assignments)
        stable = [a for a in feasible_assignments(instance) if not reserve_blocking_pairs(instance, a)]

        assert ours in stable
        assert all(weakly_better_for_all(instance, ours, other) for other in stable)


def test_a_reserved_place_goes_to_the_l214_7_child_then_falls_back_to_the_list():
    programs = (_program("lucioles/bebes", 2),)
    reserve = {"lucioles": 1}
    first, second = _child("c1", 30, "lucioles/bebes"), _child("c2", 20, "lucioles/bebes")
    insertion = _child("c3", 10, "lucioles/bebes", l214_7=True)

    with_applicant = allocate(Instance(programs, (first, second, insertion), 1, reserved_places=reserve))
    without = allocate(Instance(programs, (first, second), 1, reserved_places=reserve))

    assert dict(with_applicant.assignments) == {"c1": "lucioles/bebes", "c2": None, "c3": "lucioles/bebes"}
    (row,) = with_applicant.explanations["c2"]
    assert (row.reason, row.cutoff_priority, row.reserved_places) == (Reason.FULL, Decimal(30), 1)
    assert dict(without.assignments) == {"c1": "lucioles/bebes", "c2": "lucioles/bebes"}


def test_the_search_is_seeded_same_input_same_assignment():
    rng = random.Random(17)
    instance = _flexible(rng, 40)

    first, second = allocate(instance), allocate(instance)

    assert first.assignments == second.assignments

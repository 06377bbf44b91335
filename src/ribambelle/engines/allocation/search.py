"""A search for an assignment without blocking family, from a starting assignment (Roth and Vande Vate's
random paths to stability, with families).

Each sweep lists the families that block, takes a quarter of them in a seeded random order, and satisfies
each: the family leaves its places and, at each program of its better option, the children ranked below
its lowest entering child leave, worst first, until the option fits; a child who leaves takes her family
out with her. Then every family, in turn, moves to its best option that fits outright, until none can. The
search keeps the best assignment met (fewest blocking families, then most children placed) and stops at
none, after ``sweeps`` sweeps, or at the deadline. Seeded by the instance's seed: same input, same output
(unless the deadline stops it).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from ribambelle.engines.allocation.cutoff import State
from ribambelle.engines.allocation.explain import Entry, Outcome, Unit
from ribambelle.engines.allocation.model import Instance
from ribambelle.engines.allocation.priority import Ranking
from ribambelle.engines.allocation.resources import Resources


def stability_search(
    instance: Instance,
    ranking: Ranking,
    resources: Resources,
    all_units: Sequence[Unit],
    start: Sequence[int | None],
    *,
    sweeps: int,
    deadline: float,
) -> tuple[list[int | None], int]:
    """The best assignment met and its number of blocking families."""
    state = State(instance, ranking, resources)
    for c, p in enumerate(start):
        if p is not None:
            state.add(c, ranking.choices[c].index(p))
    unit_of = {c: u for u, unit in enumerate(all_units) for c in unit.children}
    rng = random.Random(instance.seed)
    no_reserve = [0] * len(instance.programs)
    _improve(state, all_units)
    best: tuple[int, int, list[int | None]] | None = None
    for _ in range(sweeps + 1):
        outcome = Outcome(instance, ranking, resources, state.assigned, no_reserve)
        blocking = [unit for unit in all_units if outcome.blocks(unit)]
        standing = (len(blocking), sum(p is None for p in state.assigned))
        if best is None or standing < best[:2]:
            best = (*standing, list(state.assigned))
        if not blocking or time.perf_counter() > deadline:
            break
        rng.shuffle(blocking)
        for unit in blocking[: max(1, len(blocking) // 4)]:
            option = next((o for o in outcome.better_options(unit) if not outcome.binding(o)), None)
            if option is not None:
                _enter(state, all_units, unit_of, unit, option)
        _improve(state, all_units)
    assert best is not None
    return best[2], best[0]


def _enter(
    state: State, all_units: Sequence[Unit], unit_of: dict[int, int], unit: Unit, option: Sequence[Entry]
) -> None:
    ranking = state.ranking
    _leave(state, unit)
    lowest: dict[int, int] = {}
    for c, k in option:
        p = ranking.choices[c][k]
        lowest[p] = max(lowest.get(p, -1), ranking.ranks[c][k])
    for p, threshold in lowest.items():
        for rank, c in sorted(state.present(p), reverse=True):
            if rank <= threshold or state.fits_all(option):
                break
            _leave(state, all_units[unit_of[c]])
    if state.fits_all(option):
        for c, k in option:
            state.add(c, k)


def _leave(state: State, unit: Unit) -> None:
    for c in unit.children:
        if state.assigned[c] is not None:
            state.remove(c)


def _improve(state: State, all_units: Sequence[Unit]) -> None:
    """Moves each family to its best option that fits outright, until no family can move."""
    moved = True
    while moved:
        moved = False
        for unit in all_units:
            held = state.held_option(unit)
            if held == 0:
                continue
            before = {c: state.choice[c] for c in unit.children if state.assigned[c] is not None}
            _leave(state, unit)
            option = next((o for o in unit.options[:held] if state.fits_all(o)), None)
            for c, k in option if option is not None else before.items():
                state.add(c, k)
            moved = moved or option is not None

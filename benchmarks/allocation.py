"""The allocation engine on synthetic markets, in one process, without a database.

Cases, run side by side:
- baseline: 20,000 children x 1,000 programs (fixed places), 5 choices each, deferred acceptance;
- full model: 5,000 children x 100 facilities of 3 sections, 15 % of the children in sibling pairs applying
  together, part-time half-day slots, flexible sections (shared staff, ratio 5-8 or 6), CP-SAT on 2 workers
  with a 60 s limit;
- the same full model without siblings (cutoffs, then the search for a stable assignment), for comparison;
- the same children with fixed places (full time, no shared staff), siblings together;
- the full model at 1,000 children x 20 facilities and 200 x 5, where CP-SAT has more room.
Each reports solve seconds, explanation seconds (for every child), placed, blocking and the verdict.
Run with `uv run python benchmarks/allocation.py`; prints one JSON object.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ribambelle.engines.allocation import (
    WEEK_SLOTS,
    Child,
    Family,
    Instance,
    Program,
    RatioOption,
    Staffing,
    allocate,
)

SECTIONS = ("bebes", "moyens", "grands")
PATTERNS = (  # part-time contracts: whole days
    ("mon", "tue", "thu", "fri"),
    ("mon", "tue"),
    ("thu", "fri"),
    ("mon", "wed", "fri"),
    ("tue", "wed", "thu"),
)


def _points(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(0, 60)) + Decimal(rng.choice((0, 0, 5, 10)))


def _applied_on(rng: random.Random) -> date:
    return date(2025, 9, 1) + timedelta(days=rng.randint(0, 300))


def baseline(rng: random.Random, children: int = 20_000, programs: int = 1_000, choices: int = 5) -> Instance:
    """Programs of 10 to 20 places (15,000 places for 20,000 children); popular programs draw more lists."""
    made = tuple(
        Program(f"f{p // 3}/{SECTIONS[p % 3]}", f"f{p // 3}", SECTIONS[p % 3], rng.randint(10, 20))
        for p in range(programs)
    )
    weights = [rng.paretovariate(1.5) for _ in made]
    ids = [program.id for program in made]
    kids = []
    for c in range(children):
        picked: list[str] = []
        while len(picked) < choices:
            candidate = rng.choices(ids, weights)[0]
            if candidate not in picked:
                picked.append(candidate)
        bonus = {picked[0]: Decimal(5)} if rng.random() < 0.2 else {}
        kids.append(Child(f"c{c}", f"fam{c}", _points(rng), _applied_on(rng), tuple(picked), bonus))
    return Instance(programs=made, children=tuple(kids), seed=2026)


def full_model(rng: random.Random, children: int = 5_000, facilities: int = 100, siblings: float = 0.15) -> Instance:
    """Facilities of 3 sections (room caps 12 to 20) sharing 4 to 9 adults; children choose 5 facilities in
    their age section; 40 % part-time by whole days; half the moyens and all the grands walk."""
    programs = tuple(
        Program(f"f{f}/{section}", f"f{f}", section, rng.randint(12, 20))
        for f in range(facilities)
        for section in SECTIONS
    )
    staffing = tuple(
        Staffing(f"f{f}", rng.randint(4, 9), rng.choice(list(RatioOption)), 5, 8, 6) for f in range(facilities)
    )
    weights = [rng.paretovariate(1.5) for _ in range(facilities)]
    kids: list[Child] = []
    families: list[Family] = []
    pairs = round(children * siblings / 2)
    while len(kids) < children:
        family = f"fam{len(kids)}"
        chosen: list[int] = []
        while len(chosen) < min(5, facilities):
            candidate = rng.choices(range(facilities), weights)[0]
            if candidate not in chosen:
                chosen.append(candidate)
        points, applied_on = _points(rng), _applied_on(rng)
        days = rng.choice(PATTERNS) if rng.random() < 0.4 else ("mon", "tue", "wed", "thu", "fri")
        slots = frozenset(slot for slot in WEEK_SLOTS if slot[:3] in days)
        size = 2 if len(families) < pairs else 1
        for section in rng.sample(SECTIONS, size):
            walks = section == "grands" or (section == "moyens" and rng.random() < 0.5)
            preferences = tuple(f"f{f}/{section}" for f in chosen)
            kids.append(Child(f"c{len(kids)}", family, points, applied_on, preferences, {}, slots, walks))
        if size == 2:
            families.append(Family(family, separate=False))
    return Instance(
        programs=programs,
        children=tuple(kids[:children]),
        seed=2026,
        staffing=staffing,
        families=tuple(families),
        time_limit_seconds=60.0,
        workers=2,
    )


def _run(instance: Instance) -> dict[str, Any]:
    result = allocate(instance)
    print(f"{len(instance.children)} children: {result.seconds:.1f} s", file=sys.stderr)
    return {
        "children": len(instance.children),
        "programs": len(instance.programs),
        "mechanism": result.mechanism.value,
        "solve_seconds": round(result.seconds, 3),
        "explain_seconds": round(result.explain_seconds, 3),
        "placed": result.placed,
        "unplaced": result.unplaced,
        "blocking": result.blocking,
        "verdict": result.verdict.value,
        "cp_sat": dict(result.solver_status),
    }


def _fixed_places(instance: Instance) -> Instance:
    children = tuple(replace(child, slots=frozenset(WEEK_SLOTS)) for child in instance.children)
    return replace(instance, staffing=(), children=children)


def main() -> None:
    full = full_model(random.Random(2))
    separate = tuple(replace(family, separate=True) for family in full.families)
    figures = {
        "baseline": _run(baseline(random.Random(1))),
        "full_model": _run(full),
        "full_model_without_siblings": _run(replace(full, families=separate)),
        "siblings_fixed_places": _run(_fixed_places(full)),
        "full_model_1000_children": _run(full_model(random.Random(2), children=1_000, facilities=20)),
        "full_model_200_children": _run(full_model(random.Random(2), children=200, facilities=5)),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

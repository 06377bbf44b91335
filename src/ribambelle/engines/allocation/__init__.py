"""The allocation engine: children's applications × programs' places × priorities → an assignment.

Pure Python (OR-Tools for siblings). ``allocate`` picks the mechanism the instance needs:

- fixed places, no siblings applying together: child-proposing deferred acceptance (with the L214-7
  reserve when some child is an L214-7 applicant);
- part-time slots or flexible sections, no siblings: deferred acceptance with cutoffs (fair), then a search
  for a stable assignment from it, returned when found;
- siblings applying together: the same two steps over families, then CP-SAT (fewest blocking families,
  then most children placed, then the largest sum of priorities) from the search's assignment.

Definitions, schema and guarantees: docs/allocation.md.
"""

from __future__ import annotations

import time

from ribambelle.engines.allocation.cutoff import cutoff_deferred_acceptance
from ribambelle.engines.allocation.deferred_acceptance import deferred_acceptance, reserved_by_program
from ribambelle.engines.allocation.explain import Outcome, explanations, units
from ribambelle.engines.allocation.model import (
    WEEK_SLOTS,
    Child,
    Explanation,
    Family,
    Instance,
    Mechanism,
    Program,
    RatioOption,
    Reason,
    Result,
    Staffing,
    Verdict,
)
from ribambelle.engines.allocation.parsing import instance_from_json, read_json, result_to_json
from ribambelle.engines.allocation.priority import lottery_draw, rank_applications
from ribambelle.engines.allocation.resources import build_resources
from ribambelle.engines.allocation.search import stability_search
from ribambelle.engines.allocation.siblings import solve_with_siblings

# The search for a stable assignment: at most this many sweeps, within this share of the time limit.
SEARCH_SWEEPS = 100
SEARCH_SHARE = 0.3

__all__ = [
    "WEEK_SLOTS",
    "Child",
    "Explanation",
    "Family",
    "Instance",
    "Mechanism",
    "Program",
    "RatioOption",
    "Reason",
    "Result",
    "Staffing",
    "Verdict",
    "allocate",
    "instance_from_json",
    "lottery_draw",
    "read_json",
    "result_to_json",
]


def allocate(instance: Instance) -> Result:
    """The assignment of ``instance``, its explanations and its stability verdict."""
    started = time.perf_counter()
    ranking = rank_applications(instance)
    reserved = reserved_by_program(instance)
    together = len(instance.sibling_groups()) > 0
    flexible = instance.part_time or bool(instance.staffing)
    if any(reserved) and (together or flexible):
        raise ValueError(
            "combinaison non prise en charge : les places réservées L214-7 s'appliquent aux places fixes, "
            "sans créneaux, sections souples ni fratries placées ensemble"
        )
    proven, fits = False, Reason.BLOCKING
    statuses: dict[str, str] = {}
    if not (together or flexible):
        mechanism, fits = Mechanism.DEFERRED_ACCEPTANCE, Reason.LIST_ORDER
        assigned = deferred_acceptance(instance, ranking, reserved)
        solved = time.perf_counter()  # resources and families serve only the explanations here
        resources, all_units = build_resources(instance, ranking), units(instance, ranking)
    else:
        resources, all_units = build_resources(instance, ranking), units(instance, ranking)
        fair = cutoff_deferred_acceptance(instance, ranking, resources, all_units)
        searched, blocking_left = stability_search(
            instance,
            ranking,
            resources,
            all_units,
            fair,
            sweeps=SEARCH_SWEEPS,
            deadline=started + SEARCH_SHARE * instance.time_limit_seconds,
        )
        if together:
            mechanism, fits = Mechanism.CP_SAT, Reason.SIBLINGS
            deadline = started + instance.time_limit_seconds
            assigned, proven, statuses = solve_with_siblings(
                instance, ranking, resources, all_units, searched, deadline
            )
        elif blocking_left == 0:
            mechanism, assigned = Mechanism.STABILITY_SEARCH, searched
        else:
            mechanism, fits, assigned = Mechanism.CUTOFF_DEFERRED_ACCEPTANCE, Reason.LIST_ORDER, fair
        solved = time.perf_counter()
    outcome = Outcome(instance, ranking, resources, assigned, reserved)
    blocking = [unit for unit in all_units if outcome.blocks(unit)]
    verdict = Verdict.STABLE if not blocking else Verdict.NONE_EXISTS if proven else Verdict.UNKNOWN
    rows = explanations(outcome, {c for unit in blocking for c in unit.children}, fits)
    return Result(
        assignments={
            child.id: None if p is None else instance.programs[p].id
            for child, p in zip(instance.children, assigned, strict=True)
        },
        explanations=rows,
        blocking=len(blocking),
        seconds=solved - started,
        explain_seconds=time.perf_counter() - solved,
        mechanism=mechanism,
        verdict=verdict,
        solver_status=statuses,
    )

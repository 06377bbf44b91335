"""The allocation engine: children's applications × programs' places × priorities → an assignment.

Pure Python (OR-Tools for siblings). ``allocate`` picks the mechanism the instance needs:

- fixed places, no siblings applying together: child-proposing deferred acceptance (with the L214-7
  reserve when some child is an L214-7 applicant);
- part-time slots or flexible sections, no siblings: deferred acceptance with cutoffs, then filling;
- siblings applying together: CP-SAT, minimising the blocking families.

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
from ribambelle.engines.allocation.siblings import solve_with_siblings

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
    resources = build_resources(instance, ranking)
    all_units = units(instance, ranking)
    together = any(len(unit.children) > 1 for unit in all_units)
    flexible = instance.part_time or bool(instance.staffing)
    if any(reserved) and (together or flexible):
        raise ValueError(
            "combinaison non prise en charge : les places réservées L214-7 s'appliquent aux places fixes, "
            "sans créneaux, sections souples ni fratries placées ensemble"
        )
    verdict = Verdict.STABLE
    if together:
        mechanism, fits = Mechanism.CP_SAT, Reason.SIBLINGS
        hint = cutoff_deferred_acceptance(instance, ranking, resources, all_units)
        assigned, verdict = solve_with_siblings(instance, ranking, resources, all_units, hint)
    elif flexible:
        mechanism, fits = Mechanism.CUTOFF_DEFERRED_ACCEPTANCE, Reason.LIST_ORDER
        assigned = cutoff_deferred_acceptance(instance, ranking, resources, all_units)
    else:
        mechanism, fits = Mechanism.DEFERRED_ACCEPTANCE, Reason.LIST_ORDER
        assigned = deferred_acceptance(instance, ranking, reserved)
    solved = time.perf_counter()
    outcome = Outcome(instance, ranking, resources, assigned, reserved)
    blocking = [unit for unit in all_units if outcome.blocks(unit)]
    if blocking and verdict is Verdict.STABLE:
        verdict = Verdict.UNKNOWN
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
    )

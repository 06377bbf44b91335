"""Feasibility as linear resources: every constraint of the instance is "sum of weights <= capacity".

- Fixed places: one resource per program (weight 1 per child).
- Part-time: one resource per program and half-day slot (weight 1 for each child asking that slot); a full-time
  child asks every slot.
- Flexible sections: one resource per staffed facility (and slot), over all its sections. Option 5-8:
  non_walkers/5 + walkers/8 <= staff, multiplied by 40: 8 per non-walker + 5 per walker <= 40 x staff.
  Option 6: 1 per child <= 6 x staff. The section's own capacity stays an upper bound (its rooms).

Resources that can never be exceeded (all their applicants fit) are dropped, and identical ones (the same
capacity and the same weights for the same applications, say a Monday morning and afternoon that every
child asks for together) are merged, keeping the names of all their slots. The deferred acceptance with
cutoffs, the explanations and the CP-SAT model read these; the checkers do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ribambelle.engines.allocation.model import Child, Instance, RatioOption, Reason, Staffing
from ribambelle.engines.allocation.priority import Ranking


@dataclass(frozen=True, slots=True)
class Resource:
    reason: Reason
    facility: str
    program: str | None
    slots: tuple[str, ...]
    capacity: int
    staff: int | None = None


@dataclass(frozen=True, slots=True)
class Resources:
    items: tuple[Resource, ...]
    # usage[c][k]: the (resource, weight) pairs child c uses at her k-th choice.
    usage: tuple[tuple[tuple[tuple[int, int], ...], ...], ...]


def build_resources(instance: Instance, ranking: Ranking) -> Resources:
    staffing = {staff.facility: staff for staff in instance.staffing}
    part_time = instance.part_time
    if not part_time and not staffing:  # fixed places: one resource per program, weight 1
        seats = tuple(Resource(Reason.FULL, p.facility, p.id, (), p.capacity) for p in instance.programs)
        return _reduced(list(seats), [[((p, 1),) for p in choices] for choices in ranking.choices])
    items: list[Resource] = []
    index: dict[tuple[str, str, str | None], int] = {}
    usage: list[list[tuple[tuple[int, int], ...]]] = []
    for c, child in enumerate(instance.children):
        rows = []
        for p in ranking.choices[c]:
            program = instance.programs[p]
            staff = staffing.get(program.facility)
            row = []
            for slot in tuple(sorted(child.slots)) if part_time else (None,):
                key = ("program", program.id, slot)
                if key not in index:
                    capacity = program.slot_capacity(slot) if slot else program.capacity
                    reason = Reason.SLOT_FULL if slot else Reason.FULL
                    index[key] = len(items)
                    items.append(Resource(reason, program.facility, program.id, _named(slot), capacity))
                row.append((index[key], 1))
                if staff is not None:
                    capacity, weight = _ratio(staff, child)
                    key = ("facility", program.facility, slot)
                    if key not in index:
                        index[key] = len(items)
                        items.append(
                            Resource(Reason.RATIO, program.facility, None, _named(slot), capacity, staff.staff)
                        )
                    row.append((index[key], weight))
            rows.append(tuple(row))
        usage.append(rows)
    return _reduced(items, usage)


def _named(slot: str | None) -> tuple[str, ...]:
    return () if slot is None else (slot,)


def _reduced(items: list[Resource], usage: Sequence[Sequence[tuple[tuple[int, int], ...]]]) -> Resources:
    """Drops the resources that cannot be exceeded and merges the identical ones."""
    users: list[list[tuple[int, int, int]]] = [[] for _ in items]
    for c, rows in enumerate(usage):
        for k, row in enumerate(rows):
            for resource, weight in row:
                users[resource].append((c, k, weight))
    kept: dict[tuple[object, ...], int] = {}
    renumber: dict[int, int] = {}
    merged: list[Resource] = []
    for resource, item in enumerate(items):
        if sum(weight for _, _, weight in users[resource]) <= item.capacity:
            continue
        # Only slots of one program (or of one facility's staff) can be identical.
        signature = (
            (item.reason, item.facility, item.program, item.capacity, tuple(users[resource]))
            if item.slots
            else (resource,)
        )
        if signature in kept:
            first = kept[signature]
            merged[first] = replace(merged[first], slots=merged[first].slots + item.slots)
        else:
            kept[signature] = len(merged)
            merged.append(item)
        renumber[resource] = kept[signature]
    if len(merged) == len(items):
        return Resources(items=tuple(items), usage=tuple(tuple(rows) for rows in usage))
    return Resources(
        items=tuple(merged),
        # A child uses a merged resource once, though she asks every slot merged into it.
        usage=tuple(
            tuple(tuple(dict.fromkeys((renumber[r], w) for r, w in row if r in renumber)) for row in rows)
            for rows in usage
        ),
    )


def _ratio(staff: Staffing, child: Child) -> tuple[int, int]:
    """The capacity of a staffed facility's ratio resource and the weight of ``child`` in it."""
    if staff.option is RatioOption.SINGLE:
        return staff.children_per_adult * staff.staff, 1
    per_non_walker, per_walker = staff.non_walkers_per_adult, staff.walkers_per_adult
    capacity = per_non_walker * per_walker * staff.staff
    return capacity, (per_non_walker if child.walks else per_walker)

"""Why each child is not at the programs she preferred, and which families block the assignment.

A family (a child alone, or siblings applying together) blocks when it prefers one of its options to what
it has and the option fits: at the option's facility, with the family's own places freed and, at each
program of the option, the children ranked below the family's lowest entering child set aside, every
resource (places, slots, staff ratio) holds the family's children. See docs/allocation.md.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from ribambelle.engines.allocation.model import WEEK_SLOTS, Explanation, Instance, Reason
from ribambelle.engines.allocation.priority import Ranking
from ribambelle.engines.allocation.resources import Resources

# One application entering a program: (child, choice index).
Entry = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Unit:
    """Children placed together: one child alone, or siblings with their options (best first)."""

    children: tuple[int, ...]
    options: tuple[tuple[Entry, ...], ...]


def units(instance: Instance, ranking: Ranking) -> list[Unit]:
    """Every child alone, except siblings applying together, who form one unit with joint options."""
    index = {child.id: c for c, child in enumerate(instance.children)}
    grouped: set[int] = set()
    out = []
    for group in instance.sibling_groups():
        members = tuple(index[child.id] for child in group)
        grouped.update(members)
        out.append(Unit(members, sibling_options(instance, ranking, members)))
    for c, choices in enumerate(ranking.choices):
        if c not in grouped:
            out.append(Unit((c,), tuple(((c, k),) for k in range(len(choices)))))
    return out


def sibling_options(instance: Instance, ranking: Ranking, members: Sequence[int]) -> tuple[tuple[Entry, ...], ...]:
    """Every tuple of one program per sibling, all in one facility; best first: the smallest sum of the
    siblings' choice positions, then the first sibling's position, then the second's…"""
    tuples: list[tuple[int, ...]] = [()]
    for c in members:
        tuples = [(*t, k) for t in tuples for k in range(len(ranking.choices[c]))]
    facility = [program.facility for program in instance.programs]
    same = [t for t in tuples if len({facility[ranking.choices[c][k]] for c, k in zip(members, t, strict=True)}) == 1]
    same.sort(key=lambda t: (sum(t), t))
    return tuple(tuple(zip(members, t, strict=True)) for t in same)


class Outcome:
    """An assignment with its resource loads, ready for "does this entry fit?" questions."""

    def __init__(
        self,
        instance: Instance,
        ranking: Ranking,
        resources: Resources,
        assigned: Sequence[int | None],
        reserved: Sequence[int],
    ) -> None:
        self.instance, self.ranking, self.resources, self.reserved = instance, ranking, resources, reserved
        self.choice = [None if p is None else ranking.choices[c].index(p) for c, p in enumerate(assigned)]
        self.load = [0] * len(resources.items)
        self.members: list[list[tuple[int, int, int]]] = [[] for _ in instance.programs]
        for c, k in enumerate(self.choice):
            if k is not None:
                for resource, weight in resources.usage[c][k]:
                    self.load[resource] += weight
                self.members[ranking.choices[c][k]].append((ranking.ranks[c][k], c, k))
        for members in self.members:
            members.sort()

    def better_options(self, unit: Unit) -> tuple[tuple[Entry, ...], ...]:
        """The options of ``unit`` it prefers to what it has."""
        for position, option in enumerate(unit.options):
            if all(self.choice[c] == k for c, k in option):
                return unit.options[:position]
        return unit.options

    def reserve_admits(self, c: int, k: int) -> bool:
        """Whether a program with reserved places would keep child ``c`` among its children and her: its
        best ``reserved`` L214-7 children first, then the best of the others up to its places."""
        p = self.ranking.choices[c][k]
        candidates = sorted([*self.members[p], (self.ranking.ranks[c][k], c, k)])
        children = self.instance.children
        protected = [d for _, d, _ in candidates if children[d].l214_7][: self.reserved[p]]
        others = [d for _, d, _ in candidates if d not in protected]
        return c in protected or c in others[: self.instance.programs[p].capacity - len(protected)]

    def binding(self, entries: Sequence[Entry]) -> list[int]:
        """The resources that cannot hold ``entries`` once their children's places and, at each entered
        program, the children ranked below the lowest entering one are freed (empty: the entries fit)."""
        ranking, usage = self.ranking, self.resources.usage
        if len(entries) == 1 and self.reserved[ranking.choices[entries[0][0]][entries[0][1]]]:
            c, k = entries[0]
            return [] if self.reserve_admits(c, k) else [resource for resource, _ in usage[c][k]]
        own = {c for c, _ in entries}
        change: dict[int, int] = {}
        for c in own:
            held = self.choice[c]
            if held is not None:
                for resource, weight in usage[c][held]:
                    change[resource] = change.get(resource, 0) - weight
        lowest: dict[int, int] = {}
        for c, k in entries:
            p = ranking.choices[c][k]
            lowest[p] = max(lowest.get(p, -1), ranking.ranks[c][k])
        for p, threshold in lowest.items():
            for rank, c, k in reversed(self.members[p]):
                if rank <= threshold:
                    break
                if c not in own:
                    for resource, weight in usage[c][k]:
                        change[resource] = change.get(resource, 0) - weight
        entering: dict[int, int] = {}
        for c, k in entries:
            for resource, weight in usage[c][k]:
                entering[resource] = entering.get(resource, 0) + weight
        items = self.resources.items
        return [
            resource
            for resource, weight in entering.items()
            if self.load[resource] + change.get(resource, 0) + weight > items[resource].capacity
        ]

    def blocks(self, unit: Unit) -> bool:
        return any(not self.binding(option) for option in self.better_options(unit))


def explanations(outcome: Outcome, blocking: set[int], fits: Reason) -> dict[str, tuple[Explanation, ...]]:
    """For every child, each program she ranked above her assignment and why she is not there.

    ``fits`` names the reason when the child alone would fit: ``list_order`` after deferred acceptance with
    cutoffs (a better-ranked child waits for the program and does not fit), ``siblings`` or ``blocking``
    after CP-SAT.
    """
    instance, ranking = outcome.instance, outcome.ranking
    waiting = _best_waiting(outcome)
    out: dict[str, tuple[Explanation, ...]] = {}
    for c, child in enumerate(instance.children):
        current = outcome.choice[c]
        rows = []
        for k in range(len(ranking.choices[c]) if current is None else current):
            p = ranking.choices[c][k]
            program = instance.programs[p]
            binding = outcome.binding([(c, k)])
            if outcome.reserved[p] and not child.l214_7 and binding:
                rows.append(_reserve_explanation(outcome, c, k))
            elif binding:
                rows.append(_resource_explanation(outcome, c, k, binding))
            elif fits is Reason.LIST_ORDER and (first_waiting := waiting[p]) is not None and first_waiting != c:
                first = instance.children[first_waiting]
                rows.append(Explanation(program.id, Reason.LIST_ORDER, cutoff_priority=first.score(program.id)))
            else:
                reason = Reason.BLOCKING if c in blocking else fits
                rows.append(Explanation(program.id, reason))
        if rows:
            out[child.id] = tuple(rows)
    return out


def _best_waiting(outcome: Outcome) -> list[int | None]:
    """Per program, the best-ranked child who prefers it to her assignment."""
    best: list[tuple[int, int] | None] = [None] * len(outcome.instance.programs)
    for c, choices in enumerate(outcome.ranking.choices):
        current = outcome.choice[c]
        for k in range(len(choices) if current is None else current):
            p, rank = choices[k], outcome.ranking.ranks[c][k]
            seen = best[p]
            if seen is None or rank < seen[0]:
                best[p] = (rank, c)
    return [None if seen is None else seen[1] for seen in best]


def _resource_explanation(outcome: Outcome, c: int, k: int, binding: list[int]) -> Explanation:
    instance, ranking = outcome.instance, outcome.ranking
    p = ranking.choices[c][k]
    program = instance.programs[p]
    items = [outcome.resources.items[resource] for resource in binding]
    rank = ranking.ranks[c][k]
    members = outcome.members[p]
    above = bisect_left(members, (rank, -1, -1))  # members ranked above her: members[:above]
    cutoff = instance.children[members[above - 1][1]].score(program.id) if above else None
    reasons = {item.reason for item in items}
    named = {slot for item in items for slot in item.slots}
    slots = tuple(slot for slot in WEEK_SLOTS if slot in named) if named else ()
    if Reason.RATIO in reasons:
        staff = next(item.staff for item in items if item.reason is Reason.RATIO)
        return Explanation(program.id, Reason.RATIO, cutoff_priority=cutoff, slots=slots, staff=staff)
    reason = Reason.SLOT_FULL if Reason.SLOT_FULL in reasons else Reason.FULL
    return Explanation(program.id, reason, cutoff_priority=cutoff, slots=slots)


def _reserve_explanation(outcome: Outcome, c: int, k: int) -> Explanation:
    """A child who is not an L214-7 applicant, at a full program with reserved places."""
    instance, ranking = outcome.instance, outcome.ranking
    p = ranking.choices[c][k]
    program = instance.programs[p]
    rank = ranking.ranks[c][k]
    members = outcome.members[p]
    protected = [d for _, d, _ in members if instance.children[d].l214_7][: outcome.reserved[p]]
    others = [d for _, d, _ in members if d not in protected]
    below = sum(r > rank for r, d, _ in members if d in protected)
    if not others:
        return Explanation(program.id, Reason.RESERVED, reserved_places=len(protected))
    cutoff = instance.children[others[-1]].score(program.id)
    return Explanation(program.id, Reason.FULL, cutoff_priority=cutoff, reserved_places=below)

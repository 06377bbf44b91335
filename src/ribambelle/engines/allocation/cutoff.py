"""Deferred acceptance with cutoffs, for constraints that are not a fixed number of places.

Part-time slots and shared staff make feasibility a set of linear resources (``resources.py``); a child's
weight differs from another's, so the usual choice of a program (keep the best children that fit) would
not be fair. Each program keeps a cutoff instead:

1. Children propose in their order of preference; a program admits a proposal ranked above its cutoff.
   While a resource is over capacity, the worst-ranked child using it leaves, and so does every child of
   that child's program ranked below her; that program's cutoff rises to her rank.
2. Filling: while a program's best-ranked child among those who prefer it to their assignment fits (the
   resources of the program, and of its facility, with her added and her current place freed), she moves.

At the end every child at a program ranks above every child who prefers that program to her assignment:
no justified envy, whatever the sizes. Some waste may remain (docs/allocation.md).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from heapq import heappop, heappush

from ribambelle.engines.allocation.explain import Unit
from ribambelle.engines.allocation.model import Instance
from ribambelle.engines.allocation.priority import Ranking
from ribambelle.engines.allocation.resources import Resources

_NONE = 1 << 62


class State:
    """Children's places with the loads of the resources, and heaps to find the worst-ranked quickly."""

    def __init__(self, instance: Instance, ranking: Ranking, resources: Resources) -> None:
        self.ranking = ranking
        self.usage = resources.usage
        self.capacity = [resource.capacity for resource in resources.items]
        self.load = [0] * len(resources.items)
        self.users: list[list[tuple[int, int, int]]] = [[] for _ in resources.items]
        self.members: list[list[tuple[int, int, int]]] = [[] for _ in instance.programs]
        self.assigned: list[int | None] = [None] * len(instance.children)
        self.choice: list[int] = [_NONE] * len(instance.children)
        self.stamp = [0] * len(instance.children)

    def add(self, c: int, k: int) -> None:
        rank, p = self.ranking.ranks[c][k], self.ranking.choices[c][k]
        self.stamp[c] += 1
        for resource, weight in self.usage[c][k]:
            self.load[resource] += weight
            heappush(self.users[resource], (-rank, c, self.stamp[c]))
        heappush(self.members[p], (-rank, c, self.stamp[c]))
        self.assigned[c], self.choice[c] = p, k

    def remove(self, c: int) -> None:
        for resource, weight in self.usage[c][self.choice[c]]:
            self.load[resource] -= weight
        self.stamp[c] += 1
        self.assigned[c], self.choice[c] = None, _NONE

    def worst_user(self, resource: int) -> int:
        heap = self.users[resource]
        while heap[0][2] != self.stamp[heap[0][1]]:
            heappop(heap)
        return heap[0][1]

    def evict_from(self, p: int, rank: int) -> list[int]:
        """Removes every child of program ``p`` ranked ``rank`` or worse."""
        heap, out = self.members[p], []
        while heap and (heap[0][2] != self.stamp[heap[0][1]] or -heap[0][0] >= rank):
            _, c, stamp = heappop(heap)
            if stamp == self.stamp[c]:
                self.remove(c)
                out.append(c)
        return out

    def fits(self, c: int, k: int) -> bool:
        return all(self.load[resource] + weight <= self.capacity[resource] for resource, weight in self.usage[c][k])

    def fits_all(self, option: Sequence[tuple[int, int]]) -> bool:
        """Whether the children of ``option`` fit together (each added in turn, then all taken back)."""
        added = []
        fits = True
        for c, k in option:
            if not self.fits(c, k):
                fits = False
                break
            self.add(c, k)
            added.append(c)
        for c in added:
            self.remove(c)
        return fits

    def present(self, p: int) -> list[tuple[int, int]]:
        """(rank, child) of the children at program ``p``."""
        return [(-minus_rank, c) for minus_rank, c, stamp in self.members[p] if stamp == self.stamp[c]]

    def held_option(self, unit: Unit) -> int:
        """The position of the option ``unit`` holds (the number of its options when it holds none)."""
        return next(
            (i for i, option in enumerate(unit.options) if all(self.choice[c] == k for c, k in option)),
            len(unit.options),
        )


def cutoff_deferred_acceptance(
    instance: Instance, ranking: Ranking, resources: Resources, all_units: Sequence[Unit]
) -> list[int | None]:
    """The program index each child ends at (None: unplaced).

    Siblings applying together propose their options in order, as one: an option is admissible when each
    of its children ranks above her program's cutoff, and a sibling who has to leave takes her family out
    with her. With siblings this is only the starting point of the search for a stable assignment: no
    guarantee is claimed.
    """
    state = State(instance, ranking, resources)
    unit_of = [0] * len(instance.children)
    for u, unit in enumerate(all_units):
        for c in unit.children:
            unit_of[c] = u
    cutoff = [_NONE] * len(instance.programs)
    following = [0] * len(all_units)
    free = list(range(len(all_units) - 1, -1, -1))
    while free:
        u = free.pop()
        options = all_units[u].options
        o = following[u]
        while o < len(options) and any(ranking.ranks[c][k] >= cutoff[ranking.choices[c][k]] for c, k in options[o]):
            o += 1
        following[u] = o + 1
        if o == len(options):
            continue
        for c, k in options[o]:
            state.add(c, k)
        for c, k in options[o]:
            for resource, _ in resources.usage[c][k]:
                while state.load[resource] > state.capacity[resource]:
                    worst = state.worst_user(resource)
                    q, rank = state.assigned[worst], ranking.ranks[worst][state.choice[worst]]
                    assert q is not None
                    cutoff[q] = min(cutoff[q], rank)
                    for out in {unit_of[c] for c in state.evict_from(q, rank)}:
                        for sibling in all_units[out].children:
                            if state.assigned[sibling] is not None:
                                state.remove(sibling)
                        free.append(out)
    _fill(instance, state, all_units, unit_of)
    return state.assigned


def _fill(instance: Instance, state: State, all_units: Sequence[Unit], unit_of: list[int]) -> None:
    ranking = state.ranking
    applicants: list[list[tuple[int, int, int]]] = [[] for _ in instance.programs]
    for c, choices in enumerate(ranking.choices):
        for k, p in enumerate(choices):
            applicants[p].append((ranking.ranks[c][k], c, k))
    for queue in applicants:
        queue.sort()
    by_facility: dict[str, list[int]] = {}
    for p, program in enumerate(instance.programs):
        by_facility.setdefault(program.facility, []).append(p)
    pointer = [0] * len(instance.programs)

    def first_waiting(p: int, outside: int) -> int:
        """The rank of the best child of another family than ``outside`` waiting for ``p``."""
        for rank, c, k in applicants[p][pointer[p] :]:
            if state.choice[c] > k and unit_of[c] != outside:
                return rank
        return _NONE

    work = deque(range(len(instance.programs)))
    waiting = [True] * len(instance.programs)
    while work:
        p = work.popleft()
        waiting[p] = False
        queue = applicants[p]
        while pointer[p] < len(queue) and state.choice[queue[pointer[p]][1]] <= queue[pointer[p]][2]:
            pointer[p] += 1
        if pointer[p] == len(queue):
            continue
        _, c, k = queue[pointer[p]]
        unit = all_units[unit_of[c]]
        before = {d: state.choice[d] for d in unit.children if state.assigned[d] is not None}
        left = {instance.programs[p_d].facility for d in before if (p_d := state.assigned[d]) is not None}
        held = state.held_option(unit)
        candidates = [
            option
            for option in unit.options[:held]
            if (c, k) in option
            and all(ranking.ranks[d][j] < first_waiting(ranking.choices[d][j], unit_of[c]) for d, j in option if d != c)
        ]
        for d in before:
            state.remove(d)
        option = next((option for option in candidates if state.fits_all(option)), None)
        for d, j in option if option is not None else before.items():
            state.add(d, j)
        if option is None:
            continue
        freed = [q for facility in left for q in by_facility[facility]]
        for q in [p, *freed]:
            if not waiting[q]:
                waiting[q] = True
                work.append(q)

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
from heapq import heappop, heappush

from ribambelle.engines.allocation.model import Instance
from ribambelle.engines.allocation.priority import Ranking
from ribambelle.engines.allocation.resources import Resources

_NONE = 1 << 62


class _State:
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


def cutoff_deferred_acceptance(instance: Instance, ranking: Ranking, resources: Resources) -> list[int | None]:
    """The program index each child ends at (None: unplaced)."""
    state = _State(instance, ranking, resources)
    cutoff = [_NONE] * len(instance.programs)
    following = [0] * len(instance.children)
    free = list(range(len(instance.children) - 1, -1, -1))
    while free:
        c = free.pop()
        choices, ranks = ranking.choices[c], ranking.ranks[c]
        k = following[c]
        while k < len(choices) and ranks[k] >= cutoff[choices[k]]:
            k += 1
        following[c] = k + 1
        if k == len(choices):
            continue
        state.add(c, k)
        for resource, _ in resources.usage[c][k]:
            while state.load[resource] > state.capacity[resource]:
                worst = state.worst_user(resource)
                q, rank = state.assigned[worst], ranking.ranks[worst][state.choice[worst]]
                assert q is not None
                cutoff[q] = min(cutoff[q], rank)
                free.extend(state.evict_from(q, rank))
    _fill(instance, state)
    return state.assigned


def _fill(instance: Instance, state: _State) -> None:
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
        before, before_choice = state.assigned[c], state.choice[c]
        if before is not None:
            state.remove(c)
        if not state.fits(c, k):
            if before is not None:
                state.add(c, before_choice)
            continue
        state.add(c, k)
        freed = by_facility[instance.programs[before].facility] if before is not None else []
        for q in [p, *freed]:
            if not waiting[q]:
                waiting[q] = True
                work.append(q)

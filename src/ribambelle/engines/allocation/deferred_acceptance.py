"""Child-proposing deferred acceptance over fixed places, with the L214-7 reserve.

Each program keeps the children it holds in a heap whose top is the worst-ranked one; a proposal from a
better-ranked child displaces it. A program with reserved places admits like Hafalir, Yenmez and Yildirim's
minority reserve: of the children it holds, the best ``reserved`` L214-7 applicants are protected, and
the worst-ranked unprotected child leaves first. A reserved place nobody of L214-7 asks for therefore goes
to the next child of the list.
"""

from __future__ import annotations

from bisect import insort
from heapq import heappush, heapreplace

from ribambelle.engines.allocation.model import Instance
from ribambelle.engines.allocation.priority import Ranking


def reserved_by_program(instance: Instance) -> list[int]:
    """A facility's reserved places spread over its programs: one at a time to the program with the most
    places not yet reserved (ties: the program listed first), never more than a program's capacity."""
    reserved = [0] * len(instance.programs)
    for facility, places in instance.reserved_places.items():
        programs = [p for p, program in enumerate(instance.programs) if program.facility == facility]
        for _ in range(places):
            open_places = [(instance.programs[p].capacity - reserved[p], -p) for p in programs]
            best, minus_p = max(open_places, default=(0, 0))
            if best <= 0:
                break
            reserved[-minus_p] += 1
    return reserved


def deferred_acceptance(instance: Instance, ranking: Ranking, reserved: list[int]) -> list[int | None]:
    """The program index each child ends at (None: unplaced)."""
    capacity = [program.capacity for program in instance.programs]
    l214_7 = [child.l214_7 for child in instance.children]
    reserving = {p for p, places in enumerate(reserved) if places}
    held: list[list[tuple[int, int]]] = [[] for _ in capacity]
    assigned: list[int | None] = [None] * len(instance.children)
    following = [0] * len(instance.children)
    free = list(range(len(instance.children) - 1, -1, -1))
    while free:
        c = free.pop()
        choices, ranks = ranking.choices[c], ranking.ranks[c]
        k = following[c]
        while k < len(choices):
            p, rank = choices[k], ranks[k]
            k += 1
            if p in reserving:
                out = _reserve_admit(held[p], capacity[p], reserved[p], l214_7, rank, c)
            elif len(held[p]) < capacity[p]:
                heappush(held[p], (-rank, c))
                out = None
            elif held[p] and -held[p][0][0] > rank:
                out = heapreplace(held[p], (-rank, c))[1]
            else:
                continue
            if out == c:
                continue
            assigned[c] = p
            if out is not None:
                assigned[out] = None
                free.append(out)
            break
        following[c] = k
    return assigned


def _reserve_admit(
    held: list[tuple[int, int]], capacity: int, reserved: int, l214_7: list[bool], rank: int, child: int
) -> int | None:
    """Adds ``child`` to a reserving program's sorted list; returns who leaves (maybe ``child``), if anyone."""
    if capacity == 0:
        return child
    insort(held, (rank, child))
    if len(held) <= capacity:
        return None
    protected: set[int] = set()
    for _, c in held:
        if len(protected) == reserved:
            break
        if l214_7[c]:
            protected.add(c)
    for position in range(len(held) - 1, -1, -1):
        if held[position][1] not in protected:
            return held.pop(position)[1]
    raise AssertionError("a program holds more children than places, all protected")

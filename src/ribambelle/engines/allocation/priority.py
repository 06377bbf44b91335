"""The total order of applications: priority + bonus descending, then applied_on, then a seeded lottery.

The lottery is published so that anyone can re-run it: a child's draw is the first 8 bytes, read as a
big-endian unsigned integer, of SHA-256 over the UTF-8 text ``"<seed>:<child id>"`` (for instance
``"2026:c1"``); the smaller draw wins. One draw per child serves at every program (single tie-breaking).
Two equal draws (never seen; 2**-64) fall back to the child id in code-point order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ribambelle.engines.allocation.model import Instance


def lottery_draw(seed: int, child_id: str) -> int:
    digest = hashlib.sha256(f"{seed}:{child_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True, slots=True)
class Ranking:
    """Children and programs by index; one global rank per application (0 is the best of all).

    ``choices[c]`` lists child c's programs in her order of preference, ``ranks[c]`` the rank of each of
    those applications. Ranks compare applications to the same program (and, for a facility with shared
    staff, to its other programs: the priority at each program decides).
    """

    choices: tuple[tuple[int, ...], ...]
    ranks: tuple[tuple[int, ...], ...]


def rank_applications(instance: Instance) -> Ranking:
    program_index = {program.id: index for index, program in enumerate(instance.programs)}
    draws = [lottery_draw(instance.seed, child.id) for child in instance.children]
    keys = []
    for c, child in enumerate(instance.children):
        for k, program in enumerate(child.preferences):
            keys.append((-child.score(program), child.applied_on, draws[c], child.id, c, k))
    keys.sort()
    ranks = [[0] * len(child.preferences) for child in instance.children]
    for rank, key in enumerate(keys):
        ranks[key[4]][key[5]] = rank
    return Ranking(
        choices=tuple(tuple(program_index[p] for p in child.preferences) for child in instance.children),
        ranks=tuple(tuple(row) for row in ranks),
    )

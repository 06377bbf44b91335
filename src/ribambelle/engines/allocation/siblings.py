"""Siblings placed together: a CP-SAT search for an assignment without blocking family.

Variables: one Boolean per option of each family (a child alone: one per program of her list; siblings
applying together: one per tuple of programs in one facility). Constraints: at most one option per family,
every resource within capacity. For each family and option, "the family prefers this option and it fits"
is forbidden unless the family's ``blocking`` Boolean is set; "it fits" is the conjunction, over the
resources the option uses, of ``kept + entering <= capacity``, where ``kept`` is the resource's load less
the family's own places and less, at each program of the option, the children ranked below the family's
lowest entering child (suffix sums along each program's ranked list).

The search is lexicographic, in three solves that share the time limit: minimise the blocking families;
then, keeping that number, maximise the children placed; then the sum of their priorities (to the
hundredth). An OPTIMAL first solve proves the minimum: 0 means a stable assignment, more means none exists.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Sequence

from ortools.sat.python import cp_model

from ribambelle.engines.allocation.explain import Entry, Outcome, Unit
from ribambelle.engines.allocation.model import Instance
from ribambelle.engines.allocation.priority import Ranking
from ribambelle.engines.allocation.resources import Resources

_SHARES = (0.6, 0.25, 0.15)


Terms = list[tuple[cp_model.IntVar, int]]


def _expr(terms: Terms) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [w for _, w in terms])


class _Model:
    def __init__(self, instance: Instance, ranking: Ranking, resources: Resources, all_units: Sequence[Unit]) -> None:
        self.model = cp_model.CpModel()
        self.ranking, self.resources = ranking, resources
        self.units = all_units
        self.select = [[self.model.new_bool_var("") for _ in unit.options] for unit in all_units]
        self.x: dict[Entry, list[cp_model.IntVar]] = {}
        for unit, variables in zip(all_units, self.select, strict=True):
            self.model.add_at_most_one(variables)
            for option, variable in zip(unit.options, variables, strict=True):
                for entry in option:
                    self.x.setdefault(entry, []).append(variable)
        users: list[list[tuple[Entry, int]]] = [[] for _ in resources.items]
        self.applicants: list[list[tuple[int, int, int]]] = [[] for _ in instance.programs]
        for c, choices in enumerate(ranking.choices):
            for k, p in enumerate(choices):
                self.applicants[p].append((ranking.ranks[c][k], c, k))
                for resource, weight in resources.usage[c][k]:
                    users[resource].append(((c, k), weight))
        for applicants in self.applicants:
            applicants.sort()
        self.load = []
        for item, resource_users in zip(resources.items, users, strict=True):
            load = self.model.new_int_var(0, item.capacity, "")
            self.model.add(load == _expr(self.terms(resource_users)))
            self.load.append(load)
        self.suffix: dict[tuple[int, int], list[cp_model.IntVar | None]] = {}
        # For a complete hint: each suffix-sum variable (program, resource, position) and each "this
        # resource cannot take the option" Boolean (family, option, resource).
        self.chained: list[tuple[cp_model.IntVar, int, int, int]] = []
        self.overs: list[tuple[cp_model.IntVar, int, int, int]] = []
        self.blocking = [self.model.new_bool_var("") for _ in all_units]
        for u, unit in enumerate(all_units):
            for o, option in enumerate(unit.options):
                self._no_block(u, o, option)

    def terms(self, users: Sequence[tuple[Entry, int]], sign: int = 1) -> Terms:
        return [(variable, sign * weight) for entry, weight in users for variable in self.x.get(entry, [])]

    def _below(self, p: int, resource: int, position: int) -> cp_model.IntVar | None:
        """The load on ``resource`` of the children at program ``p`` from ``position`` of its list down."""
        key = (p, resource)
        if key not in self.suffix:
            applicants = self.applicants[p]
            chain: list[cp_model.IntVar | None] = [None] * (len(applicants) + 1)
            for i in range(len(applicants) - 1, -1, -1):
                _, c, k = applicants[i]
                weight = dict(self.resources.usage[c][k]).get(resource, 0)
                if weight and (c, k) in self.x:
                    total = self.model.new_int_var(0, self.resources.items[resource].capacity, "")
                    after = chain[i + 1]
                    terms = self.terms([((c, k), weight)]) + ([(after, 1)] if after is not None else [])
                    self.model.add(total == _expr(terms))
                    self.chained.append((total, p, resource, i))
                    chain[i] = total
                else:
                    chain[i] = chain[i + 1]
            self.suffix[key] = chain
        return self.suffix[key][position]

    def _no_block(self, u: int, o: int, option: Sequence[Entry]) -> None:
        ranking, usage = self.ranking, self.resources.usage
        own = set(self.units[u].children)
        lowest: dict[int, int] = {}
        for c, k in option:
            p = ranking.choices[c][k]
            lowest[p] = max(lowest.get(p, -1), ranking.ranks[c][k])
        entering: dict[int, int] = {}
        for c, k in option:
            for resource, weight in usage[c][k]:
                entering[resource] = entering.get(resource, 0) + weight
        over = []
        for resource, weight in entering.items():
            capacity = self.resources.items[resource].capacity
            if weight > capacity:
                return
            own_users = [
                ((c, k), w) for c in own for k in range(len(usage[c])) for r, w in usage[c][k] if r == resource
            ]
            kept = [(self.load[resource], 1), *self.terms(own_users, -1)]
            for p, threshold in lowest.items():
                applicants = self.applicants[p]
                start = bisect_right(applicants, (threshold, len(ranking.choices), 0))
                below = self._below(p, resource, start)
                if below is not None:
                    kept.append((below, -1))
                own_below = [
                    ((c, k), w) for _, c, k in applicants[start:] if c in own for r, w in usage[c][k] if r == resource
                ]
                kept.extend(self.terms(own_below))
            full = self.model.new_bool_var("")
            self.model.add(_expr(kept) >= capacity + 1 - weight).only_enforce_if(full)
            self.overs.append((full, u, o, resource))
            over.append(full)
        self.model.add_bool_or([*self.select[u][: o + 1], self.blocking[u], *over])


def solve_with_siblings(
    instance: Instance,
    ranking: Ranking,
    resources: Resources,
    all_units: Sequence[Unit],
    start: Sequence[int | None],
    deadline: float,
) -> tuple[list[int | None], bool, dict[str, str]]:
    """The best assignment found, whether its number of blocking families is proven minimal, and the
    status of each solve (``blocking``, ``placed``, ``priority``: optimal, feasible, unknown or skipped)."""
    hint = _together(ranking, all_units, start)
    hinted = Outcome(instance, ranking, resources, hint, [0] * len(instance.programs))
    built = _Model(instance, ranking, resources, all_units)
    model = built.model
    _add_hint(built, hinted)
    blocking = cp_model.LinearExpr.sum(built.blocking)
    placed = _expr(built.terms([(entry, -1) for entry in built.x]))
    points = _expr(
        built.terms(
            [
                ((c, k), -int(instance.children[c].score(instance.programs[ranking.choices[c][k]].id).scaleb(2)))
                for c, k in built.x
            ]
        )
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = instance.workers
    statuses = dict.fromkeys(("blocking", "placed", "priority"), "unknown")
    proven = not any(hinted.blocks(unit) for unit in all_units)
    if proven:  # the start is stable: no solve needed to minimise the blocking families
        model.add(blocking == 0)
        statuses["blocking"] = "skipped"
    best: list[int | None] | None = None
    for phase, (name, objective) in enumerate(zip(statuses, (blocking, placed, points), strict=True)):
        if statuses[name] == "skipped":
            continue
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            break
        solver.parameters.max_time_in_seconds = remaining * _SHARES[phase] / sum(_SHARES[phase:])
        model.minimize(objective)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        statuses[name] = "optimal" if status == cp_model.OPTIMAL else "feasible"
        proven = proven or (phase == 0 and status == cp_model.OPTIMAL)
        best = _assignment(built, solver)
        model.clear_hints()  # type: ignore[no-untyped-call]
        _add_hint(built, Outcome(instance, ranking, resources, best, [0] * len(instance.programs)))
        model.add(objective <= round(solver.objective_value))
    if best is None:
        return hint, proven, statuses
    found = Outcome(instance, ranking, resources, best, [0] * len(instance.programs))
    if _standing(found, all_units) > _standing(hinted, all_units):  # stopped early on a worse solution
        return hint, proven, statuses
    return best, proven, statuses


def _standing(outcome: Outcome, all_units: Sequence[Unit]) -> tuple[int, int]:
    """Blocking families, then children not placed: the smaller, the better."""
    blocking = sum(outcome.blocks(unit) for unit in all_units)
    return blocking, sum(k is None for k in outcome.choice)


def _add_hint(built: _Model, hinted: Outcome) -> None:
    """A complete hint: the options held, the loads, the suffix sums and the Booleans they imply."""
    model, usage = built.model, built.resources.usage
    for unit, variables in zip(built.units, built.select, strict=True):
        held = [i for i, option in enumerate(unit.options) if all(hinted.choice[c] == k for c, k in option)]
        for i, variable in enumerate(variables):
            model.add_hint(variable, i in held)
    for unit, variable in zip(built.units, built.blocking, strict=True):
        model.add_hint(variable, hinted.blocks(unit))
    for load, value in zip(built.load, hinted.load, strict=True):
        model.add_hint(load, value)
    suffix: dict[tuple[int, int], list[int]] = {}
    for variable, p, resource, i in built.chained:
        if (p, resource) not in suffix:
            applicants = built.applicants[p]
            sums = [0] * (len(applicants) + 1)
            for j in range(len(applicants) - 1, -1, -1):
                _, c, k = applicants[j]
                there = hinted.choice[c] == k
                sums[j] = sums[j + 1] + (dict(usage[c][k]).get(resource, 0) if there else 0)
            suffix[p, resource] = sums
        model.add_hint(variable, suffix[p, resource][i])
    binding: dict[tuple[int, int], set[int]] = {}
    for variable, u, o, resource in built.overs:
        if (u, o) not in binding:
            binding[u, o] = set(hinted.binding(built.units[u].options[o]))
        model.add_hint(variable, resource in binding[u, o])


def _together(ranking: Ranking, all_units: Sequence[Unit], assigned: Sequence[int | None]) -> list[int | None]:
    """``assigned`` with the siblings who are not at one of their family's options unplaced."""
    out = list(assigned)
    for unit in all_units:
        if not any(all(assigned[c] == ranking.choices[c][k] for c, k in option) for option in unit.options):
            for c in unit.children:
                out[c] = None
    return out


def _assignment(built: _Model, solver: cp_model.CpSolver) -> list[int | None]:
    assigned: list[int | None] = [None] * len(built.ranking.choices)
    for unit, variables in zip(built.units, built.select, strict=True):
        for option, variable in zip(unit.options, variables, strict=True):
            if solver.boolean_value(variable):
                for c, k in option:
                    assigned[c] = built.ranking.choices[c][k]
    return assigned

"""The allocation instance and result: frozen dataclasses of plain values (docs/allocation.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

# The weekday half-day slots a part-time child asks for, Monday morning to Friday afternoon.
WEEK_SLOTS = tuple(f"{day}-{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm"))


class RatioOption(StrEnum):
    """The staffing-ratio option of a facility (local choice ``ratio.option`` of ``ribambelle.rules``)."""

    BY_WALKING = "5-8"
    SINGLE = "6"


@dataclass(frozen=True, slots=True)
class Program:
    """A (facility, section) pair that children apply to; ``capacity`` places, per slot when slots are used."""

    id: str
    facility: str
    section: str
    capacity: int
    slot_capacities: Mapping[str, int] = field(default_factory=dict)

    def slot_capacity(self, slot: str) -> int:
        return self.slot_capacities.get(slot, self.capacity)


@dataclass(frozen=True, slots=True)
class Child:
    """An application: ranked programs, priority points, a bonus per program, the slots asked for."""

    id: str
    family: str
    priority: Decimal
    applied_on: date
    preferences: tuple[str, ...]
    bonus: Mapping[str, Decimal] = field(default_factory=dict)
    slots: frozenset[str] = frozenset(WEEK_SLOTS)
    walks: bool = False
    l214_7: bool = False

    def score(self, program: str) -> Decimal:
        """The child's priority at ``program``: priority points plus the program's bonus (0 by default)."""
        return self.priority + self.bonus.get(program, Decimal(0))


@dataclass(frozen=True, slots=True)
class Staffing:
    """A facility whose staff and ratio option bound the children of all its sections together.

    Under option 5-8 a slot is feasible when non_walkers/5 + walkers/8 <= staff (the fractions are added,
    then rounded up: decision 0002); under option 6 when children/6 <= staff. The per-adult figures come
    from the regulatory parameters in force on the instance's date.
    """

    facility: str
    staff: int
    option: RatioOption
    non_walkers_per_adult: int
    walkers_per_adult: int
    children_per_adult: int


@dataclass(frozen=True, slots=True)
class Family:
    """A family's choice for siblings: together in one facility (the default) or separate facilities accepted."""

    id: str
    separate: bool


@dataclass(frozen=True, slots=True)
class Instance:
    programs: tuple[Program, ...]
    children: tuple[Child, ...]
    seed: int
    staffing: tuple[Staffing, ...] = ()
    families: tuple[Family, ...] = ()
    # Places reserved for L214-7 applicants, per facility (none when no child is an L214-7 applicant).
    reserved_places: Mapping[str, int] = field(default_factory=dict)
    time_limit_seconds: float = 60.0
    workers: int = 2

    @property
    def part_time(self) -> bool:
        full = frozenset(WEEK_SLOTS)
        return any(child.slots != full for child in self.children) or any(p.slot_capacities for p in self.programs)

    def sibling_groups(self) -> list[tuple[Child, ...]]:
        """Families of two or more children applying together (not marked ``separate``), in input order."""
        separate = {family.id for family in self.families if family.separate}
        groups: dict[str, list[Child]] = {}
        for child in self.children:
            if child.family not in separate:
                groups.setdefault(child.family, []).append(child)
        return [tuple(group) for group in groups.values() if len(group) > 1]


class Mechanism(StrEnum):
    DEFERRED_ACCEPTANCE = "deferred_acceptance"
    CUTOFF_DEFERRED_ACCEPTANCE = "cutoff_deferred_acceptance"
    STABILITY_SEARCH = "stability_search"
    CP_SAT = "cp_sat"


class Verdict(StrEnum):
    """Whether an assignment without blocking family was found, proven impossible, or neither."""

    STABLE = "stable"
    NONE_EXISTS = "none_exists"
    UNKNOWN = "unknown"


class Reason(StrEnum):
    FULL = "full"
    SLOT_FULL = "slot_full"
    RATIO = "ratio"
    RESERVED = "reserved"
    LIST_ORDER = "list_order"
    SIBLINGS = "siblings"
    BLOCKING = "blocking"


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a child is not at a program she ranked above her assignment."""

    program: str
    reason: Reason
    cutoff_priority: Decimal | None = None
    slots: tuple[str, ...] = ()
    staff: int | None = None
    reserved_places: int = 0


@dataclass(frozen=True, slots=True)
class Result:
    assignments: Mapping[str, str | None]
    explanations: Mapping[str, tuple[Explanation, ...]]
    blocking: int
    seconds: float
    explain_seconds: float
    mechanism: Mechanism
    verdict: Verdict
    # CP-SAT only: the status of each of its solves (blocking, placed, priority).
    solver_status: Mapping[str, str] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return sum(program is not None for program in self.assignments.values())

    @property
    def unplaced(self) -> int:
        return len(self.assignments) - self.placed

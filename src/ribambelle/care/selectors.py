"""Reads of the care app, always through the scope (territory.selectors.facilities_visible_to)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.db.models import Prefetch, QuerySet

from ribambelle.care.enums import ContractStatus
from ribambelle.care.models import Absence, Attendance, Contract, ContractVersion, ImportBatch, ImportMapping
from ribambelle.families.models import Child
from ribambelle.families.selectors import family_list
from ribambelle.rules.capacity import FacilityKind
from ribambelle.rules.choices import CHOICES, MissingChoice
from ribambelle.rules.facility_norms import Overcapacity, overcapacity
from ribambelle.rules.parameters import ParameterNotInForce, ParameterSet
from ribambelle.rules.staffing import StaffingRequirement, kindergarten_required_staff, required_staff
from ribambelle.territory import selectors as territory_selectors
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Closure, Facility
from ribambelle.territory.selectors import facilities_visible_to


def facility_for_care(*, user: Any) -> QuerySet[Facility]:
    """The facilities whose children the user may see (404 outside)."""
    return facilities_visible_to(user).active()


def contract_list(*, user: Any, facility: Facility | None = None, on: date | None = None) -> QuerySet[Contract]:
    contracts = Contract.objects.filter(facility__in=facilities_visible_to(user)).exclude(
        status=ContractStatus.CANCELLED
    )
    if facility is not None:
        contracts = contracts.filter(facility=facility)
    if on is not None:
        contracts = contracts.active_on(on)
    return contracts.select_related("child", "child__family", "facility", "section").order_by(
        "facility__name", "child__last_name", "child__first_name", "starts_on"
    )


def version_on(contract: Contract, on: date) -> ContractVersion | None:
    """The version in force on ``on`` (uses prefetched ``versions`` when present)."""
    candidates = [v for v in contract.versions.all() if v.valid_from <= on]
    return max(candidates, key=lambda v: v.valid_from) if candidates else None


@dataclass
class ChildToday:
    """One child on the facility's day: expected periods, presence, absence."""

    child: Child
    contract: Contract | None
    expected: list[tuple[int, int]] = field(default_factory=list)
    periods: list[Attendance] = field(default_factory=list)
    absence: Absence | None = None

    @property
    def present(self) -> bool:
        return any(period.left_at is None for period in self.periods)

    @property
    def left(self) -> bool:
        return bool(self.periods) and not self.present

    @property
    def late_pickup(self) -> bool:
        return any(period.late_pickup for period in self.periods)


@dataclass(frozen=True)
class Day:
    facility: Facility
    on: date
    closure: Closure | None
    children: list[ChildToday]

    def present(self) -> list[ChildToday]:
        return [row for row in self.children if row.present]


def facility_day(*, facility: Facility, on: date) -> Day:
    """Children expected at ``facility`` on ``on`` (from their contracts), with who came, left or is absent;
    children who came without a contract that day are listed too."""
    closure = Closure.objects.filter(facility=facility).overlapping(on, on).first()
    contracts = (
        Contract.objects.filter(facility=facility)
        .active_on(on)
        .select_related("child")
        .prefetch_related(Prefetch("versions", queryset=ContractVersion.objects.order_by("valid_from")))
    )
    rows: dict[int, ChildToday] = {}
    for contract in contracts:
        version = version_on(contract, on)
        expected = [(p["start"], p["end"]) for p in version.schedule if p["weekday"] == on.weekday()] if version else []
        if expected and closure is None:
            rows[contract.child_id] = ChildToday(contract.child, contract, expected)
    for attendance in (
        Attendance.objects.filter(facility=facility, on=on).select_related("child", "contract").order_by("arrived_at")
    ):
        row = rows.setdefault(attendance.child_id, ChildToday(attendance.child, attendance.contract))
        row.periods.append(attendance)
    for absence in Absence.objects.filter(facility=facility, on=on).select_related("child"):
        row = rows.setdefault(absence.child_id, ChildToday(absence.child, None))
        row.absence = absence
    ordered = sorted(rows.values(), key=lambda r: (r.expected[0][0] if r.expected else 24 * 60, r.child.last_name))
    return Day(facility, on, closure, ordered)


def minutes_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True)
class DayCounts:
    """The live figures of a facility's day: the children present (open periods) by walking status, or by
    age in a jardin d'enfants; the staff the ratio requires for them and the instantaneous surnombre
    limit, each replaced by a French note (``*_note``) when it cannot be computed."""

    expected: int
    present: int
    groups: tuple[tuple[str, int], ...]
    staff: StaffingRequirement | None
    staff_note: str
    overcapacity: Overcapacity | None
    overcapacity_note: str

    @property
    def unconfirmed(self) -> bool:
        sources = (self.staff.sources if self.staff else ()) + (self.overcapacity.sources if self.overcapacity else ())
        return any(not source.confirmed for source in sources)


def facility_day_counts(*, day: Day) -> DayCounts:
    present = [row.child for row in day.present()]
    expected = sum(1 for row in day.children if row.expected)
    kind = FacilityType(day.facility.facility_type).regulatory_kind
    if kind is FacilityKind.KINDERGARTEN:
        older = sum(1 for child in present if (child.age_in_months(day.on) or 0) >= 36)
        groups = (("de moins de 3 ans", len(present) - older), ("de 3 ans ou plus", older))
    else:
        walkers = sum(1 for child in present if child.walks_on(day.on))
        groups = (("ne marchant pas", len(present) - walkers), ("marchant", walkers))
    capacity = territory_selectors.facility_row(day.facility, on=day.on).capacity
    note = _counts_note(kind, capacity)
    if note:
        return DayCounts(expected, len(present), groups, None, note, None, note)
    params = territory_selectors.parameters_in_force()
    staff, staff_note = _staff(params, day, kind=kind, capacity=capacity, counts=(groups[0][1], groups[1][1]))
    try:
        # Only the instantaneous limit is read here; the weekly check needs the week's attendance.
        limit = overcapacity(
            params,
            kind=kind,
            capacity=capacity,
            present=len(present),
            weekly_child_minutes=0,
            weekly_opening_minutes=0,
            on=day.on,
        )
    except ParameterNotInForce as exc:
        return DayCounts(expected, len(present), groups, staff, staff_note, None, str(exc))
    return DayCounts(expected, len(present), groups, staff, staff_note, limit, "")


def _counts_note(kind: FacilityKind, capacity: int) -> str:
    if kind is FacilityKind.FAMILIAL:
        return "sans objet pour une crèche familiale : chaque assistant maternel accueille selon son agrément"
    if capacity < 1:
        return "aucune autorisation en vigueur ce jour : capacité inconnue"
    return ""


def _staff(
    params: ParameterSet, day: Day, *, kind: FacilityKind, capacity: int, counts: tuple[int, int]
) -> tuple[StaffingRequirement | None, str]:
    choices = territory_selectors.rule_choices_for(facility=day.facility, on=day.on)
    try:
        if kind is FacilityKind.KINDERGARTEN:
            staff = kindergarten_required_staff(
                params, choices, capacity=capacity, under_three=counts[0], three_and_over=counts[1], on=day.on
            )
        else:
            staff = required_staff(
                params, choices, kind=kind, capacity=capacity, non_walkers=counts[0], walkers=counts[1], on=day.on
            )
    except MissingChoice as exc:
        return None, f"{CHOICES[exc.key].label.lower()} à fixer"
    except ParameterNotInForce as exc:
        return None, str(exc)
    return staff, ""


def _with_versions(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    return contracts.prefetch_related(Prefetch("versions", queryset=ContractVersion.objects.order_by("valid_from")))


def contract_current_list(*, user: Any, facility: Facility, on: date) -> QuerySet[Contract]:
    """The facility's contracts running on ``on`` or starting later, with their versions in order."""
    return _with_versions(contract_list(user=user, facility=facility).filter(ends_on__gte=on))


def contract_get(*, user: Any, facility: Facility, pk: int) -> Contract | None:
    """One contract of the facility with its versions in order, or None out of scope."""
    return _with_versions(contract_list(user=user, facility=facility)).filter(pk=pk).first()


def contract_child_choices(*, user: Any) -> QuerySet[Child]:
    """The children a new contract may be drawn up for: those of the families the user may read (a director:
    families under contract in her facilities or that she registered), never others' names."""
    if not facility_for_care(user=user).exists():
        return Child.objects.none()
    return (
        Child.objects.filter(family__in=family_list(user=user))
        .select_related("family")
        .order_by("last_name", "first_name", "birth_on")
    )


def import_mapping_list(*, user: Any) -> QuerySet[ImportMapping]:
    """The column mappings saved by the user's organisation, one per source software."""
    return ImportMapping.objects.filter(organisation_id=user.organisation_id).order_by("source")


def import_batch_list(*, user: Any) -> QuerySet[ImportBatch]:
    """The files the user's organisation imported, newest first: the audit trail of imported rows."""
    return (
        ImportBatch.objects.filter(organisation_id=user.organisation_id)
        .select_related("imported_by")
        .order_by("-imported_at")
    )

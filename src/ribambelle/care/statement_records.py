"""What the monthly statements read, loaded for any number of facilities at once with one query per table:
the contracts touching the month (with child and family), their versions, the month's attendance, the
absences from the first day of the previous month (for the waiting period of an illness that began
before the month) and the days of exceptional closure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from ribambelle.care.enums import AbsenceReason
from ribambelle.care.models import Absence, Attendance, Contract, ContractVersion
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import Closure


@dataclass
class ChildRecords:
    """One child's records at one facility: the month's periods of presence by day (arrival and departure
    in minutes since midnight), the arrivals of periods whose departure is not recorded, and the absences
    by day."""

    periods: dict[date, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    open_periods: list[tuple[date, int]] = field(default_factory=list)
    absences: dict[date, AbsenceReason] = field(default_factory=dict)

    @property
    def attended(self) -> set[date]:
        return self.periods.keys() | {on for on, _ in self.open_periods}


@dataclass(frozen=True)
class MonthRecords:
    contracts: list[Contract]  # by facility, then child name, then contract start
    versions: dict[int, list[ContractVersion]]  # by contract id, oldest first
    children: dict[tuple[int, int], ChildRecords]  # by (facility id, child id)
    closed: dict[int, set[date]]  # exceptional closure days by facility id, from the previous month on


def month_records(*, facility_ids: Sequence[int], month: date, last_day: date) -> MonthRecords:
    """Nothing but the contracts is read when no contract touches the month."""
    scope = Contract.objects.filter(facility_id__in=facility_ids).overlapping(month, last_day)
    contracts = list(
        scope.select_related("child", "child__family").order_by(
            "facility_id", "child__last_name", "child__first_name", "child_id", "starts_on"
        )
    )
    if not contracts:
        return MonthRecords([], {}, {}, {})
    versions: dict[int, list[ContractVersion]] = defaultdict(list)
    # The fee's provenance (about 1 kB of JSON a version) is only for a family's PDF: fee_provenance_load.
    in_scope = ContractVersion.objects.filter(contract__in=scope.values("pk")).defer("fee_provenance")
    for version in in_scope.order_by("valid_from"):
        versions[version.contract_id].append(version)
    since = (month - timedelta(days=1)).replace(day=1)
    return MonthRecords(
        contracts, versions, _children(facility_ids, since, month, last_day), _closed(facility_ids, since, last_day)
    )


def _children(
    facility_ids: Sequence[int], since: date, month: date, last_day: date
) -> dict[tuple[int, int], ChildRecords]:
    children: dict[tuple[int, int], ChildRecords] = defaultdict(ChildRecords)
    attendance: Iterable[tuple[int, int, date, time, time | None]] = Attendance.objects.filter(
        facility_id__in=facility_ids, on__range=(month, last_day)
    ).values_list("facility_id", "child_id", "on", "arrived_at", "left_at")
    for facility_id, child_id, on, arrived_at, left_at in attendance:
        start = arrived_at.hour * 60 + arrived_at.minute  # care.selectors.minutes_of, inlined: every row
        if left_at is None:
            children[facility_id, child_id].open_periods.append((on, start))
        else:
            children[facility_id, child_id].periods[on].append((start, left_at.hour * 60 + left_at.minute))
    absences: Iterable[tuple[int, int, date, str]] = Absence.objects.filter(
        facility_id__in=facility_ids, on__range=(since, last_day)
    ).values_list("facility_id", "child_id", "on", "reason")
    for facility_id, child_id, on, reason in absences:
        children[facility_id, child_id].absences[on] = AbsenceReason(reason)
    return children


def _closed(facility_ids: Sequence[int], since: date, last_day: date) -> dict[int, set[date]]:
    closed: dict[int, set[date]] = defaultdict(set)
    closures = Closure.objects.filter(facility_id__in=facility_ids, kind=ClosureKind.EXCEPTIONAL).overlapping(
        since, last_day
    )
    for facility_id, start, end in closures.values_list("facility_id", "start_on", "end_on"):
        days = (start + timedelta(days=offset) for offset in range((end - start).days + 1))
        closed[facility_id].update(day for day in days if since <= day <= last_day)
    return closed


def fee_provenance_load(versions: Iterable[ContractVersion]) -> None:
    """Fill the deferred ``fee_provenance`` of ``versions`` in one query."""
    by_pk = {version.pk: version for version in versions}
    for pk, provenance in ContractVersion.objects.filter(pk__in=by_pk).values_list("pk", "fee_provenance"):
        by_pk[pk].fee_provenance = provenance

"""What an import file refers to, loaded in a few queries before its first row: the organisation's children
and families, the facilities in scope, and for an attendance file the contracts and rows already recorded
over the file's days."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import QuerySet

from ribambelle.care.importing.cells import DAY_MINUTES, fold
from ribambelle.care.models import Absence, Attendance, Contract, ContractVersion
from ribambelle.families.models import Child
from ribambelle.territory.models import Facility

AMBIGUOUS = -1  # a key shared by several children or facilities


@dataclass
class Lookups:
    child_by_id: dict[str, int]
    child_by_identity: dict[tuple[str, str, date], int]
    birth_on: dict[int, date | None]
    family_by_reference: dict[str, int]
    facility_by_name: dict[str, int]
    facility_by_caf_id: dict[str, int]


def _unique(pairs: Iterable[tuple[object, int]]) -> dict[object, int]:
    found: dict[object, int] = {}
    for key, pk in pairs:
        found[key] = AMBIGUOUS if key in found and found[key] != pk else pk
    return found


def load_lookups(*, organisation_id: int, facilities: QuerySet[Facility]) -> Lookups:
    children = list(
        Child.objects.filter(family__organisation_id=organisation_id).values_list(
            "id", "family__reference", "first_name", "birth_on", "family_id"
        )
    )
    places = list(facilities.values_list("id", "name", "caf_equipment_id"))
    return Lookups(
        child_by_id={str(pk): pk for pk, *_ in children},
        child_by_identity=_unique(  # type: ignore[arg-type]
            ((fold(reference), fold(first_name), birth_on), pk)
            for pk, reference, first_name, birth_on, _ in children
            if birth_on is not None
        ),
        birth_on={pk: birth_on for pk, _, _, birth_on, _ in children},
        # Every family has a child (it is created with its first one).
        family_by_reference=_unique(  # type: ignore[arg-type]
            (fold(reference), family_id) for _, reference, _, _, family_id in children
        ),
        facility_by_name=_unique((fold(name), pk) for pk, name, _ in places),  # type: ignore[arg-type]
        facility_by_caf_id=_unique((fold(caf), pk) for pk, _, caf in places if caf),  # type: ignore[arg-type]
    )


class ContractTerms(NamedTuple):
    """A contract's span and its versions, latest first: (valid from, contracted end of each weekday in
    minutes, midnight when the day is not contracted). A departure after the end is a late pickup."""

    pk: int
    starts_on: date
    ends_on: date
    versions: tuple[tuple[date, tuple[int, ...]], ...]


def load_contracts(
    *, facility_ids: list[int], first_on: date, last_on: date
) -> dict[tuple[int, int], list[ContractTerms]]:
    """Contracts over the days (cancelled ones left out), by (child, facility)."""
    spans = Contract.objects.filter(facility_id__in=facility_ids).overlapping(first_on, last_on)
    versions: dict[int, list[tuple[date, tuple[int, ...]]]] = defaultdict(list)
    for contract_id, valid_from, schedule in (
        ContractVersion.objects.filter(contract__in=spans)
        .order_by("contract_id", "-valid_from")
        .values_list("contract_id", "valid_from", "schedule")
    ):
        ends: dict[int, int] = {}
        for period in schedule:
            ends[period["weekday"]] = max(ends.get(period["weekday"], 0), period["end"])
        versions[contract_id].append((valid_from, tuple(ends.get(day, DAY_MINUTES) for day in range(7))))
    terms: dict[tuple[int, int], list[ContractTerms]] = defaultdict(list)
    for pk, child_id, facility_id, starts_on, ends_on in spans.values_list(
        "id", "child_id", "facility_id", "starts_on", "ends_on"
    ):
        terms[(child_id, facility_id)].append(ContractTerms(pk, starts_on, ends_on, tuple(versions[pk])))
    return terms


def recorded_presences(
    *, facility_ids: list[int], first_on: date, last_on: date
) -> list[tuple[int, int, date, int, int, int]]:
    """Presences already recorded, shaped like a file's (row 0); an open one lasts until midnight."""
    return [
        (child_id, facility_id, on, arrived.hour * 60 + arrived.minute, _minutes(left), 0)
        for child_id, facility_id, on, arrived, left in Attendance.objects.filter(
            facility_id__in=facility_ids, on__range=(first_on, last_on)
        )
        .values_list("child_id", "facility_id", "on", "arrived_at", "left_at")
        .iterator(chunk_size=50_000)
    ]


def recorded_absences(*, facility_ids: list[int], first_on: date, last_on: date) -> dict[tuple[int, int, date], str]:
    return {
        (child_id, facility_id, on): reason
        for child_id, facility_id, on, reason in Absence.objects.filter(
            facility_id__in=facility_ids, on__range=(first_on, last_on)
        ).values_list("child_id", "facility_id", "on", "reason")
    }


def _minutes(moment: object) -> int:
    if moment is None:
        return DAY_MINUTES
    return moment.hour * 60 + moment.minute  # type: ignore[attr-defined]

"""Weekly opening hours and yearly closures of the generated facilities (rows not yet saved)."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from ribambelle.demo.holidays import easter_sunday, public_holidays
from ribambelle.territory.enums import ClosureKind, FacilityType, Weekday
from ribambelle.territory.models import Closure, Facility, OpeningHours

_WORKDAYS = (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY)
_DAY_HOURS: dict[FacilityType, tuple[tuple[time, ...], tuple[time, ...]]] = {
    FacilityType.MULTI_ACCUEIL: ((time(7, 0), time(7, 30), time(7, 30), time(7, 45)), (time(18, 30), time(19, 0))),
    FacilityType.CRECHE_COLLECTIVE: ((time(7, 0), time(7, 30)), (time(18, 30), time(19, 0))),
    FacilityType.HALTE_GARDERIE: ((time(8, 30), time(9, 0)), (time(17, 0), time(17, 30))),
    FacilityType.MICRO_CRECHE: ((time(7, 30), time(8, 0)), (time(18, 30), time(19, 0))),
    FacilityType.JARDIN_ENFANTS: ((time(7, 45), time(8, 0)), (time(18, 0), time(18, 15))),
    FacilityType.CRECHE_FAMILIALE: ((time(7, 0),), (time(19, 0),)),
    FacilityType.CRECHE_PARENTALE: ((time(8, 0), time(8, 30)), (time(18, 0), time(18, 30))),
}
# Share of facilities of a type open on Saturday mornings, or with shorter Wednesdays.
_SATURDAY_SHARE = {FacilityType.MICRO_CRECHE: 0.2, FacilityType.MULTI_ACCUEIL: 0.1}
_SHORT_WEDNESDAY_SHARE = {FacilityType.HALTE_GARDERIE: 1.0, FacilityType.CRECHE_PARENTALE: 0.3}
_ASCENSION_BRIDGE_SHARE = 0.4


def day_hours(rng: random.Random, facility_type: FacilityType) -> tuple[time, time]:
    """The usual opening and closing times of a facility of ``facility_type``."""
    opens, closes = _DAY_HOURS[facility_type]
    return rng.choice(opens), rng.choice(closes)


def opening_hours(rng: random.Random, facility: Facility, opens_at: time, closes_at: time) -> list[OpeningHours]:
    rows = [OpeningHours(facility=facility, weekday=day, opens_at=opens_at, closes_at=closes_at) for day in _WORKDAYS]
    facility_type = FacilityType(facility.facility_type)
    if rng.random() < _SHORT_WEDNESDAY_SHARE.get(facility_type, 0.0):
        rows[Weekday.WEDNESDAY].closes_at = time(12, 30)
    if rng.random() < _SATURDAY_SHARE.get(facility_type, 0.0):
        rows.append(
            OpeningHours(facility=facility, weekday=Weekday.SATURDAY, opens_at=time(8, 0), closes_at=time(13, 0))
        )
    return rows


def closures(rng: random.Random, facility: Facility, *, years: tuple[int, ...], department: str) -> list[Closure]:
    """Summer weeks, the Christmas week, sometimes the Ascension bridge, and the public holidays that fall
    outside them (closures of one facility never overlap)."""
    rows: list[Closure] = []
    summer_weeks = 2 if facility.facility_type == FacilityType.CRECHE_FAMILIALE else rng.choice((2, 3, 3, 4))
    summer_shift = timedelta(weeks=rng.choice((-2, -1, 0, 0, 0)))
    christmas_weeks = rng.choice((1, 1, 2))
    bridge = rng.random() < _ASCENSION_BRIDGE_SHARE
    for year in years:
        august_first = date(year, 8, 1)
        summer_start = august_first + timedelta(days=(7 - august_first.weekday()) % 7) + summer_shift
        rows.append(
            _closure(facility, ClosureKind.ANNUAL, summer_start, weeks=summer_weeks, label="Fermeture estivale")
        )
        christmas_start = date(year, 12, 24) - timedelta(weeks=christmas_weeks - 1)
        rows.append(
            Closure(
                facility=facility,
                kind=ClosureKind.ANNUAL,
                start_on=christmas_start,
                end_on=date(year, 12, 31),
                label="Fermeture de fin d'année",
            )
        )
        if bridge:
            friday = easter_sunday(year) + timedelta(days=40)
            rows.append(
                Closure(
                    facility=facility,
                    kind=ClosureKind.EXCEPTIONAL,
                    start_on=friday,
                    end_on=friday,
                    label="Pont de l'Ascension",
                )
            )
    taken = [(row.start_on, row.end_on) for row in rows]
    for year in years:
        for day, label in public_holidays(year, department=department):
            if not any(start <= day <= end for start, end in taken):
                rows.append(
                    Closure(facility=facility, kind=ClosureKind.PUBLIC_HOLIDAY, start_on=day, end_on=day, label=label)
                )
    return rows


def _closure(facility: Facility, kind: ClosureKind, monday: date, *, weeks: int, label: str) -> Closure:
    """A closure from ``monday`` to the Friday ``weeks`` weeks later."""
    friday = monday + timedelta(weeks=weeks, days=-3)
    return Closure(facility=facility, kind=kind, start_on=monday, end_on=friday, label=label)

"""What the care generators read about each facility from the rows the territory generator made, and the
children of the cast (tests/cast.py), placed by hand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta

from ribambelle.demo.context import SeedContext
from ribambelle.demo.generators.care_schedule import Hours
from ribambelle.rules.authorisation import add_months
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Authorisation, Closure, Facility, OpeningHours, Section

_CAST_FACILITY_KEYS = ("lucioles", "coccinelles")


@dataclass(frozen=True)
class CastChild:
    key: str
    first_name: str
    last_name: str
    parent_first_name: str
    facility_key: str
    age: tuple[int, int]  # months and days on the reference date
    walks: bool
    days: tuple[int, ...]
    entry_age_months: int | None  # None: already there at the first rentrée of the plan

    def birth_on(self, on: date) -> date:
        return add_months(on, -self.age[0]) - timedelta(days=self.age[1])

    def entry_on(self, on: date, *, first_rentree: date) -> date:
        if self.entry_age_months is None:
            return first_rentree
        day = add_months(self.birth_on(on), self.entry_age_months)
        return day + timedelta(days=(7 - day.weekday()) % 7)


# Léo Martin, 14 months, does not walk yet, at Les Lucioles full time since he was four months old; Inès
# Bernard, who walks, at Les Coccinelles on Mondays, Tuesdays and Thursdays. Their families are the cast's.
CAST_CHILDREN = (
    CastChild("leo", "Léo", "Martin", "Julie", "lucioles", (14, 10), False, (0, 1, 2, 3, 4), 4),
    CastChild("ines", "Inès", "Bernard", "Karim", "coccinelles", (32, 27), True, (0, 1, 3), None),
)


@dataclass(frozen=True)
class Frame:
    index: int
    facility: Facility
    facility_type: FacilityType
    cast_key: str | None
    opened_on: date
    hours: Hours
    closed_on: frozenset[date]  # days of opening hours on which a closure keeps the facility shut
    authorisations: tuple[Authorisation, ...]  # oldest first
    sections: tuple[Section, ...]  # youngest first

    @property
    def capacity(self) -> int:
        return self.authorisations[-1].capacity

    def authorisation_on(self, day: date) -> Authorisation | None:
        in_force = [
            authorisation
            for authorisation in self.authorisations
            if authorisation.valid_from <= day and (authorisation.expires_on is None or authorisation.expires_on >= day)
        ]
        return in_force[-1] if in_force else None

    def closed_weeks(self, start_on: date, end_on: date) -> int:
        """Whole weeks of closure between the two dates: closed weekdays (Monday to Friday) over five."""
        days = sum(1 for day in self.closed_on if start_on <= day <= end_on and day.weekday() < 5)
        return round(days / 5)


def frames(ctx: SeedContext) -> list[Frame]:
    facilities: list[Facility] = ctx.created(Facility)
    hours: dict[int, Hours] = defaultdict(dict)
    for row in ctx.created(OpeningHours):
        hours[row.facility_id][row.weekday] = (_minutes(row.opens_at), _minutes(row.closes_at))
    closures: dict[int, list[Closure]] = defaultdict(list)
    for closure in ctx.created(Closure):
        closures[closure.facility_id].append(closure)
    authorisations: dict[int, list[Authorisation]] = defaultdict(list)
    for authorisation in ctx.created(Authorisation):
        authorisations[authorisation.facility_id].append(authorisation)
    sections: dict[int, list[Section]] = defaultdict(list)
    for section in ctx.created(Section):
        sections[section.facility_id].append(section)
    cast = {ctx.named[key].pk: key for key in _CAST_FACILITY_KEYS if key in ctx.named}
    return [
        Frame(
            index=index,
            facility=facility,
            facility_type=FacilityType(facility.facility_type),
            cast_key=cast.get(facility.pk),
            opened_on=facility.opened_on or date.min,
            hours=hours[facility.pk],
            closed_on=_closed_days(closures[facility.pk], hours[facility.pk]),
            authorisations=tuple(sorted(authorisations[facility.pk], key=lambda row: row.valid_from)),
            sections=tuple(sorted(sections[facility.pk], key=lambda row: (row.min_age_months, row.pk))),
        )
        for index, facility in enumerate(facilities)
    ]


def _closed_days(closures: list[Closure], hours: Hours) -> frozenset[date]:
    days: set[date] = set()
    for closure in closures:
        day = closure.start_on
        while day <= closure.end_on:
            if day.weekday() in hours:
                days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute

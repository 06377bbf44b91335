"""The care plan of the generated territory, before any row exists: which child takes a place in which
section of which facility, under which contract, school year after school year.

Contracts follow the school year: a child who stays gets a new contract each September (in the section of
their age), from the 1st of September to the 31st of August; a child who turns three in the calendar year
leaves for school in July (except in a jardin d'enfants), and nobody stays past the authorised maximum age.
New children mostly start at the rentrée, some during the year; a few families move away. Regular
contracts fill each section to a drawn occupancy of its places on every weekday; haltes-garderies and
multi-accueils add occasional contracts, and multi-accueils and crèches collectives an emergency placement
now and then.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ribambelle.care.enums import ContractKind
from ribambelle.demo.generators.care_frames import CAST_CHILDREN, CastChild, Frame
from ribambelle.demo.generators.care_schedule import (
    Period,
    Style,
    cast_schedule,
    regular_days,
    regular_style,
    weekly_schedule,
)
from ribambelle.rules.authorisation import add_months
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Section

_T = FacilityType
_OCCUPANCY = (0.8, 0.97)
_FULL_TIME_SHARE = {_T.MULTI_ACCUEIL: 0.55, _T.CRECHE_COLLECTIVE: 0.7, _T.CRECHE_FAMILIALE: 0.7}
_DEFAULT_FULL_TIME_SHARE = 0.6
_REGULAR_SHARE = {_T.HALTE_GARDERIE: 0.35}
_OCCASIONAL_PER_PLACE = {_T.HALTE_GARDERIE: (0.9, 1.4), _T.MULTI_ACCUEIL: (0.04, 0.1)}
_EMERGENCY_SHARE = {_T.MULTI_ACCUEIL: 0.6, _T.CRECHE_COLLECTIVE: 0.4}
_SESSIONS_PER_WEEK = (0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 3.0)
_MID_YEAR_SHARE = 0.2
_MOVE_AWAY_SHARE = 0.04
_AMENDMENT_SHARE = 0.05
_MIN_CONTRACT_DAYS = 28
# Leave beyond the facility's closures: weeks of family leave a year, drawn per contract.
_LEAVE_WEEKS = (0, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6)


@dataclass(frozen=True)
class Terms:
    """What a contract version fixes: its weekly schedule and its weeks of attendance."""

    valid_from: date
    schedule: tuple[Period, ...]
    attendance_weeks: int | None


@dataclass
class PlannedContract:
    frame: Frame
    section: Section | None
    kind: ContractKind
    starts_on: date
    ends_on: date
    terms: list[Terms]
    style: Style = Style.DAY
    sessions_per_week: float = 0.0
    leave_weeks: int = 0


@dataclass
class PlannedChild:
    birth_on: date
    home: Frame
    contracts: list[PlannedContract] = field(default_factory=list)
    cast: CastChild | None = None


@dataclass
class _Enrolled:
    """A child who stays into the next school year, with what carries over."""

    child: PlannedChild
    kind: ContractKind
    days: tuple[int, ...]
    style: Style
    sessions_per_week: float


def school_year(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def plan(frames: list[Frame], *, seed: int, on: date, window_start: date) -> list[PlannedChild]:
    """Every child of the plan, facility by facility; each facility draws from its own generator, so the
    plan of one does not depend on the others."""
    years = range(school_year(window_start), school_year(on) + 1)
    children: list[PlannedChild] = []
    for frame in frames:
        rng = random.Random(f"care-plan:{seed}:{frame.index}")
        children += _FacilityPlan(rng, frame, on).run(years)
    return children


class _FacilityPlan:
    def __init__(self, rng: random.Random, frame: Frame, on: date) -> None:
        self.rng, self.frame, self.on = rng, frame, on
        facility_type = frame.facility_type
        self.halte = facility_type == _T.HALTE_GARDERIE
        self.occupancy = rng.uniform(*_OCCUPANCY) * _REGULAR_SHARE.get(facility_type, 1.0)
        self.full_time_share = _FULL_TIME_SHARE.get(facility_type, _DEFAULT_FULL_TIME_SHARE)
        self.open_days = [day for day in range(5) if day in frame.hours]
        self.children: list[PlannedChild] = []

    def run(self, years: range) -> list[PlannedChild]:
        self.first_rentree = date(years[0], 9, 1)
        enrolled: list[_Enrolled] = []
        for year in years:
            rentree = max(_weekday_from(date(year, 9, 1)), self.frame.opened_on)
            authorisation = self.frame.authorisation_on(rentree)
            if rentree > self.on or authorisation is None:
                continue
            self.year, self.year_end, self.authorisation = year, date(year + 1, 8, 31), authorisation
            self.closed_weeks = self.frame.closed_weeks(date(year, 9, 1), self.year_end)
            factor = min(1.0, authorisation.capacity / self.frame.capacity)
            self.counts = {section.pk: [0] * 5 for section in self.frame.sections}
            self.targets = {
                section.pk: max(1, round(section.places * self.occupancy * factor)) for section in self.frame.sections
            }
            staying = [self._continue(item, date(year, 9, 1)) for item in enrolled]
            staying += [self._cast_entry(cast) for cast in CAST_CHILDREN if self._cast_enters(cast, year)]
            staying += self._regular_entrants(rentree, first_year=year == years[0])
            staying += self._occasional_entrants(rentree, factor, first_year=year == years[0])
            self._emergency(rentree)
            enrolled = [item for item in staying if item is not None]
        return self.children

    # Children who stay, the cast, and new children.

    def _continue(self, item: _Enrolled, starts_on: date) -> _Enrolled | None:
        section = self._section_for(item.child.birth_on, starts_on, item.days)
        if section is None:
            return None
        schedule = cast_schedule(self.frame.hours, item.days) if item.child.cast else None
        return self._contract(item, section, starts_on, schedule)

    def _cast_entry_on(self, cast: CastChild) -> date:
        """The cast child's first day, or the plan's first rentrée when the child came before it."""
        return max(cast.entry_on(self.on, first_rentree=self.first_rentree), self.first_rentree)

    def _cast_enters(self, cast: CastChild, year: int) -> bool:
        return self.frame.cast_key == cast.facility_key and school_year(self._cast_entry_on(cast)) == year

    def _cast_entry(self, cast: CastChild) -> _Enrolled | None:
        birth_on, starts_on = cast.birth_on(self.on), self._cast_entry_on(cast)
        section = self._section_for(birth_on, starts_on, cast.days, full_ok=True)
        child = PlannedChild(birth_on=birth_on, home=self.frame, cast=cast)
        item = _Enrolled(child, ContractKind.REGULAR, cast.days, Style.DAY, 0.0)
        return self._contract(item, section, starts_on, cast_schedule(self.frame.hours, cast.days))

    def _regular_entrants(self, rentree: date, *, first_year: bool) -> list[_Enrolled | None]:
        staying: list[_Enrolled | None] = []
        for section in self.frame.sections:
            counts, target = self.counts[section.pk], self.targets[section.pk]
            for _attempt in range(3 * section.places):
                room = [day for day in self.open_days if counts[day] < target]
                days = regular_days(
                    self.rng, room, self.open_days, full_time_share=self.full_time_share, halte=self.halte
                )
                if days is None:
                    break
                starts_on = self._entry_on(rentree)
                child = self._new_child(section, starts_on, spread=first_year)
                if child is None:
                    continue
                item = _Enrolled(child, ContractKind.REGULAR, days, regular_style(self.rng, halte=self.halte), 0.0)
                staying.append(self._contract(item, section, starts_on))
                if child.contracts:
                    for day in days:
                        counts[day] += 1
        return staying

    def _occasional_entrants(self, rentree: date, factor: float, *, first_year: bool) -> list[_Enrolled | None]:
        share = _OCCASIONAL_PER_PLACE.get(self.frame.facility_type)
        if share is None:
            return []
        staying: list[_Enrolled | None] = []
        for _ in range(round(self.frame.capacity * factor * self.rng.uniform(*share))):
            section, starts_on = self.rng.choice(self.frame.sections), self._entry_on(rentree)
            child = self._new_child(section, starts_on, spread=first_year)
            if child is None:
                continue
            style = self.rng.choice((Style.DAY, Style.MORNING, Style.MORNING, Style.AFTERNOON))
            item = _Enrolled(child, ContractKind.OCCASIONAL, (), style, self.rng.choice(_SESSIONS_PER_WEEK))
            staying.append(self._contract(item, section, starts_on))
        return staying

    def _emergency(self, rentree: date) -> None:
        """Now and then an emergency placement of two to eight weeks, full days."""
        if self.rng.random() >= _EMERGENCY_SHARE.get(self.frame.facility_type, 0.0):
            return
        last_start = min(self.year_end, self.on)
        if last_start <= rentree:
            return
        starts_on = _weekday_from(rentree + timedelta(days=self.rng.randrange((last_start - rentree).days)))
        section = self.rng.choice(self.frame.sections)
        child = self._new_child(section, starts_on, spread=True)
        ends_on = starts_on + timedelta(days=self.rng.randint(14, 56))
        if child is None or not self._fits_ages(child.birth_on, starts_on, ends_on):
            return
        schedule = weekly_schedule(self.rng, self.frame.hours, tuple(self.open_days), Style.DAY)
        terms = [Terms(starts_on, schedule, None)]
        child.contracts.append(PlannedContract(self.frame, section, ContractKind.EMERGENCY, starts_on, ends_on, terms))
        self.children.append(child)

    def _new_child(self, section: Section, starts_on: date, *, spread: bool) -> PlannedChild | None:
        birth_on = self._birth_for(section, starts_on, spread=spread)
        if birth_on is None:
            return None
        return PlannedChild(birth_on=birth_on, home=self.frame)

    # One contract of the school year.

    def _contract(
        self, item: _Enrolled, section: Section | None, starts_on: date, schedule: tuple[Period, ...] | None = None
    ) -> _Enrolled | None:
        """The child's contract of the school year; returns what carries over when the child stays."""
        child, kind = item.child, item.kind
        ends_on, stays = self._end(child, starts_on)
        if ends_on - starts_on < timedelta(days=_MIN_CONTRACT_DAYS) or section is None:
            return None
        weeks: int | None = None
        leave = 0
        if kind == ContractKind.REGULAR:
            schedule = schedule or weekly_schedule(self.rng, self.frame.hours, item.days, item.style)
            if not schedule:
                return None
            weeks = max(40, min(47, 52 - self.closed_weeks - self.rng.choice(_LEAVE_WEEKS)))
            leave = max(0, 52 - self.closed_weeks - weeks)
            weeks = self._weeks_within(starts_on, ends_on, weeks, leave)
        terms = [Terms(starts_on, schedule or (), weeks)]
        if kind == ContractKind.REGULAR and child.cast is None and self.rng.random() < _AMENDMENT_SHARE:
            terms += self._amendment(starts_on, min(ends_on, self.on), weeks, item.style)
        contract = PlannedContract(self.frame, section, kind, starts_on, ends_on, terms, item.style)
        contract.sessions_per_week, contract.leave_weeks = item.sessions_per_week, leave
        child.contracts.append(contract)
        if len(child.contracts) == 1:
            self.children.append(child)
        return item if stays else None

    def _weeks_within(self, starts_on: date, ends_on: date, year_weeks: int, year_leave: int) -> int:
        """The weeks of attendance of a contract shorter than a year: the weeks it spans less the facility's
        closures and the family's leave over them (the leave prorated as care_attendance draws it); a
        contract never counts more weeks than it spans (rules.billing refuses it)."""
        spanned = -(-((ends_on - starts_on).days + 1) // 7)
        if spanned >= 52:
            return year_weeks
        leave = round(year_leave * min(1.0, (ends_on - starts_on).days / 365))
        return max(1, min(year_weeks, spanned - self.frame.closed_weeks(starts_on, ends_on) - leave))

    def _end(self, child: PlannedChild, starts_on: date) -> tuple[date, bool]:
        """The contract's last day, and whether the child stays into the next school year."""
        birth_on = child.birth_on
        max_age = add_months(birth_on, self.authorisation.max_age_months) - timedelta(days=1)
        to_school = self.frame.facility_type != _T.JARDIN_ENFANTS and birth_on.year <= self.year - 2
        if to_school:
            july = date(self.year + 1, 7, 1)
            ends_on, stays = _weekday_from(july + timedelta(days=self.rng.randrange(24))), False
        elif child.cast is None and self.rng.random() < _MOVE_AWAY_SHARE:
            ends_on, stays = starts_on + timedelta(days=self.rng.randint(60, 300)), False
        else:
            ends_on, stays = self.year_end, True
        if ends_on >= max_age:
            return max_age, False
        return min(ends_on, self.year_end), stays and ends_on == self.year_end

    def _amendment(self, starts_on: date, last: date, weeks: int | None, style: Style) -> list[Terms]:
        """An avenant on the 1st of a month: a new weekly schedule of three to five days."""
        first = add_months(starts_on, 2).replace(day=1)
        if first > last:
            return []
        months = (last.year - first.year) * 12 + last.month - first.month
        valid_from = add_months(first, self.rng.randint(0, months))
        days = sorted(self.rng.sample(self.open_days, self.rng.choice((3, 4, 5))))
        return [Terms(valid_from, weekly_schedule(self.rng, self.frame.hours, tuple(days), style), weeks)]

    # Ages, sections and dates.

    def _section_for(
        self, birth_on: date, starts_on: date, days: tuple[int, ...], *, full_ok: bool = False
    ) -> Section | None:
        """The section of the child's age with the most room left on the child's days (none when they are
        all full, unless ``full_ok``)."""
        age = _age_in_months(birth_on, starts_on)
        best: Section | None = None
        best_room = -1
        for section in self.frame.sections:
            if not section.min_age_months <= age < section.max_age_months:
                continue
            counts = self.counts[section.pk]
            room = min((section.places - counts[day] for day in days), default=section.places)
            if room > best_room and (room > 0 or full_ok):
                best, best_room = section, room
        if best is not None:
            for day in days:
                self.counts[best.pk][day] += 1
        return best

    def _birth_for(self, section: Section, starts_on: date, *, spread: bool) -> date | None:
        """A birth date that puts the child in ``section`` at ``starts_on``, old enough for the authorisation
        and, outside a jardin d'enfants, not yet of school age. New children are the youngest of their
        section, unless ``spread`` (the children already there when the plan begins)."""
        low = max(section.min_age_months, self.authorisation.min_age_months)
        high = section.max_age_months - 1
        if self.frame.facility_type == _T.JARDIN_ENFANTS:
            high -= 7
        else:
            high = min(high, _age_in_months(date(self.year - 2, 1, 1), starts_on))
        if high < low:
            return None
        age = self.rng.randint(low, high if spread else min(high, low + 14))
        return add_months(starts_on, -age) - timedelta(days=self.rng.randrange(27))

    def _fits_ages(self, birth_on: date, starts_on: date, ends_on: date) -> bool:
        return (
            _age_in_months(birth_on, starts_on) >= self.authorisation.min_age_months
            and _age_in_months(birth_on, ends_on) < self.authorisation.max_age_months
        )

    def _entry_on(self, rentree: date) -> date:
        if self.rng.random() >= _MID_YEAR_SHARE:
            return rentree
        latest = date(self.year + 1, 3, 31)
        return _weekday_from(rentree + timedelta(days=14 + self.rng.randrange(max(1, (latest - rentree).days - 14))))


def _weekday_from(day: date) -> date:
    """``day``, or the Monday after when it falls on a weekend."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _age_in_months(birth_on: date, on: date) -> int:
    months = (on.year - birth_on.year) * 12 + on.month - birth_on.month
    return months if add_months(birth_on, months) <= on else months - 1

"""Attendance generator: the days of every contract over the months before the reference date (the day
before it included), facility by facility, each from its own random generator.

On a contracted day the child arrives a little before or after the contracted time and leaves a little
before it; about one day in thirty the child is picked up late (after the contracted end, still within the
opening hours), and that attendance is flagged. A contracted day is instead an absence when:
- the facility is closed (its Closure rows: public holidays, annual and exceptional closures);
- the family is on leave: the weeks of the contract beyond the facility's closures (52 − closure weeks −
  attendance weeks), mostly in the school holidays (holidays.school_holidays), a block of them in summer;
- the child is ill: episodes start more often in winter, more again during a facility's epidemic weeks
  (one or two between December and February) and for babies; an episode is a run of 3 to 7 contracted days
  with a medical certificate, 1 or 2 days without, 2 to 5 days of éviction, rarely a hospitalisation;
- now and then, without reason.
Occasional contracts book sessions (mornings, afternoons or days) at their weekly rate, less in the
school holidays, while the facility has room.

Demo attendance and absences have no history rows: they are written as plain rows (COPY on PostgreSQL, see
demo/bulk.py), and their audit is the seed run itself.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import date, timedelta

from ribambelle.care.enums import AbsenceReason, ContractKind, RecordSource
from ribambelle.care.models import Absence, Attendance, Contract
from ribambelle.core.rows import Row
from ribambelle.demo.bulk import bulk_load
from ribambelle.demo.context import SeedContext
from ribambelle.demo.generators.care_plan import PlannedContract, school_year
from ribambelle.demo.generators.care_schedule import session
from ribambelle.demo.holidays import school_holidays
from ribambelle.rules.authorisation import add_months

ATTENDANCE_FIELDS = ("child", "facility", "contract", "on", "arrived_at", "left_at", "late_pickup", "source")
ABSENCE_FIELDS = ("child", "facility", "on", "reason", "source")
_DEMO = RecordSource.DEMO.value
_TIMES = tuple(f"{minute // 60:02d}:{minute % 60:02d}:00" for minute in range(24 * 60))
# Chance that an illness episode starts on a contracted day, by month, and what raises it.
_ILLNESS_START = {1: 0.03, 2: 0.027, 3: 0.018, 4: 0.012, 5: 0.009, 6: 0.006, 7: 0.0055, 8: 0.0045, 9: 0.009}
_ILLNESS_START |= {10: 0.0135, 11: 0.018, 12: 0.0285}
_EPIDEMIC_FACTOR, _BABY_FACTOR = 2.5, 1.3
# Illness episodes: share (cumulative), reason, shortest and longest run of contracted days.
_EPISODES = (
    (0.50, AbsenceReason.ILLNESS_WITH_CERTIFICATE.value, 3, 7),
    (0.86, AbsenceReason.ILLNESS_WITHOUT_CERTIFICATE.value, 1, 2),
    (0.98, AbsenceReason.EVICTION.value, 2, 5),
    (1.00, AbsenceReason.HOSPITALISATION.value, 2, 8),
)
_UNJUSTIFIED = 0.004
_LATE_PICKUP = 0.04
_HOLIDAY_BOOKING_FACTOR = 0.5
_CLOSURE = AbsenceReason.FACILITY_CLOSURE.value
_LEAVE = AbsenceReason.FAMILY_LEAVE.value
_UNJUSTIFIED_REASON = AbsenceReason.UNJUSTIFIED.value
# Weight of a week in the choice of the family's leave: summer, Christmas, other school holidays, other.
_LEAVE_WEIGHTS = {"summer": 6.0, "christmas": 4.0, "holidays": 2.0, "other": 0.3}
_FRIDAY = timedelta(days=4)


def generate(ctx: SeedContext) -> None:
    planned: list[tuple[PlannedContract, Contract]] = ctx.named["planned_contracts"]
    first, last = ctx.named["attendance_from"], ctx.on - timedelta(days=1)
    if first > last:
        return
    holidays = _holiday_weeks(first, ctx.on)
    by_frame: dict[int, list[tuple[PlannedContract, Contract]]] = {}
    for plan, contract in planned:
        by_frame.setdefault(plan.frame.index, []).append((plan, contract))
    absences: list[Row] = []
    with bulk_load(Attendance, Absence):
        with ctx.row_writer(Attendance, ATTENDANCE_FIELDS) as write:
            for index in sorted(by_frame):
                rng = random.Random(f"care-attendance:{ctx.seed}:{index}")
                days = _FacilityDays(rng, by_frame[index][0][0], first, last, holidays)
                facility_attendances, facility_absences = days.run(by_frame[index])
                write(facility_attendances)
                absences += facility_absences
        with ctx.row_writer(Absence, ABSENCE_FIELDS) as write:
            write(absences)


def _holiday_weeks(first: date, on: date) -> dict[date, str]:
    """The kind of school holiday of each Monday that begins a holiday week."""
    weeks: dict[date, str] = {}
    for year in range(school_year(first) - 1, school_year(on) + 2):
        for start, end, name in school_holidays(year):
            kind = "summer" if "été" in name else "christmas" if "Noël" in name else "holidays"
            monday = start + timedelta(days=(7 - start.weekday()) % 7)
            while monday < end:
                weeks[monday] = kind
                monday += timedelta(weeks=1)
    return weeks


class _FacilityDays:
    def __init__(
        self, rng: random.Random, sample: PlannedContract, first: date, last: date, holidays: dict[date, str]
    ) -> None:
        self.rng, self.frame, self.holidays = rng, sample.frame, holidays
        self.facility_id = self.frame.facility.pk
        span = (last - first).days + 1
        self.days = [d for d in (first + timedelta(days=n) for n in range(span)) if d.weekday() in self.frame.hours]
        epidemic = self._epidemic_days(first, last)
        # Each open day once: the date, its ISO text, its weekday, whether a closure shuts it, and the chance
        # that an illness starts then.
        self.table = [
            (
                day,
                day.isoformat(),
                day.weekday(),
                day in self.frame.closed_on,
                _ILLNESS_START[day.month] * (_EPIDEMIC_FACTOR if day in epidemic else 1.0),
            )
            for day in self.days
        ]
        # The Mondays a family may take as leave (the facility is open at least one day of the week), with
        # the weight of each in the draw, from a year before the first day to a year after the last.
        closed_on = self.frame.closed_on
        monday = first - timedelta(days=first.weekday() + 364)
        self.mondays: list[date] = []
        self.weights: list[float] = []
        while monday <= last + timedelta(days=365):
            if not all(monday + timedelta(days=n) in closed_on for n in range(5)):
                self.mondays.append(monday)
                self.weights.append(_LEAVE_WEIGHTS[holidays.get(monday, "other")])
            monday += timedelta(weeks=1)
        self.present: Counter[date] = Counter()
        self.counting = False
        self.attendances: list[Row] = []
        self.absences: list[Row] = []

    def run(self, planned: list[tuple[PlannedContract, Contract]]) -> tuple[list[Row], list[Row]]:
        occasional = [(plan, contract) for plan, contract in planned if plan.kind == ContractKind.OCCASIONAL]
        # Who is present each day matters only for the occasional sessions (the facility must have room).
        self.counting = bool(occasional)
        for plan, contract in planned:
            if plan.kind != ContractKind.OCCASIONAL:
                self._contracted(plan, contract)
        for plan, contract in occasional:
            self._sessions(plan, contract)
        return self.attendances, self.absences

    def _epidemic_days(self, first: date, last: date) -> set[date]:
        """One or two runs of 10 to 18 days between December and February, every winter."""
        days: set[date] = set()
        for year in range(first.year - 1, last.year + 1):
            winter = date(year, 12, 1)
            for _ in range(self.rng.choice((1, 2))):
                start = winter + timedelta(days=self.rng.randrange(80))
                days.update(start + timedelta(days=n) for n in range(self.rng.randint(10, 18)))
        return days

    def _slice(self, plan: PlannedContract) -> slice:
        return slice(bisect_left(self.days, plan.starts_on), bisect_right(self.days, plan.ends_on))

    def _contracted(self, plan: PlannedContract, contract: Contract) -> None:
        """The days of a regular or emergency contract (the hot loop of the seed: kept flat)."""
        random_draw, facility_id = self.rng.random, self.facility_id
        attendances, absences, present, counting = self.attendances, self.absences, self.present, self.counting
        hours = self.frame.hours
        child_id, contract_id = contract.child_id, contract.pk
        birth_on = contract.child.birth_on
        baby_until = add_months(birth_on, 18) if birth_on else date.min
        leave = self._leave(plan)
        later_terms = list(plan.terms[1:])
        periods = _by_weekday(plan.terms[0].schedule)
        next_change = later_terms[0].valid_from if later_terms else date.max
        sick_left, sick_reason = 0, ""
        for day, iso, weekday, closed, chance in self.table[self._slice(plan)]:
            if day >= next_change:
                periods = _by_weekday(later_terms.pop(0).schedule)
                next_change = later_terms[0].valid_from if later_terms else date.max
            today = periods.get(weekday)
            if not today:
                continue
            if closed:
                absences.append((child_id, facility_id, iso, _CLOSURE, _DEMO))
                continue
            if day in leave:
                absences.append((child_id, facility_id, iso, _LEAVE, _DEMO))
                continue
            if not sick_left and random_draw() < (chance * _BABY_FACTOR if day < baby_until else chance):
                sick_left, sick_reason = self._episode()
            if sick_left:
                sick_left -= 1
                absences.append((child_id, facility_id, iso, sick_reason, _DEMO))
                continue
            if random_draw() < _UNJUSTIFIED:
                absences.append((child_id, facility_id, iso, _UNJUSTIFIED_REASON, _DEMO))
                continue
            opens, closes = hours[weekday]
            last = today[-1]
            for period in today:
                start, end = period
                arrived = start - 10 + int(random_draw() * 31)
                if arrived < opens:
                    arrived = opens
                late = period is last and end < closes and random_draw() < _LATE_PICKUP
                left = min(closes, end + 5 + int(random_draw() * 26)) if late else end - int(random_draw() * 26)
                row = (child_id, facility_id, contract_id, iso, _TIMES[arrived], _TIMES[left], late, _DEMO)
                attendances.append(row)
            if counting:
                present[day] += 1

    def _episode(self) -> tuple[int, str]:
        draw = self.rng.random()
        for share, reason, shortest, longest in _EPISODES:
            if draw < share:
                return self.rng.randint(shortest, longest), reason
        raise AssertionError("the shares of illness episodes end at 1")

    def _leave(self, plan: PlannedContract) -> set[date]:
        """The weekdays of the family's leave weeks: a block in summer, then weeks drawn mostly in the school
        holidays; prorated to the length of the contract."""
        weeks = round(plan.leave_weeks * min(1.0, (plan.ends_on - plan.starts_on).days / 365))
        if weeks == 0:
            return set()
        rng = self.rng
        span = slice(bisect_left(self.mondays, plan.starts_on), bisect_right(self.mondays, plan.ends_on - _FRIDAY))
        candidates, weights = self.mondays[span], self.weights[span]
        summer = [monday for monday in candidates if self.holidays.get(monday) == "summer"]
        chosen: list[date] = []
        if summer and weeks >= 2:
            block = min(weeks - 1, rng.choice((2, 2, 3)), len(summer))
            first = rng.randrange(len(summer) - block + 1)
            chosen = summer[first : first + block]
        weights = [0.0 if monday in chosen else weight for monday, weight in zip(candidates, weights, strict=True)]
        while len(chosen) < weeks and any(weights):
            pick = rng.choices(range(len(candidates)), weights)[0]
            chosen.append(candidates[pick])
            weights[pick] = 0.0
        return {monday + timedelta(days=n) for monday in chosen for n in range(5)}

    def _sessions(self, plan: PlannedContract, contract: Contract) -> None:
        """Occasional care: sessions booked at the contract's weekly rate while the facility has room."""
        rng, frame = self.rng, self.frame
        chance = plan.sessions_per_week / 5
        room = round(frame.capacity * 0.95)
        for day, iso, weekday, closed, _illness in self.table[self._slice(plan)]:
            if weekday > 4 or closed or self.present[day] >= room:
                continue
            holiday = day - timedelta(days=weekday) in self.holidays
            if rng.random() >= chance * (_HOLIDAY_BOOKING_FACTOR if holiday else 1.0):
                continue
            times = session(rng, *frame.hours[weekday], plan.style)
            if times is None:
                continue
            arrived, left = _TIMES[times[0]], _TIMES[times[1]]
            self.attendances.append(
                (contract.child_id, self.facility_id, contract.pk, iso, arrived, left, False, _DEMO)
            )
            self.present[day] += 1


def _by_weekday(schedule: tuple[tuple[int, int, int], ...]) -> dict[int, list[tuple[int, int]]]:
    periods: dict[int, list[tuple[int, int]]] = {}
    for weekday, start, end in schedule:
        periods.setdefault(weekday, []).append((start, end))
    for day_periods in periods.values():
        day_periods.sort()
    return periods

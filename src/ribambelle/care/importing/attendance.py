"""Checking an attendance file: each row on its own (with the cells every kind shares, rows.py), then the
rows together and against what is already recorded. Everything is looked up in memory (lookups.py): no
query per row. A correct presence costs a few dictionary lookups; any other row takes the slow path, which
names every fault.

A row is a presence (arrival and departure) or an absence (a reason, translated through the mapping's
labels). A presence identical to one already recorded, or an absence with the same reason, is counted as
unchanged and not written again: the natural keys are child + facility + day + arrival for a presence and
child + facility + day for an absence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ribambelle.care.enums import AbsenceReason, AttendanceColumn
from ribambelle.care.importing.cells import DAY_MINUTES, clock
from ribambelle.care.importing.lookups import (
    ContractTerms,
    Lookups,
    load_contracts,
    recorded_absences,
    recorded_presences,
)
from ribambelle.care.importing.report import Errors
from ribambelle.care.importing.rows import Cache, Fault, RowReader
from ribambelle.care.models import ImportMapping

Column = AttendanceColumn
# child, facility, day, arrival and departure in minutes, file row (0: already recorded)
Presence = tuple[int, int, date, int, int, int]
Day = tuple[int, int, date]  # child, facility, day

# child, facility, contract, day, arrival, departure, late pickup
NewPresence = tuple[int, int, int | None, date, int, int, bool]
NewAbsence = tuple[int, int, date, str]  # child, facility, day, reason


@dataclass
class Outcome:
    """What the wet run writes, and what the file already matched."""

    presences: list[NewPresence] = field(default_factory=list)
    absences: list[NewAbsence] = field(default_factory=list)
    unchanged: int = 0
    without_contract: int = 0
    first_on: date | None = None
    last_on: date | None = None
    facility_ids: list[int] = field(default_factory=list)


class AttendanceCheck(RowReader):
    """Feed it the rows (``read``), then ``finish`` for the checks across rows."""

    label_choices = AbsenceReason
    label_noun = "motif"

    def __init__(self, *, mapping: ImportMapping, index: dict[str, int], lookups: Lookups, errors: Errors) -> None:
        super().__init__(mapping=mapping, index=index, lookups=lookups, errors=errors)
        self.presences: list[Presence] = []
        self.absences: dict[Day, tuple[str, int]] = {}
        self._days = Cache(self._read_day)
        self._on = index[Column.ON]
        self._arrived, self._left = index.get(Column.ARRIVED_AT), index.get(Column.LEFT_AT)
        self._reason = index.get(Column.ABSENCE_REASON)

    # Each row on its own ---------------------------------------------------------------------------------

    def read(self, row: int, cells: list[Any]) -> bool:
        padded = self.padded(cells)
        if padded is None:
            return False
        cells = padded
        child = self._children[self._child_key(cells)]
        facility = self._facilities[self._facility_key(cells)]
        on = self._days[cells[self._on]]
        arrived = None if self._arrived is None else self._clocks[cells[self._arrived]]
        left = None if self._left is None else self._clocks[cells[self._left]]
        reason = None if self._reason is None else self._labels[cells[self._reason]]
        if (
            child.__class__ is int
            and facility.__class__ is int
            and on.__class__ is date
            and arrived.__class__ is int
            and left.__class__ is int
            and reason is None
            and left > arrived
            and ((born := self.lookups.birth_on.get(child)) is None or on >= born)
        ):
            self.presences.append((child, facility, on, arrived, left, row))
        else:
            self._slow(row, child, facility, on, arrived, left, reason)
        return True

    def _slow(self, row: int, child: Any, facility: Any, on: Any, arrived: Any, left: Any, reason: Any) -> None:
        errors, fails = self.errors, self.errors.total
        for found in (child, facility, on):
            if isinstance(found, Fault):
                errors.add(row, found.column, found)
        if isinstance(child, int) and isinstance(on, date):
            born = self.lookups.birth_on.get(child)
            if born is not None and on < born:
                self._fail(row, Column.ON, f"l'enfant n'était pas encore né ce jour (naissance le {born:%d/%m/%Y}).")
        if (arrived is not None or left is not None) and reason is not None:
            self._fail(row, Column.ABSENCE_REASON, "une ligne est une présence ou une absence, pas les deux.")
        elif arrived is not None or left is not None:
            for value, column, missing in (
                (arrived, Column.ARRIVED_AT, "heure d'arrivée manquante."),
                (left, Column.LEFT_AT, "heure de départ manquante."),
            ):
                if value is None or isinstance(value, Fault):
                    self._fail(row, column, value or missing)
            if isinstance(arrived, int) and isinstance(left, int) and left <= arrived:
                self._fail(row, Column.LEFT_AT, f"le départ ({clock(left)}) doit suivre l'arrivée ({clock(arrived)}).")
            elif errors.total == fails:
                self.presences.append((child, facility, on, arrived, left, row))
        elif isinstance(reason, Fault):
            self._fail(row, Column.ABSENCE_REASON, reason)
        elif reason is not None:
            if errors.total == fails:
                self._absence(row, (child, facility, on), reason)
        else:
            where = Column.ARRIVED_AT if Column.ARRIVED_AT in self.index else Column.ABSENCE_REASON
            self._fail(row, where, "ni heures de présence ni motif d'absence.")

    def _absence(self, row: int, day: Day, reason: str) -> None:
        earlier = self.absences.get(day)
        if earlier is not None:
            message = f"absence en double : même enfant, même jour qu'à la ligne {earlier[1]}."
            self._fail(row, Column.ABSENCE_REASON, message)
        else:
            self.absences[day] = (reason, row)

    def _read_day(self, cell: Any) -> date | Fault:
        column = self.names[Column.ON]
        on = self._read_date(cell)
        if on is None:
            return Fault("jour manquant.", column)
        return Fault(on, column) if isinstance(on, Fault) else on

    # The rows together -----------------------------------------------------------------------------------

    def finish(self) -> Outcome:
        """Check the rows against each other and against what is recorded; the presences and absences to
        write (when no error was found anywhere)."""
        days = [p[2] for p in self.presences] + [day[2] for day in self.absences]
        if not days:
            return Outcome()
        facility_ids = sorted({p[1] for p in self.presences} | {day[1] for day in self.absences})
        first_on, last_on = min(days), max(days)
        outcome = Outcome(facility_ids=facility_ids, first_on=first_on, last_on=last_on)
        absences = recorded_absences(facility_ids=facility_ids, first_on=first_on, last_on=last_on)
        presences = recorded_presences(facility_ids=facility_ids, first_on=first_on, last_on=last_on)
        contracts = load_contracts(facility_ids=facility_ids, first_on=first_on, last_on=last_on)
        self._absences(outcome, absences, self._presences(outcome, presences, absences, contracts))
        return outcome

    def _presences(
        self,
        outcome: Outcome,
        recorded: list[Presence],
        absences: dict[Day, str],
        contracts: dict[tuple[int, int], list[ContractTerms]],
    ) -> set[Day]:
        """Walk every presence sorted by child, facility, day and arrival (recorded ones first, row 0) and
        keep the new ones with their contract and late pickup; returns the days of the file's absences that
        clash with a presence. Written for speed: a million rows go through this loop."""
        merged = self.presences + recorded
        merged.sort()
        clashing: set[Day] = set()
        new = outcome.presences
        current: Day | None = None
        pair: tuple[int, int] | None = None
        plan: list[ContractTerms] = []
        end = end_row = previous_arrived = previous_left = previous_row = 0
        recorded_absence: str | None = None
        for child, facility, on, arrived, left, row in merged:
            if current is None or on != current[2] or child != current[0] or facility != current[1]:
                current = (child, facility, on)
                end = end_row = previous_row = 0
                previous_arrived = previous_left = -1
                recorded_absence = absences.get(current)
                if current in self.absences:
                    clashing.add(current)
                    where = f"à la ligne {row}" if row else "(présence déjà enregistrée)"
                    message = f"l'enfant est présent·e ce jour {where}."
                    self._fail(self.absences[current][1], Column.ABSENCE_REASON, message)
                if pair != (child, facility):
                    pair = (child, facility)
                    plan = contracts.get(pair, [])
            if row == 0:
                end, end_row = max(end, left), 0
                previous_arrived, previous_left, previous_row = arrived, left, 0
                continue
            if arrived == previous_arrived and left == previous_left:
                if previous_row == 0:
                    outcome.unchanged += 1
                else:
                    message = f"présence en double : mêmes heures qu'à la ligne {previous_row}."
                    self._fail(row, Column.ARRIVED_AT, message)
                continue
            if arrived < end:
                until = "sans départ" if end == DAY_MINUTES else f"jusqu'à {clock(end)}"
                where = f"de la ligne {end_row}" if end_row else "déjà enregistrée"
                self._fail(row, Column.ARRIVED_AT, f"chevauche la présence {where} ({until}).")
            elif recorded_absence:
                label = AbsenceReason(recorded_absence).label.lower()
                self._fail(row, Column.ARRIVED_AT, f"une absence ({label}) est déjà enregistrée ce jour.")
            else:
                contract, late = None, False
                for pk, starts_on, ends_on, versions in plan:
                    if starts_on <= on <= ends_on:
                        contract = pk
                        for valid_from, day_ends in versions:
                            if valid_from <= on:
                                late = left > day_ends[on.weekday()]
                                break
                        break
                if contract is None:
                    outcome.without_contract += 1
                new.append((child, facility, contract, on, arrived, left, late))
            if left > end:
                end, end_row = left, row
            previous_arrived, previous_left, previous_row = arrived, left, row
        return clashing

    def _absences(self, outcome: Outcome, recorded: dict[Day, str], clashing: set[Day]) -> None:
        for day, (reason, row) in self.absences.items():
            if day in clashing:
                continue
            already = recorded.get(day)
            if already == reason:
                outcome.unchanged += 1
            elif already:
                label = AbsenceReason(already).label.lower()
                self._fail(row, Column.ABSENCE_REASON, f"une absence ({label}) est déjà enregistrée ce jour.")
            else:
                outcome.absences.append((*day, reason))

"""Reading the rows of an attendance file, each on its own.

A file repeats the same children, facilities, days and times a million times, so each distinct cell is
read once: a cache maps it to its value, to ``None`` when blank, or to a ``Fault`` (the French reason, with
the source's column). A correct presence then costs a few dictionary lookups; any other row takes the slow
path, which names every fault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from operator import itemgetter
from typing import Any

from ribambelle.care.enums import AbsenceReason, AttendanceColumn, ImportDateFormat, ImportTimeFormat
from ribambelle.care.importing.cells import clock, date_reader, fold, text, time_reader
from ribambelle.care.importing.lookups import AMBIGUOUS, Lookups
from ribambelle.care.importing.report import Errors
from ribambelle.care.models import ImportMapping
from ribambelle.care.models.imports import CHILD_IDENTITY

Column = AttendanceColumn
# child, facility, day, arrival and departure in minutes, file row (0: already recorded)
Presence = tuple[int, int, date, int, int, int]
Day = tuple[int, int, date]  # child, facility, day


class Fault(str):
    """Why a cell (or a group of cells) is wrong, in French, with the source's column(s)."""

    column: str

    def __new__(cls, message: str, column: str = "") -> Fault:
        fault = super().__new__(cls, message)
        fault.column = column
        return fault


class _Cache(dict[Any, Any]):
    """cell → what ``read`` makes of it, computed on the first miss only."""

    def __init__(self, read: Callable[[Any], Any]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, cell: Any) -> Any:
        self[cell] = value = self.read(cell)
        return value


def _blank(cell: Any) -> bool:
    return cell is None or not text(cell)


class RowReader:
    """Feed it the rows with ``read``; the correct ones gather in ``presences`` and ``absences``."""

    def __init__(self, *, mapping: ImportMapping, index: dict[Column, int], lookups: Lookups, errors: Errors) -> None:
        self.mapping, self.index, self.lookups, self.errors = mapping, index, lookups, errors
        self.names = {Column(mapped): column for column, mapped in mapping.columns.items()}
        self.width = max(index.values()) + 1
        self.presences: list[Presence] = []
        self.absences: dict[Day, tuple[str, int]] = {}
        self._day, self._minutes = date_reader(mapping.date_format), time_reader(mapping.time_format)
        self._date_example = ImportDateFormat(mapping.date_format).label
        self._time_example = ImportTimeFormat(mapping.time_format).label
        self._reason_of = {fold(label): reason for label, reason in mapping.labels.items()}
        for reason in AbsenceReason:  # our own values and labels are always understood
            self._reason_of.setdefault(fold(reason.value), reason.value)
            self._reason_of.setdefault(fold(reason.label), reason.value)
        by_id = Column.CHILD_ID in index
        child_fields = (Column.CHILD_ID,) if by_id else CHILD_IDENTITY
        self._child_key = itemgetter(*(index[f] for f in child_fields))
        self._child_column = ", ".join(self.names[f] for f in child_fields)
        self._children = _Cache(self._child_by_id if by_id else self._child_by_identity)
        facility_fields = [f for f in (Column.FACILITY_NAME, Column.FACILITY_CAF_ID) if f in index]
        self._facility_key = itemgetter(*(index[f] for f in facility_fields))
        self._facilities = _Cache(
            partial(self._facility, facility_fields[0]) if len(facility_fields) == 1 else self._facility_by_name_or_id
        )
        self._days = _Cache(self._read_day)
        self._clocks = _Cache(self._read_clock)
        self._reasons = _Cache(self._read_reason)
        self._on = index[Column.ON]
        self._arrived, self._left = index.get(Column.ARRIVED_AT), index.get(Column.LEFT_AT)
        self._reason = index.get(Column.ABSENCE_REASON)

    def read(self, row: int, cells: list[Any]) -> bool:
        """Check one row; False for a blank row, which is skipped."""
        if len(cells) < self.width:
            cells = [*cells, *[None] * (self.width - len(cells))]
        if not any(cells):
            return False
        child = self._children[self._child_key(cells)]
        facility = self._facilities[self._facility_key(cells)]
        on = self._days[cells[self._on]]
        arrived = None if self._arrived is None else self._clocks[cells[self._arrived]]
        left = None if self._left is None else self._clocks[cells[self._left]]
        reason = None if self._reason is None else self._reasons[cells[self._reason]]
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

    def _fail(self, row: int, column: Column, message: str) -> None:
        self.errors.add(row, self.names[column], message)

    def _absence(self, row: int, day: Day, reason: str) -> None:
        earlier = self.absences.get(day)
        if earlier is not None:
            message = f"absence en double : même enfant, même jour qu'à la ligne {earlier[1]}."
            self._fail(row, Column.ABSENCE_REASON, message)
        else:
            self.absences[day] = (reason, row)

    # Reading a distinct cell, once -----------------------------------------------------------------------

    def _child_by_id(self, cell: Any) -> int | Fault:
        if _blank(cell):
            return Fault("identifiant de l'enfant manquant.", self._child_column)
        pk = self.lookups.child_by_id.get(text(cell))
        if pk is None:
            return Fault(f"« {text(cell)} » : aucun enfant de l'organisation n'a cet identifiant.", self._child_column)
        return pk

    def _child_by_identity(self, cells: tuple[Any, Any, Any]) -> int | Fault:
        reference, first_name, birth_cell = cells
        if _blank(reference) or _blank(first_name) or _blank(birth_cell):
            message = "n° de dossier, prénom et date de naissance de l'enfant sont tous trois nécessaires."
            return Fault(message, self._child_column)
        birth = self._day(birth_cell)
        if birth is None:
            message = f"date de naissance « {text(birth_cell)} » illisible (format attendu : {self._date_example})."
            return Fault(message, self._child_column)
        pk = self.lookups.child_by_identity.get((fold(text(reference)), fold(text(first_name)), birth))
        who = f"dossier « {text(reference)} », prénom « {text(first_name)} », né·e le {birth:%d/%m/%Y}"
        if pk is None:
            return Fault(f"aucun enfant ne correspond ({who}).", self._child_column)
        if pk == AMBIGUOUS:
            return Fault(f"plusieurs enfants correspondent ({who}).", self._child_column)
        return pk

    def _facility(self, column: Column, cell: Any) -> int | Fault:
        name = self.names[column]
        if _blank(cell):
            return Fault("établissement manquant.", name)
        if column == Column.FACILITY_NAME:
            pk = self.lookups.facility_by_name.get(fold(text(cell)))
            missing = "aucun établissement de votre périmètre ne porte ce nom."
        else:
            pk = self.lookups.facility_by_caf_id.get(fold(text(cell)))
            missing = "aucun établissement de votre périmètre n'a cet identifiant IDEQU."
        if pk is None:
            return Fault(f"« {text(cell)} » : {missing}", name)
        if pk == AMBIGUOUS:
            message = f"« {text(cell)} » : plusieurs établissements ont cet identifiant IDEQU ; utilisez leur nom."
            return Fault(message, name)
        return pk

    def _facility_by_name_or_id(self, cells: tuple[Any, Any]) -> int | Fault:
        """Both columns mapped: the name when the row has one, the IDEQU otherwise."""
        name, caf_id = cells
        if _blank(name):
            return self._facility(Column.FACILITY_CAF_ID, caf_id)
        return self._facility(Column.FACILITY_NAME, name)

    def _read_day(self, cell: Any) -> date | Fault:
        column = self.names[Column.ON]
        if _blank(cell):
            return Fault("jour manquant.", column)
        on = self._day(cell)
        return on or Fault(f"« {text(cell)} » n'est pas une date au format {self._date_example}.", column)

    def _read_clock(self, cell: Any) -> int | Fault | None:
        if _blank(cell):
            return None
        minutes = self._minutes(cell)
        if minutes is None:
            return Fault(f"« {text(cell)} » n'est pas une heure au format {self._time_example}.")
        return minutes

    def _read_reason(self, cell: Any) -> str | Fault | None:
        if _blank(cell):
            return None
        reason = self._reason_of.get(fold(text(cell)))
        if reason is None:
            return Fault(f"motif « {text(cell)} » absent de la correspondance « {self.mapping.source} ».")
        return reason

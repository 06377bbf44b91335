"""Reading the rows of a file from another crèche software, each on its own: the cells every kind of file
shares (the child, the facility, dates, times, the source's labels). Each kind reads the rest of its row
(attendance.py, contracts.py).

A file repeats the same children, facilities, days and times many times, so each distinct cell is read
once: a cache maps it to its value, to ``None`` when blank, or to a ``Fault`` (the French reason, with the
source's column when it is known).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from operator import itemgetter
from typing import Any, ClassVar, NamedTuple

from django.db import models

from ribambelle.care.enums import AttendanceColumn, ImportDateFormat, ImportTimeFormat
from ribambelle.care.importing.cells import date_reader, fold, text, time_reader
from ribambelle.care.importing.lookups import AMBIGUOUS, Lookups
from ribambelle.care.importing.report import Errors
from ribambelle.care.models import ImportMapping
from ribambelle.care.models.imports import CHILD_IDENTITY

# The fields every kind shares have the same values in each kind's columns (AttendanceColumn,
# ContractColumn): they are named here through the first.
Shared = AttendanceColumn


class Fault(str):
    """Why a cell (or a group of cells) is wrong, in French, with the source's column(s)."""

    column: str

    def __new__(cls, message: str, column: str = "") -> Fault:
        fault = super().__new__(cls, message)
        fault.column = column
        return fault


class Identity(NamedTuple):
    """A child named without our id: the dossier number and first name as written, and the birth date."""

    reference: str
    first_name: str
    birth_on: date

    def __str__(self) -> str:
        return f"dossier « {self.reference} », prénom « {self.first_name} », né·e le {self.birth_on:%d/%m/%Y}"

    @property
    def key(self) -> tuple[str, str, date]:
        """How the lookups know the child: without case or accents."""
        return fold(self.reference), fold(self.first_name), self.birth_on


class Cache(dict[Any, Any]):
    """cell → what ``read`` makes of it, computed on the first miss only."""

    def __init__(self, read: Callable[[Any], Any]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, cell: Any) -> Any:
        self[cell] = value = self.read(cell)
        return value


def blank(cell: Any) -> bool:
    return cell is None or not text(cell)


class RowReader:
    """The cells every kind of file shares. A subclass names the values its labels translate to
    (``label_choices``, our own values and French labels being always understood) and reads its rows."""

    label_choices: ClassVar[type[models.TextChoices]]
    label_noun: ClassVar[str]  # what a label is, for the message when the mapping lacks it

    def __init__(self, *, mapping: ImportMapping, index: dict[str, int], lookups: Lookups, errors: Errors) -> None:
        self.mapping, self.index, self.lookups, self.errors = mapping, index, lookups, errors
        self.names: dict[str, str] = {mapped: column for column, mapped in mapping.columns.items()}
        self.width = max(index.values()) + 1
        self._day, self._minutes = date_reader(mapping.date_format), time_reader(mapping.time_format)
        self._date_example = ImportDateFormat(mapping.date_format).label
        self._time_example = ImportTimeFormat(mapping.time_format).label
        self._value_of = {fold(label): value for label, value in mapping.labels.items()}
        for choice in self.label_choices:
            self._value_of.setdefault(fold(choice.value), choice.value)
            self._value_of.setdefault(fold(choice.label), choice.value)
        by_id = Shared.CHILD_ID in index
        child_fields = (Shared.CHILD_ID,) if by_id else CHILD_IDENTITY
        self._child_key = itemgetter(*(index[f] for f in child_fields))
        self.child_column = ", ".join(self.names[f] for f in child_fields)
        self._children = Cache(self._child_by_id if by_id else self._child_by_identity)
        facility_fields = [f for f in (Shared.FACILITY_NAME, Shared.FACILITY_CAF_ID) if f in index]
        self._facility_key = itemgetter(*(index[f] for f in facility_fields))
        self.facility_column = ", ".join(self.names[f] for f in facility_fields)
        self._facilities = Cache(
            partial(self._facility, facility_fields[0]) if len(facility_fields) == 1 else self._facility_by_name_or_id
        )
        self._dates = Cache(self._read_date)
        self._clocks = Cache(self._read_clock)
        self._labels = Cache(self._read_label)

    def read(self, row: int, cells: list[Any]) -> bool:
        """Check one row (numbered as in the file); False for a blank row, which is skipped."""
        raise NotImplementedError

    def padded(self, cells: list[Any]) -> list[Any] | None:
        """The row's cells, as many as the mapped columns need; None for a blank row, which is skipped."""
        if len(cells) < self.width:
            cells = [*cells, *[None] * (self.width - len(cells))]
        return cells if any(cells) else None

    def _fail(self, row: int, field: str, message: str) -> None:
        self.errors.add(row, self.names.get(field, ""), message)

    # Reading a distinct cell, once -----------------------------------------------------------------------

    def _child_by_id(self, cell: Any) -> int | Fault:
        if blank(cell):
            return Fault("identifiant de l'enfant manquant.", self.child_column)
        pk = self.lookups.child_by_id.get(text(cell))
        if pk is None:
            return Fault(f"« {text(cell)} » : aucun enfant de l'organisation n'a cet identifiant.", self.child_column)
        return pk

    def _child_by_identity(self, cells: tuple[Any, Any, Any]) -> Any:
        reference, first_name, birth_cell = cells
        if blank(reference) or blank(first_name) or blank(birth_cell):
            message = "n° de dossier, prénom et date de naissance de l'enfant sont tous trois nécessaires."
            return Fault(message, self.child_column)
        birth = self._day(birth_cell)
        if birth is None:
            message = f"date de naissance « {text(birth_cell)} » illisible (format attendu : {self._date_example})."
            return Fault(message, self.child_column)
        identity = Identity(text(reference), text(first_name), birth)
        pk = self.lookups.child_by_identity.get(identity.key)
        if pk == AMBIGUOUS:
            return Fault(f"plusieurs enfants correspondent ({identity}).", self.child_column)
        return self._unknown_child(identity) if pk is None else pk

    def _unknown_child(self, identity: Identity) -> Any:
        """What a child the lookups do not know is: a fault here; a contract file creates it."""
        return Fault(f"aucun enfant ne correspond ({identity}).", self.child_column)

    def _facility(self, column: str, cell: Any) -> int | Fault:
        name = self.names[column]
        if blank(cell):
            return Fault("établissement manquant.", name)
        if column == Shared.FACILITY_NAME:
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
        if blank(name):
            return self._facility(Shared.FACILITY_CAF_ID, caf_id)
        return self._facility(Shared.FACILITY_NAME, name)

    def _read_date(self, cell: Any) -> date | Fault | None:
        if blank(cell):
            return None
        on = self._day(cell)
        return on or Fault(f"« {text(cell)} » n'est pas une date au format {self._date_example}.")

    def _read_clock(self, cell: Any) -> int | Fault | None:
        if blank(cell):
            return None
        minutes = self._minutes(cell)
        if minutes is None:
            return Fault(f"« {text(cell)} » n'est pas une heure au format {self._time_example}.")
        return minutes

    def _read_label(self, cell: Any) -> str | Fault | None:
        if blank(cell):
            return None
        value = self._value_of.get(fold(text(cell)))
        if value is None:
            return Fault(f"{self.label_noun} « {text(cell)} » absent de la correspondance « {self.mapping.source} ».")
        return value

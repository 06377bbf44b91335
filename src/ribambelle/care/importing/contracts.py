"""Reading the rows of a contract file, each on its own (with the cells every kind shares, rows.py): the child
(known, or to create with its family), the facility, the contract's kind, span, weeks and weekly schedule,
and the family's situation. A row whose every cell reads becomes a ``ContractRow``; the rules of a contract
are the services' (care.services.contract_imports writes the rows through them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ribambelle.care.enums import WEEKDAY_COLUMNS, ContractColumn, ContractKind
from ribambelle.care.importing.cells import amount, count, text
from ribambelle.care.importing.lookups import Lookups
from ribambelle.care.importing.report import Errors
from ribambelle.care.importing.rows import Cache, Fault, Identity, RowReader, blank
from ribambelle.care.models import ImportMapping

Column = ContractColumn
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
# The cells a family or a child Ribambelle does not know yet is created from, when the mapping has them.
IDENTITY_COLUMNS = (
    Column.CHILD_LAST_NAME,
    Column.PARENT_LAST_NAME,
    Column.PARENT_FIRST_NAME,
    Column.ADDRESS,
    Column.POSTCODE,
    Column.CITY,
)


@dataclass(frozen=True)
class ContractRow:
    """A row whose cells all read: a contract, with the child it is for (our id, or the identity of a child to
    find or create) and the family's situation at its start."""

    row: int
    child: int | Identity
    facility: int
    kind: ContractKind
    starts_on: date
    ends_on: date
    attendance_weeks: int | None
    schedule: tuple[tuple[int, int, int], ...]  # weekday (0: Monday), arrival, departure in minutes
    monthly_resources: Decimal
    dependent_children: int
    aeeh_children: int | None  # None when the file does not say
    identity: dict[str, str]  # the IDENTITY_COLUMNS the mapping has: field → cell as written


class ContractReader(RowReader):
    """Feed it the rows (``read``); the rows whose cells all read gather in ``rows``."""

    label_choices = ContractKind
    label_noun = "type d'accueil"

    def __init__(self, *, mapping: ImportMapping, index: dict[str, int], lookups: Lookups, errors: Errors) -> None:
        super().__init__(mapping=mapping, index=index, lookups=lookups, errors=errors)
        self.rows: list[ContractRow] = []
        self._amounts = Cache(self._read_amount)
        self._counts = Cache(self._read_count)

    def read(self, row: int, cells: list[Any]) -> bool:
        padded = self.padded(cells)
        if padded is None:
            return False
        cells, fails = padded, self.errors.total
        child = self._children[self._child_key(cells)]
        facility = self._facilities[self._facility_key(cells)]
        for found in (child, facility):
            if isinstance(found, Fault):
                self.errors.add(row, found.column, found)
        kind = self._cell(row, cells, Column.KIND, self._labels, "type d'accueil manquant.")
        starts_on = self._cell(row, cells, Column.STARTS_ON, self._dates, "début du contrat manquant.")
        ends_on = self._cell(row, cells, Column.ENDS_ON, self._dates, "fin du contrat manquante.")
        weeks = self._cell(row, cells, Column.ATTENDANCE_WEEKS, self._counts)
        resources = self._cell(row, cells, Column.MONTHLY_RESOURCES, self._amounts, "ressources mensuelles manquantes.")
        dependent = self._cell(
            row, cells, Column.DEPENDENT_CHILDREN, self._counts, "nombre d'enfants à charge manquant."
        )
        aeeh = self._cell(row, cells, Column.AEEH_CHILDREN, self._counts)
        schedule = self._schedule(row, cells)
        if self.errors.total == fails:
            identity = {field: text(cells[self.index[field]]) for field in IDENTITY_COLUMNS if field in self.index}
            self.rows.append(
                ContractRow(
                    row=row,
                    child=child,
                    facility=facility,
                    kind=ContractKind(kind),
                    starts_on=starts_on,
                    ends_on=ends_on,
                    attendance_weeks=weeks,
                    schedule=schedule,
                    monthly_resources=resources,
                    dependent_children=dependent,
                    aeeh_children=aeeh,
                    identity=identity,
                )
            )
        return True

    def _cell(self, row: int, cells: list[Any], field: str, cache: Cache, missing: str = "") -> Any:
        """One mapped cell read through its cache: its value, or None (with the error added) when it is faulty,
        or blank and required (``missing`` says why). A field the mapping lacks reads None."""
        if field not in self.index:
            return None
        value = cache[cells[self.index[field]]]
        if isinstance(value, Fault) or (value is None and missing):
            self._fail(row, field, value or missing)
            return None
        return value

    def _schedule(self, row: int, cells: list[Any]) -> tuple[tuple[int, int, int], ...]:
        """One period per weekday whose arrival and departure are both given; both empty: not that day."""
        periods = []
        for weekday, (start_field, end_field) in enumerate(WEEKDAY_COLUMNS):
            if start_field not in self.index:
                continue
            start = self._clocks[cells[self.index[start_field]]]
            end = self._clocks[cells[self.index[end_field]]]
            if start is None and end is None:
                continue
            day = _WEEKDAYS[weekday]
            for value, field, missing in (
                (start, start_field, f"heure d'arrivée du {day} manquante."),
                (end, end_field, f"heure de départ du {day} manquante."),
            ):
                if value is None or isinstance(value, Fault):
                    self._fail(row, field, value or missing)
            if isinstance(start, int) and isinstance(end, int):
                periods.append((weekday, start, end))
        return tuple(periods)

    def _unknown_child(self, identity: Identity) -> Identity:
        return identity  # created with its family (contract_writing.py)

    def _read_amount(self, cell: Any) -> Decimal | Fault | None:
        if blank(cell):
            return None
        value = amount(cell)
        return Fault(f"« {text(cell)} » n'est pas un montant (par exemple 2 500,00).") if value is None else value

    def _read_count(self, cell: Any) -> int | Fault | None:
        if blank(cell):
            return None
        value = count(cell)
        return Fault(f"« {text(cell)} » n'est pas un nombre entier.") if value is None else value

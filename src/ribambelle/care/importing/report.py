"""The report of an import: what the file holds, what would be (or was) written, and each faulty row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The report lists the first errors only; a file with more has a wrong mapping rather than wrong rows.
MAX_LISTED_ERRORS = 1000
FILE_ROW = 1  # the header: errors about the whole file point at it


@dataclass(frozen=True)
class RowError:
    """One fault: the file's row number (the header is row 1), the source's column and the reason."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Errors:
    """Collects errors, keeping the first MAX_LISTED_ERRORS and counting them all."""

    listed: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.listed) < MAX_LISTED_ERRORS:
            self.listed.append(RowError(row, column, message))

    def sorted(self) -> list[RowError]:
        return sorted(self.listed, key=lambda error: error.row)


@dataclass
class ImportReport:
    """What a file holds and what would be (or was) written: presences and absences for an attendance file,
    contracts, families and children for a contract file."""

    kind: str
    file_name: str
    sha256: str
    source: str
    encoding: str = ""
    rows: int = 0
    presences: int = 0
    absences: int = 0
    contracts: int = 0
    families: int = 0
    children: int = 0
    unchanged: int = 0
    without_contract: int = 0
    first_on: date | None = None
    last_on: date | None = None
    facility_ids: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    errors_total: int = 0
    committed: bool = False
    batch_id: int | None = None
    already_imported: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.errors_total == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "source": self.source,
            "encoding": self.encoding,
            "rows": self.rows,
            "presences": self.presences,
            "absences": self.absences,
            "contracts": self.contracts,
            "families": self.families,
            "children": self.children,
            "unchanged": self.unchanged,
            "without_contract": self.without_contract,
            "first_on": self.first_on.isoformat() if self.first_on else None,
            "last_on": self.last_on.isoformat() if self.last_on else None,
            "facility_ids": self.facility_ids,
            "errors": [error.as_dict() for error in self.errors],
            "errors_total": self.errors_total,
            "errors_unlisted": self.errors_total - len(self.errors),
            "committed": self.committed,
            "batch_id": self.batch_id,
            "already_imported": self.already_imported,
        }

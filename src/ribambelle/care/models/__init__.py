"""Care: contracts with their dated versions (avenants), attendance and absences."""

from __future__ import annotations

from ribambelle.care.models.attendance import Absence, Attendance
from ribambelle.care.models.contract import Contract, ContractVersion
from ribambelle.care.models.imports import ImportBatch, ImportMapping

__all__ = ["Absence", "Attendance", "Contract", "ContractVersion", "ImportBatch", "ImportMapping"]

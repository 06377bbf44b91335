"""Writes of the care app: contracts and their versions, attendance and absences, imports."""

from __future__ import annotations

from ribambelle.care.enums import ImportKind
from ribambelle.care.services.attendance import (
    absence_cancel,
    absence_record,
    attendance_arrive,
    attendance_correct,
    attendance_delete,
    attendance_leave,
)
from ribambelle.care.services.contract_imports import contract_import
from ribambelle.care.services.contracts import (
    REFUSALS,
    SchedulePeriod,
    contract_amend,
    contract_cancel,
    contract_create,
    contract_sign,
    family_situation_change,
)
from ribambelle.care.services.fee_scale import RescaleReport, contract_fees_rescale
from ribambelle.care.services.imports import (
    attendance_import,
    import_mapping_save,
    import_upload_discard,
    import_upload_read,
    import_upload_store,
)

# The import of each kind of file: the same arguments, the same report.
IMPORTS = {ImportKind.ATTENDANCE: attendance_import, ImportKind.CONTRACTS: contract_import}

__all__ = [
    "IMPORTS",
    "REFUSALS",
    "RescaleReport",
    "SchedulePeriod",
    "absence_cancel",
    "absence_record",
    "attendance_arrive",
    "attendance_correct",
    "attendance_delete",
    "attendance_import",
    "attendance_leave",
    "contract_amend",
    "contract_cancel",
    "contract_create",
    "contract_fees_rescale",
    "contract_import",
    "contract_sign",
    "family_situation_change",
    "import_mapping_save",
    "import_upload_discard",
    "import_upload_read",
    "import_upload_store",
]

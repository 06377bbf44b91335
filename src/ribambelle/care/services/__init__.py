"""Writes of the care app: contracts and their versions, attendance and absences."""

from __future__ import annotations

from ribambelle.care.services.attendance import (
    absence_cancel,
    absence_record,
    attendance_arrive,
    attendance_correct,
    attendance_delete,
    attendance_leave,
)
from ribambelle.care.services.contracts import (
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

__all__ = [
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
    "contract_sign",
    "family_situation_change",
    "import_mapping_save",
    "import_upload_discard",
    "import_upload_read",
    "import_upload_store",
]

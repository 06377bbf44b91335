"""Acceptance-case adapters for capacity categories."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.rules import FacilityKind, ParameterSet, facility_category


def _category(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    result = facility_category(params, kind=FacilityKind(data["kind"]), capacity=data["capacity"], on=on)
    return {"category": result.category.value, "label": result.label}


RULES = {"capacity.facility_category": _category}

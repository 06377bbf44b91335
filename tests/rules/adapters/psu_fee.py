"""Acceptance-case adapters for the PSU family hourly fee."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ribambelle.rules import ParameterSet
from ribambelle.rules.fees import care_mode, emergency_hourly_fee, exact_text, hourly_fee


def _hourly_fee(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    fee = hourly_fee(
        params,
        monthly_resources=Decimal(data["monthly_resources"]),
        dependent_children=data["dependent_children"],
        on=on,
        mode=care_mode(data.get("mode", "collective")),
        aeeh_children=data.get("aeeh_children", 0),
        ase_placement=data.get("ase_placement", False),
    ).as_dict()
    return {key: fee[key] for key in ("resources_used", "effort_rate", "hourly_rate_exact", "hourly_rate")}


def _emergency_fee(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    average = data.get("previous_year_average")
    fee = emergency_hourly_fee(
        params,
        on=on,
        method=data["method"],
        previous_year_average=None if average is None else Decimal(average),
        dependent_children=data.get("dependent_children", 1),
        mode=care_mode(data.get("mode", "collective")),
    )
    return {"hourly_rate_exact": exact_text(fee.hourly_rate_exact), "hourly_rate": f"{fee.hourly_rate:f}"}


RULES = {"psu.hourly_fee": _hourly_fee, "psu.emergency_fee": _emergency_fee}

"""Acceptance-case adapters for the staff required at a moment and the monthly share of diplômés."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.rules import FacilityKind, ParameterSet
from ribambelle.rules.choices import Decided, RuleChoices
from ribambelle.rules.qualification import Qualification, StaffMonth, qualification_share
from ribambelle.rules.staffing import kindergarten_required_staff, required_staff


def _required_staff(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    decided = {
        key: Decided(data[name], "cas de recette")
        for key, name in (("ratio.option", "option"), ("ratio.rounding", "rounding"))
        if name in data
    }
    kind = FacilityKind(data["kind"])
    common: dict[str, Any] = {"capacity": data["capacity"], "outing": data.get("outing", False), "on": on}
    if kind is FacilityKind.KINDERGARTEN:
        result = kindergarten_required_staff(
            params,
            RuleChoices(decided),
            under_three=data["under_three"],
            three_and_over=data["three_and_over"],
            **common,
        )
    else:
        result = required_staff(
            params, RuleChoices(decided), kind=kind, non_walkers=data["non_walkers"], walkers=data["walkers"], **common
        )
    return {"required_staff": result.required_staff, "required_qualified": result.required_qualified}


def _qualification_share(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    result = qualification_share(
        params,
        kind=FacilityKind(data["kind"]),
        capacity=data["capacity"],
        staff=[StaffMonth(Qualification(row["qualification"]), row["minutes"]) for row in data["staff"]],
        reference_minutes=data["reference_minutes"],
        on=on,
    )
    return {"share": f"{result.share:f}", "shortfall_minutes": result.shortfall_minutes, "compliant": result.compliant}


RULES = {"ratio.required_staff": _required_staff, "staff.qualification_share": _qualification_share}

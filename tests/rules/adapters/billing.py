"""Acceptance-case adapters for the bill of a regular contract; inputs use the JSON schema of
`ribambelle bill` (docs/rules/billing.md), the month being the case's date."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ribambelle.rules.billing import mensualisation, month_bill, round_minutes
from ribambelle.rules.billing_io import bill_request, contract_from_json, rounding_choice
from ribambelle.rules.parameters import ParameterSet


def _as_json(data: dict[str, Any]) -> Any:
    """YAML reads dates as dates; the command reads JSON strings."""
    return json.loads(json.dumps(data, default=str))


def _rounding(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    return {"minutes": round_minutes(data["minutes"], data["rule"])}


def _monthly(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    rule = rounding_choice(data["rounding"]).get("billing.rounding")
    result = mensualisation(contract_from_json(_as_json(data["contract"])), rule)
    return {"weekly_minutes": result.weekly_minutes, "months": result.months, "monthly_minutes": result.monthly_minutes}


def _month(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    request = bill_request(_as_json({"month": f"{on:%Y-%m}", **data}))
    bill = month_bill(
        params,
        contract=request.contract,
        month=request.month,
        attendance=request.attendance,
        absences=request.absences,
        choices=request.choices,
    )
    return {
        "contracted_minutes": bill.contracted_minutes,
        "deducted_minutes": bill.deducted_minutes,
        "extra_minutes": bill.extra_minutes,
        "billed_minutes": bill.billed_minutes,
        "attended_minutes": bill.attended_minutes,
        "amount": f"{bill.amount:f}",
        "deductions": [{"date": d.on, "reason": d.reason.value, "minutes": d.minutes} for d in bill.deductions],
    }


RULES = {"billing.rounding": _rounding, "billing.monthly_minutes": _monthly, "billing.month": _month}

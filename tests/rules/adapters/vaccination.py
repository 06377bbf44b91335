"""Acceptance-case adapters for the mandatory vaccinations at admission."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.rules import ParameterSet
from ribambelle.rules.vaccination import Vaccine, vaccination_status


def _required(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    result = vaccination_status(
        params,
        born_on=data["born_on"],
        admitted_on=data["admitted_on"],
        done=[Vaccine(code) for code in data.get("done", [])],
        exempt=[Vaccine(code) for code in data.get("exempt", [])],
        on=on,
    )
    return {
        "required": [v.value for v in result.required],
        "missing": [v.value for v in result.missing],
        "admission": result.admission.value,
        "deadline_on": result.deadline_on,
    }


RULES = {"vaccination.required": _required}

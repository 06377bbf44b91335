"""Runs every acceptance case of tests/rules/cases/*.yaml; money and dates are compared exactly.

The date of a case is `date:`, not `on:`, which YAML 1.1 (PyYAML) reads as the boolean true.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ribambelle.rules import (
    FacilityKind,
    ParameterSet,
    authorisation_expiry,
    facility_category,
    load_parameters,
    organising_authority_duties,
    renewal_status,
)

CASES_DIR = Path(__file__).parent / "cases"


def _category(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    result = facility_category(params, kind=FacilityKind(data["kind"]), capacity=data["capacity"], on=on)
    return {"category": result.category.value, "label": result.label}


def _expiry(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    return {"expires_on": authorisation_expiry(params, decided_on=data["decided_on"])}


def _renewal(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    renewal = renewal_status(params, expires_on=data["expires_on"], on=on)
    return {
        "status": renewal.status.value,
        "window_opens_on": renewal.window_opens_on,
        "deadline_on": renewal.deadline_on,
    }


def _duties(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    duties = organising_authority_duties(params, population=data["population"], on=on)
    return {duty.code: duty.applies for duty in duties}


RULES: dict[str, Callable[[ParameterSet, date, dict[str, Any]], dict[str, Any]]] = {
    "capacity.facility_category": _category,
    "authorisation.expiry": _expiry,
    "authorisation.renewal": _renewal,
    "sppe.duties": _duties,
}


def _cases() -> list[Any]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=case["name"]))
    return cases


@pytest.mark.smoke
@pytest.mark.parametrize("case", _cases())
def test_acceptance_case(case):
    rule = RULES[case["rule"]]

    result = rule(load_parameters(), case["date"], case["input"])

    assert result == case["expect"]

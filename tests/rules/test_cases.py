"""Runs every acceptance case of tests/rules/cases/*.yaml; money and dates are compared exactly.

A case names its rule; the adapter that feeds the rule from the case's `input` lives in
tests/rules/adapters/<topic>.py (a `RULES` mapping). The date of a case is `date:`, not `on:`, which
YAML 1.1 (PyYAML) reads as the boolean true.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ribambelle.rules import load_parameters
from tests.rules import adapters

CASES_DIR = Path(__file__).parent / "cases"


def _rules() -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for module in pkgutil.iter_modules(adapters.__path__):
        rules |= importlib.import_module(f"{adapters.__name__}.{module.name}").RULES
    return rules


RULES = _rules()


def _cases() -> list[Any]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


@pytest.mark.smoke
@pytest.mark.parametrize("case", _cases())
def test_acceptance_case(case):
    rule = RULES[case["rule"]]

    result = rule(load_parameters(), case["date"], case["input"])

    assert result == case["expect"]

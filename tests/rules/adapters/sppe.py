"""Acceptance-case adapters for the duties of the autorité organisatrice."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.rules import ParameterSet, organising_authority_duties


def _duties(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    duties = organising_authority_duties(params, population=data["population"], on=on)
    return {duty.code: duty.applies for duty in duties}


RULES = {"sppe.duties": _duties}

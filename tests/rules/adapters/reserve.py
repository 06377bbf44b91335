"""Acceptance-case adapters for the places reserved to L214-7 applicants."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.rules import ParameterSet
from ribambelle.rules.reserve import l214_7_reserved_places


def _reserved(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    return {"reserved": l214_7_reserved_places(params, places=data["places"], on=on)}


RULES = {"allocation.l214_7_reserved_places": _reserved}

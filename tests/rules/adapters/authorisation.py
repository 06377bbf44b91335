"""Acceptance-case adapters for PMI authorisations."""

from __future__ import annotations

from datetime import date
from typing import Any

from ribambelle.rules import ParameterSet, authorisation_expiry, renewal_status


def _expiry(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    return {"expires_on": authorisation_expiry(params, decided_on=data["decided_on"])}


def _renewal(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    renewal = renewal_status(params, expires_on=data["expires_on"], on=on)
    return {
        "status": renewal.status.value,
        "window_opens_on": renewal.window_opens_on,
        "deadline_on": renewal.deadline_on,
    }


RULES = {"authorisation.expiry": _expiry, "authorisation.renewal": _renewal}

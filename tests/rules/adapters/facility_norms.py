"""Acceptance-case adapters for surnombre, surface, direction, référent santé and analyse des pratiques."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ribambelle.rules import FacilityKind, ParameterSet
from ribambelle.rules.facility_norms import (
    PracticeSession,
    direction_time,
    minimum_surface,
    overcapacity,
    practice_analysis,
    referent_health_time,
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _overcapacity(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    result = overcapacity(
        params,
        kind=FacilityKind(data.get("kind", "collective")),
        capacity=data["capacity"],
        present=data["present"],
        weekly_child_minutes=data["weekly_child_minutes"],
        weekly_opening_minutes=data["weekly_opening_minutes"],
        on=on,
    )
    return {
        "instant_limit": result.instant_limit,
        "instant_ok": result.instant_ok,
        "weekly_limit_minutes": result.weekly_limit_minutes,
        "weekly_occupancy": f"{result.weekly_occupancy:f}",
        "weekly_ok": result.weekly_ok,
    }


def _surface(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    result = minimum_surface(
        params,
        kind=FacilityKind(data.get("kind", "collective")),
        capacity=data["capacity"],
        dense_zone=data["dense_zone"],
        outdoor_m2=Decimal(data.get("outdoor_m2", "0")),
        extra_indoor_m2=Decimal(data.get("extra_indoor_m2", "0")),
        outdoor_activities_nearby=data.get("outdoor_activities_nearby", False),
        on=on,
    )
    return {
        "m2_per_place": _text(result.m2_per_place),
        "minimum_indoor_m2": _text(result.minimum_indoor_m2),
        "outdoor_required_m2": _text(result.outdoor_required_m2),
        "outdoor_ok": result.outdoor_ok,
    }


def _direction(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    result = direction_time(params, kind=FacilityKind(data.get("kind", "collective")), capacity=data["capacity"], on=on)
    return {
        "function": result.function,
        "fte": _text(result.fte),
        "deputy_fte": _text(result.deputy_fte),
        "max_facilities_per_director": result.max_facilities_per_director,
    }


def _referent(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    result = referent_health_time(params, kind=FacilityKind(data["kind"]), capacity=data["capacity"], on=on)
    return {
        "yearly_minutes": result.yearly_minutes,
        "quarterly_minutes": result.quarterly_minutes,
        "paramedical_fte": _text(result.paramedical_fte),
    }


def _practice(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    sessions = [
        PracticeSession(row["held_on"], row["minutes"], row.get("participants", 10)) for row in data["sessions"]
    ]
    result = practice_analysis(params, year=data["year"], sessions=sessions, on=on)
    return {
        "minutes": result.minutes,
        "status": result.status.value,
        "periods": [period.status.value for period in result.periods],
        "oversized_sessions": len(result.oversized_sessions),
    }


RULES = {
    "capacity.overcapacity": _overcapacity,
    "surface.minimum": _surface,
    "direction.time": _direction,
    "health.referent_hours": _referent,
    "practice.analysis": _practice,
}

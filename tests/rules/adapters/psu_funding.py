"""Acceptance-case adapters for the PSU amount estimate and its bonuses. The € prix plafonds are not in
the repository: a case enters them as an administrator would (`entered`: key → date → value)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ribambelle.rules.parameters import ParameterSet, ParameterValue, Reference
from ribambelle.rules.psu_funding import (
    Bonus,
    Sector,
    attractiveness_bonus,
    inclusion_bonus,
    price_cap,
    psu_amount,
    social_mix_bonus,
)


def _entered(params: ParameterSet, data: dict[str, Any]) -> ParameterSet:
    entries = [
        ParameterValue(key, effective_on, Decimal(value), Reference("Saisie locale fictive"), True, True)
        for key, values in data.get("entered", {}).items()
        for effective_on, value in values.items()
    ]
    return params.with_entries(entries)


def _price_cap(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    cap = price_cap(_entered(params, data), billing_rate=Decimal(data["billing_rate"]), on=on)
    return {"formula": cap.formula, "hourly_price_cap": f"{cap.hourly_price_cap:f}"}


def _amount(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    estimate = psu_amount(
        _entered(params, data),
        on=on,
        hourly_cost_price=Decimal(data["hourly_cost_price"]),
        billed_hours=Decimal(data["billed_hours"]),
        attended_hours=Decimal(data["attended_hours"]),
        capacity_hours=Decimal(data["capacity_hours"]),
        family_fees=Decimal(data["family_fees"]),
    )
    return {
        "billing_rate": f"{estimate.billing_rate.quantize(Decimal('0.0001')):f}",
        "hourly_price_cap": f"{estimate.hourly_price_cap:f}",
        "hourly_price_used": f"{estimate.hourly_price_used:f}",
        "entitlement_hours": f"{estimate.entitlement_hours:f}",
        "amount": f"{estimate.amount:f}",
    }


def _bonus(bonus: Bonus) -> dict[str, Any]:
    return {"per_place": f"{bonus.per_place:f}", "amount": f"{bonus.amount:f}"}


def _social_mix(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    return _bonus(
        social_mix_bonus(params, on=on, average_hourly_fee=Decimal(data["average_hourly_fee"]), places=data["places"])
    )


def _inclusion(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    return _bonus(
        inclusion_bonus(
            params,
            on=on,
            annual_expenses=Decimal(data["annual_expenses"]),
            places=data["places"],
            children=data["children"],
            children_with_disability=data["children_with_disability"],
        )
    )


def _attractiveness(params: ParameterSet, on: date, data: dict[str, Any]) -> dict[str, Any]:
    return _bonus(
        attractiveness_bonus(
            params,
            on=on,
            sector=Sector(data["sector"]),
            places=data["places"],
            average_net_monthly_raise=Decimal(data["average_net_monthly_raise"]),
        )
    )


RULES = {
    "psu.price_cap": _price_cap,
    "psu.amount": _amount,
    "psu.social_mix_bonus": _social_mix,
    "psu.inclusion_bonus": _inclusion,
    "psu.attractiveness_bonus": _attractiveness,
}

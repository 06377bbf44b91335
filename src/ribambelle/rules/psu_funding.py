"""An estimate of the PSU (prestation de service unique) a manager receives from the Caf, and its bonuses.

PSU = min(hourly cost price, prix plafond) × 66 % × hours giving entitlement − family fees, where the
hours giving entitlement are the billed hours capped by the theoretical capacity, and the prix plafond
depends on the taux de facturation (billed / attended hours) through a dated formula: three bands, then,
from 2025, a linear decrease between two thresholds. The € prix plafonds are not in the repository: an
administrator enters them (``psu.price_cap_low``, ``_middle``, ``_high``). docs/rules/psu-funding.md gives
the readings, the rounding and what is not modelled (bonus territoire, share of régime général children).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from ribambelle.rules.parameters import ParameterError, ParameterSet, ParameterValue

CENT = Decimal("0.01")


class Sector(StrEnum):
    """The manager's sector, for the bonus attractivité."""

    PRIVATE = "private"
    PUBLIC = "public"


@dataclass(frozen=True, slots=True)
class PriceCap:
    """The prix plafond for a taux de facturation, rounded half up to the cent."""

    billing_rate: Decimal
    formula: str
    hourly_price_cap: Decimal
    sources: tuple[ParameterValue, ...]


@dataclass(frozen=True, slots=True)
class PsuEstimate:
    billing_rate: Decimal
    hourly_price_cap: Decimal
    hourly_price_used: Decimal
    cost_share_rate: Decimal
    entitlement_hours: Decimal
    family_fees: Decimal
    amount: Decimal
    sources: tuple[ParameterValue, ...]


@dataclass(frozen=True, slots=True)
class Bonus:
    """A yearly bonus: ``per_place`` (rounded half up to the cent) × ``places``."""

    per_place: Decimal
    places: int
    amount: Decimal
    sources: tuple[ParameterValue, ...]


def billing_rate(*, billed_hours: Decimal, attended_hours: Decimal) -> Decimal:
    """Taux de facturation: billed hours / attended hours (heures facturées / heures réalisées)."""
    _non_negative(billed_hours, "Les heures facturées")
    if not attended_hours.is_finite() or attended_hours <= 0:
        raise ValueError("Les heures réalisées doivent être strictement positives.")
    return billed_hours / attended_hours


def price_cap(params: ParameterSet, *, billing_rate: Decimal, on: date) -> PriceCap:
    """The prix plafond in force on ``on`` for a taux de facturation of ``billing_rate`` (1.07 = 107 %)."""
    _non_negative(billing_rate, "Le taux de facturation")
    formula = params.at("psu.price_cap_formula", on)
    thresholds = params.at("psu.billing_rate_thresholds", on)
    if not isinstance(thresholds.value, Mapping):
        raise ParameterError("psu.billing_rate_thresholds : un tableau {low, high} est attendu.")
    low, high = _decimal(thresholds.value["low"]), _decimal(thresholds.value["high"])
    try:
        compute = _FORMULAS[str(formula.value)]
    except KeyError:
        raise ParameterError(f"psu.price_cap_formula : forme inconnue {formula.value!r}.") from None
    cap, used = compute(params, on, billing_rate, low, high)
    return PriceCap(billing_rate, str(formula.value), cap, (formula, thresholds, *used))


def psu_amount(
    params: ParameterSet,
    *,
    on: date,
    hourly_cost_price: Decimal,
    billed_hours: Decimal,
    attended_hours: Decimal,
    capacity_hours: Decimal,
    family_fees: Decimal,
) -> PsuEstimate:
    """The PSU of a year (``on`` is a day of it), rounded half up to the cent once, never below zero."""
    _non_negative(hourly_cost_price, "Le prix de revient horaire")
    _non_negative(capacity_hours, "La capacité théorique en heures")
    _non_negative(family_fees, "Les participations familiales")
    cap = price_cap(params, billing_rate=billing_rate(billed_hours=billed_hours, attended_hours=attended_hours), on=on)
    share = params.at("psu.cost_share_rate", on)
    share_rate = _decimal(share.value)
    price = min(hourly_cost_price, cap.hourly_price_cap)
    entitlement = min(billed_hours, capacity_hours)
    amount = max(price * share_rate * entitlement - family_fees, Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    return PsuEstimate(
        billing_rate=cap.billing_rate,
        hourly_price_cap=cap.hourly_price_cap,
        hourly_price_used=price,
        cost_share_rate=share_rate,
        entitlement_hours=entitlement,
        family_fees=family_fees,
        amount=amount,
        sources=(share, *cap.sources),
    )


def social_mix_bonus(params: ParameterSet, *, on: date, average_hourly_fee: Decimal, places: int) -> Bonus:
    """Bonus mixité sociale, from the facility's average hourly family participation, for all its places."""
    _non_negative(average_hourly_fee, "La participation familiale horaire moyenne")
    source = params.at("psu.social_mix_bonus", on)
    per_place = _decimal(_bracket(source, average_hourly_fee)["amount"])
    return _bonus(per_place, places, (source,))


def inclusion_bonus(
    params: ParameterSet,
    *,
    on: date,
    annual_expenses: Decimal,
    places: int,
    children: int,
    children_with_disability: int,
) -> Bonus:
    """Bonus inclusion handicap: a share of the cost per place (annual expenses / places), by the share of
    children with a disability among the children cared for, capped per place, for all places."""
    _non_negative(annual_expenses, "Les dépenses annuelles")
    if places < 1:
        raise ValueError("Le nombre de places doit être d'au moins 1.")
    if not 0 <= children_with_disability <= children:
        raise ValueError("Le nombre d'enfants en situation de handicap va de 0 au nombre d'enfants accueillis.")
    rates = params.at("psu.inclusion_bonus_rates", on)
    cap = params.at("psu.inclusion_bonus_cap", on)
    if not children_with_disability:
        return _bonus(Decimal(0), places, (rates, cap))
    rate = _decimal(_bracket(rates, Decimal(children_with_disability) / children)["rate"])
    per_place = min(annual_expenses / places * rate, _decimal(cap.value))
    return _bonus(per_place, places, (rates, cap))


def attractiveness_bonus(
    params: ParameterSet, *, on: date, sector: Sector, places: int, average_net_monthly_raise: Decimal
) -> Bonus:
    """Bonus attractivité: a flat amount per place by sector, when the average net monthly raise reaches
    the sector's minimum (full-time equivalent in the public sector)."""
    _non_negative(average_net_monthly_raise, "La hausse moyenne des salaires")
    amounts = params.at("psu.attractiveness_bonus", on)
    minimum = params.at("psu.attractiveness_minimum_raise", on)
    if not isinstance(amounts.value, Mapping) or not isinstance(minimum.value, Mapping):
        raise ParameterError("psu.attractiveness_* : un tableau par secteur est attendu.")
    eligible = average_net_monthly_raise >= _decimal(minimum.value[sector.value])
    per_place = _decimal(amounts.value[sector.value]) if eligible else Decimal(0)
    return _bonus(per_place, places, (amounts, minimum))


_Formula = Callable[[ParameterSet, date, Decimal, Decimal, Decimal], tuple[Decimal, tuple[ParameterValue, ...]]]


def _bands(
    params: ParameterSet, on: date, rate: Decimal, low: Decimal, high: Decimal
) -> tuple[Decimal, tuple[ParameterValue, ...]]:
    """Three bands: rate ≤ low; low < rate < high; rate ≥ high."""
    band = "low" if rate <= low else "high" if rate >= high else "middle"
    cap = params.at(f"psu.price_cap_{band}", on)
    return _decimal(cap.value).quantize(CENT, ROUND_HALF_UP), (cap,)


def _linear(
    params: ParameterSet, on: date, rate: Decimal, low: Decimal, high: Decimal
) -> tuple[Decimal, tuple[ParameterValue, ...]]:
    """Constant up to low, linear between the caps at low and at high, constant from high."""
    if rate <= low:
        cap = params.at("psu.price_cap_low", on)
        return _decimal(cap.value).quantize(CENT, ROUND_HALF_UP), (cap,)
    cap_high = params.at("psu.price_cap_high", on)
    if rate >= high:
        return _decimal(cap_high.value).quantize(CENT, ROUND_HALF_UP), (cap_high,)
    cap_low = params.at("psu.price_cap_low", on)
    at_low, at_high = _decimal(cap_low.value), _decimal(cap_high.value)
    exact = at_low - (rate - low) / (high - low) * (at_low - at_high)
    return exact.quantize(CENT, ROUND_HALF_UP), (cap_low, cap_high)


_FORMULAS: dict[str, _Formula] = {"bands": _bands, "linear": _linear}


def _bracket(source: ParameterValue, value: Decimal) -> Mapping[str, Any]:
    """The first bracket that holds ``value``: under its ``below`` (excluded), up to its ``up_to``
    (included), or the open last one."""
    if not isinstance(source.value, tuple):
        raise ParameterError(f"{source.key} : une liste de tranches est attendue.")
    for bracket in source.value:
        if "below" in bracket:
            if value < _decimal(bracket["below"]):
                return dict(bracket)
        elif "up_to" in bracket:
            if value <= _decimal(bracket["up_to"]):
                return dict(bracket)
        else:
            return dict(bracket)
    raise ParameterError(f"{source.key} : aucune tranche pour {value}.")


def _bonus(per_place: Decimal, places: int, sources: tuple[ParameterValue, ...]) -> Bonus:
    if places < 0:
        raise ValueError("Le nombre de places ne peut pas être négatif.")
    rounded = per_place.quantize(CENT, ROUND_HALF_UP)
    return Bonus(rounded, places, rounded * places, sources)


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise ParameterError(f"Valeur numérique attendue, pas {value!r}.")
    return Decimal(value)


def _non_negative(value: Decimal, label: str) -> None:
    if not value.is_finite() or value < 0:
        raise ValueError(f"{label} : un nombre positif ou nul est attendu.")

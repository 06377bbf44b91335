"""The PSU family hourly fee (barème national des participations familiales, circulaire Cnaf n° 2019-005).

Hourly fee = monthly resources, bounded by the floor and the ceiling in force, × the taux d'effort of the
care mode for the family's number of dependent children. A child of the family receiving the AEEH moves
the family one row down the table (the rate of one more child), once per such child. A child placed by
the aide sociale à l'enfance is charged on the floor. The exact fee is kept; the billed fee is rounded
half up to the cent.

A rate table is keyed by rows of dependent children: ``"3"`` (exactly three), ``"4-7"`` (four to seven)
and ``"8+"`` (eight and more, the large-family row).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from ribambelle.rules.parameters import ParameterError, ParameterSet, ParameterValue

CENT = Decimal("0.01")
_ROW = re.compile(r"(\d+)(?:-(\d+)|(\+))?")


class CareMode(StrEnum):
    """The barème a facility applies: collective, familial (crèche familiale), parental, micro-crèche PSU."""

    COLLECTIVE = "collective"
    FAMILIAL = "familial"
    PARENTAL = "parental"
    MICRO = "micro"

    @property
    def label(self) -> str:
        return _CARE_MODE_LABELS[self]


_CARE_MODE_LABELS = {
    CareMode.COLLECTIVE: "accueil collectif",
    CareMode.FAMILIAL: "accueil familial",
    CareMode.PARENTAL: "accueil parental",
    CareMode.MICRO: "micro-crèche",
}


class EmergencyMethod(StrEnum):
    """The values of the local choice ``fee.emergency_tariff`` (rules.choices)."""

    FLOOR = "floor"
    PREVIOUS_YEAR_AVERAGE = "previous_year_average"


def care_mode(value: str) -> CareMode:
    """The care mode named ``value``; a French ValueError otherwise."""
    try:
        return CareMode(value)
    except ValueError:
        allowed = ", ".join(mode.value for mode in CareMode)
        raise ValueError(f"Mode d'accueil inconnu « {value} » (attendu : {allowed}).") from None


@dataclass(frozen=True, slots=True)
class FeeResult:
    """An hourly fee and everything it was built from; ``references`` are the parameter values used."""

    mode: CareMode
    resources_used: Decimal
    floor: Decimal
    ceiling: Decimal
    rate_children: int
    effort_rate: Decimal
    hourly_rate_exact: Decimal
    hourly_rate: Decimal
    references: tuple[ParameterValue, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of ``ribambelle fee``: decimals as strings, references as objects."""
        return {
            "hourly_rate": f"{self.hourly_rate:f}",
            "hourly_rate_exact": exact_text(self.hourly_rate_exact),
            "effort_rate": f"{self.effort_rate:f}",
            "rate_children": self.rate_children,
            "mode": self.mode.value,
            "resources_used": f"{self.resources_used:f}",
            "floor": f"{self.floor:f}",
            "ceiling": f"{self.ceiling:f}",
            "references": [value.as_dict() for value in self.references],
        }


@dataclass(frozen=True, slots=True)
class EmergencyFeeResult:
    """The emergency hourly fee; ``basis`` is the floor computation when the method is ``floor``."""

    method: EmergencyMethod
    hourly_rate_exact: Decimal
    hourly_rate: Decimal
    basis: FeeResult | None


def fee_parameter_keys(mode: CareMode) -> tuple[str, str, str]:
    """The parameters the hourly fee of ``mode`` reads (floor, ceiling, effort rates): a new value of any of
    them may change the fee of every running contract from its date."""
    return ("psu.resources_floor", "psu.resources_ceiling", f"psu.effort_rate_{care_mode(mode).value}")


def hourly_fee(
    params: ParameterSet,
    *,
    monthly_resources: Decimal,
    dependent_children: int,
    on: date,
    mode: CareMode,
    aeeh_children: int = 0,
    ase_placement: bool = False,
) -> FeeResult:
    """The family's hourly fee on ``on``; raises ParameterNotInForce when a parameter has no value then."""
    mode = care_mode(mode)
    if not monthly_resources.is_finite() or monthly_resources < 0:
        raise ValueError("Les ressources mensuelles doivent être un montant positif ou nul.")
    if dependent_children < 1:
        raise ValueError("Le nombre d'enfants à charge doit être d'au moins 1.")
    if not 0 <= aeeh_children <= dependent_children:
        raise ValueError("Le nombre d'enfants bénéficiaires de l'AEEH va de 0 au nombre d'enfants à charge.")
    floor_key, ceiling_key, table_key = fee_parameter_keys(mode)
    floor_value = params.at(floor_key, on)
    ceiling_value = params.at(ceiling_key, on)
    table_value = params.at(table_key, on)
    floor = _decimal(floor_value)
    ceiling = _decimal(ceiling_value)
    resources = floor if ase_placement else min(max(monthly_resources, floor), ceiling)
    rate_children = dependent_children + aeeh_children
    rate = _rate(table_value, rate_children)
    exact = resources * rate
    return FeeResult(
        mode=mode,
        resources_used=resources,
        floor=floor,
        ceiling=ceiling,
        rate_children=rate_children,
        effort_rate=rate,
        hourly_rate_exact=exact,
        hourly_rate=exact.quantize(CENT, ROUND_HALF_UP),
        references=(floor_value, ceiling_value, table_value),
    )


def emergency_hourly_fee(
    params: ParameterSet,
    *,
    on: date,
    method: str,
    previous_year_average: Decimal | None,
    dependent_children: int = 1,
    mode: CareMode = CareMode.COLLECTIVE,
) -> EmergencyFeeResult:
    """The fee of an emergency placement whose resources are unknown, by the method of the règlement.

    ``floor``: the floor × the taux d'effort of the family's size (one child unless known).
    ``previous_year_average``: the average hourly participation billed the previous year.
    """
    try:
        chosen = EmergencyMethod(method)
    except ValueError:
        allowed = ", ".join(item.value for item in EmergencyMethod)
        raise ValueError(f"Méthode de tarif d'urgence inconnue « {method} » (attendu : {allowed}).") from None
    if chosen is EmergencyMethod.FLOOR:
        basis = hourly_fee(
            params, monthly_resources=Decimal(0), dependent_children=dependent_children, on=on, mode=mode
        )
        return EmergencyFeeResult(chosen, basis.hourly_rate_exact, basis.hourly_rate, basis)
    if previous_year_average is None:
        raise ValueError("Le tarif d'urgence à la moyenne de l'année précédente demande cette moyenne horaire.")
    if not previous_year_average.is_finite() or previous_year_average < 0:
        raise ValueError("La participation horaire moyenne de l'année précédente doit être positive ou nulle.")
    rounded = previous_year_average.quantize(CENT, ROUND_HALF_UP)
    return EmergencyFeeResult(chosen, previous_year_average, rounded, None)


def exact_text(value: Decimal) -> str:
    """An exact amount as plain text, without trailing zeros after the point nor exponent: 1.651200 → 1.6512."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal(source: ParameterValue) -> Decimal:
    if not isinstance(source.value, Decimal):
        raise ParameterError(f"{source.key} : montant décimal attendu au {source.effective_on}.")
    return source.value


def _rate(source: ParameterValue, children: int) -> Decimal:
    """The rate of the row of ``source``'s table that holds ``children`` dependent children."""
    if not isinstance(source.value, Mapping):
        raise ParameterError(f"{source.key} : barème par nombre d'enfants attendu au {source.effective_on}.")
    for row, rate in source.value.items():
        match = _ROW.fullmatch(row)
        if match is None or not isinstance(rate, Decimal):
            raise ParameterError(f"{source.key} : ligne de barème illisible « {row} » au {source.effective_on}.")
        low, high, open_ended = int(match[1]), int(match[2] or match[1]), match[3] == "+"
        if low <= children and (open_ended or children <= high):
            return rate
    raise ParameterError(f"{source.key} : aucun taux pour {children} enfants à charge au {source.effective_on}.")

"""Regulatory category of a facility from its authorised capacity (R2324-46, -47, -48)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ribambelle.rules.parameters import ParameterSet, ParameterValue


class FacilityKind(StrEnum):
    """The three category scales of the code de la santé publique."""

    COLLECTIVE = "collective"
    FAMILIAL = "familial"
    KINDERGARTEN = "kindergarten"


class FacilityCategory(StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    VERY_LARGE = "very_large"


_SCALE_KEYS = {
    FacilityKind.COLLECTIVE: "capacity.collective_categories",
    FacilityKind.FAMILIAL: "capacity.familial_categories",
    FacilityKind.KINDERGARTEN: "capacity.kindergarten_categories",
}

_LABELS = {
    FacilityKind.COLLECTIVE: {
        FacilityCategory.MICRO: "micro-crèche",
        FacilityCategory.SMALL: "petite crèche",
        FacilityCategory.MEDIUM: "crèche",
        FacilityCategory.LARGE: "grande crèche",
        FacilityCategory.VERY_LARGE: "très grande crèche",
    },
    FacilityKind.FAMILIAL: {
        FacilityCategory.SMALL: "petite crèche familiale",
        FacilityCategory.MEDIUM: "crèche familiale",
        FacilityCategory.LARGE: "grande crèche familiale",
        FacilityCategory.VERY_LARGE: "très grande crèche familiale",
    },
    FacilityKind.KINDERGARTEN: {
        FacilityCategory.SMALL: "petit jardin d'enfants",
        FacilityCategory.MEDIUM: "jardin d'enfants",
        FacilityCategory.LARGE: "grand jardin d'enfants",
    },
}


@dataclass(frozen=True, slots=True)
class CategoryResult:
    category: FacilityCategory
    label: str
    source: ParameterValue


def facility_category(params: ParameterSet, *, kind: FacilityKind, capacity: int, on: date) -> CategoryResult:
    """The category of a facility of ``kind`` authorised for ``capacity`` places on ``on``."""
    if capacity < 0:
        raise ValueError("La capacité autorisée ne peut pas être négative.")
    source = params.at(_SCALE_KEYS[kind], on)
    assert isinstance(source.value, tuple)
    category: FacilityCategory | None = None
    for bracket in source.value:
        if capacity >= int(bracket["from_places"]):
            category = FacilityCategory(str(bracket["category"]))
    if category is None:
        raise ValueError(f"Aucune catégorie pour {capacity} places.")
    return CategoryResult(category, category_label(kind, category), source)


def category_label(kind: FacilityKind, category: FacilityCategory) -> str:
    return _LABELS[kind][category]

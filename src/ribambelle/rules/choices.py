"""Choices the law leaves to the manager (rounding rules, ratio option, emergency tariff…).

Each key is declared here with its allowed values and, only where a text or docs/decisions/ sets one, a
default. The application stores the decisions as dated rows (territory.RuleChoice) and hands the rules a
frozen ``RuleChoices``; asking for a key that was not decided and has no default is an error, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class MissingChoice(LookupError):
    """A rule needs a local choice that nobody made."""

    def __init__(self, key: str) -> None:
        choice = CHOICES.get(key)
        label = choice.label if choice else key
        super().__init__(
            f"Choix local manquant : « {label} » ({key}) doit être fixé par le règlement de fonctionnement."
        )
        self.key = key


@dataclass(frozen=True, slots=True)
class ChoiceKey:
    key: str
    label: str
    values: Mapping[str, str]
    default: str | None = None
    default_reason: str = ""

    @property
    def default_label(self) -> str | None:
        return self.values[self.default] if self.default else None


CHOICES: dict[str, ChoiceKey] = {
    choice.key: choice
    for choice in (
        ChoiceKey(
            "ratio.option",
            "Option du taux d'encadrement",
            {
                "5-8": "1 adulte pour 5 enfants qui ne marchent pas et 1 pour 8 qui marchent",
                "6": "1 adulte pour 6 enfants",
            },
        ),
        ChoiceKey(
            "ratio.rounding",
            "Lecture de l'arrondi du taux d'encadrement",
            {
                "sum_then_ceil": "somme des fractions arrondie à l'unité supérieure",
                "ceil_each_group": "chaque groupe arrondi à l'unité supérieure",
            },
            default="sum_then_ceil",
            default_reason="docs/decisions/0002-ratio-rounding.md",
        ),
        ChoiceKey(
            "billing.rounding",
            "Arrondi des heures facturées et réalisées",
            {
                "minute": "à la minute",
                "up_15": "tout quart d'heure commencé est dû",
                "up_30": "toute demi-heure commencée est due",
                "nearest_15": "au quart d'heure le plus proche",
                "nearest_30": "à la demi-heure la plus proche",
            },
        ),
        ChoiceKey(
            "fee.emergency_tariff",
            "Tarif de l'accueil d'urgence quand les ressources sont inconnues",
            {"floor": "tarif plancher", "previous_year_average": "participation horaire moyenne de l'année précédente"},
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Decided:
    """One decided value and where it comes from (a council deliberation, a règlement…)."""

    value: str
    source: str


@dataclass(frozen=True, slots=True)
class RuleChoices:
    decided: Mapping[str, Decided] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, decided in self.decided.items():
            if key not in CHOICES:
                raise ValueError(f"Choix local inconnu : {key}.")
            if decided.value not in CHOICES[key].values:
                raise ValueError(f"Valeur {decided.value!r} non permise pour {key}.")

    def get(self, key: str) -> str:
        return self.provenance(key).value

    def provenance(self, key: str) -> Decided:
        if key in self.decided:
            return self.decided[key]
        choice = CHOICES.get(key)
        if choice is None:
            raise ValueError(f"Choix local inconnu : {key}.")
        if choice.default is None:
            raise MissingChoice(key)
        return Decided(choice.default, f"valeur par défaut ({choice.default_reason})")

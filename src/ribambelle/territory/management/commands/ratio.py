"""`ribambelle ratio`: the staff required for the children present, as one JSON object."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from ribambelle.core.management.base import RibambelleCommand, iso_date
from ribambelle.rules.capacity import FacilityCategory, FacilityKind, facility_category
from ribambelle.rules.choices import CHOICES, Decided, RuleChoices
from ribambelle.rules.staffing import StaffingRequirement, kindergarten_required_staff, required_staff
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.selectors import parameters_in_force

SOURCE = "option de la commande ribambelle ratio"
UNSPECIFIED = "option non précisée : la plus exigeante des deux pour ces enfants"


def count(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu, pas « {value} »") from None


def facility_type(value: str) -> FacilityType:
    try:
        return FacilityType(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"type inconnu « {value} » (types : {', '.join(FacilityType.values)})"
        ) from None


def choice_value(key: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in CHOICES[key].values:
            raise argparse.ArgumentTypeError(
                f"valeur « {value} » non permise (valeurs : {', '.join(CHOICES[key].values)})"
            )
        return value

    return parse


class Command(RibambelleCommand):
    help = (
        "Calcule le nombre de professionnels requis pour les enfants présents (taux d'encadrement, deux adultes, "
        "diplômés, sorties) ; affiche un objet JSON avec l'explication et les textes utilisés."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--capacity", type=count, help="capacité autorisée (places), obligatoire")
        parser.add_argument("--non-walkers", type=count, help="enfants présents qui ne marchent pas")
        parser.add_argument("--walkers", type=count, help="enfants présents qui marchent")
        parser.add_argument("--under-three", type=count, help="jardin d'enfants : enfants de moins de 3 ans")
        parser.add_argument("--three-and-over", type=count, help="jardin d'enfants : enfants de 3 ans ou plus")
        parser.add_argument(
            "--option",
            type=choice_value("ratio.option"),
            help="option du gestionnaire : 5-8 ou 6 (sans elle : l'option la plus exigeante pour ces enfants)",
        )
        parser.add_argument(
            "--rounding",
            type=choice_value("ratio.rounding"),
            help="lecture de l'arrondi : sum_then_ceil (défaut) ou ceil_each_group",
        )
        parser.add_argument(
            "--type",
            dest="facility_type",
            type=facility_type,
            default=FacilityType.MULTI_ACCUEIL,
            help="type d'établissement",
        )
        parser.add_argument("--outing", action="store_true", help="les enfants sont en sortie hors de l'établissement")
        parser.add_argument("--on", type=iso_date, help="date AAAA-MM-JJ (défaut : aujourd'hui)")

    def run(
        self,
        *,
        capacity: int | None,
        non_walkers: int | None,
        walkers: int | None,
        under_three: int | None,
        three_and_over: int | None,
        option: str | None,
        rounding: str | None,
        facility_type: FacilityType,
        outing: bool,
        on: date | None,
        **options: Any,
    ) -> None:
        if capacity is None:
            raise CommandError("indiquez la capacité autorisée avec --capacity.")
        on = on or timezone.localdate()
        params = parameters_in_force()
        decided = {
            key: Decided(value, SOURCE)
            for key, value in (("ratio.option", option), ("ratio.rounding", rounding))
            if value
        }
        choices = RuleChoices(decided)
        kind = facility_type.regulatory_kind
        extra: dict[str, Any] = {}
        by_age = (under_three, three_and_over) != (None, None)
        by_walking = (non_walkers, walkers) != (None, None)
        if kind is FacilityKind.KINDERGARTEN:
            if by_walking or not by_age:
                raise CommandError("un jardin d'enfants compte les enfants avec --under-three et --three-and-over.")
            result: StaffingRequirement = kindergarten_required_staff(
                params,
                choices,
                capacity=capacity,
                under_three=under_three or 0,
                three_and_over=three_and_over or 0,
                outing=outing,
                on=on,
            )
        else:
            if by_age or not by_walking:
                raise CommandError("indiquez les enfants présents avec --non-walkers et --walkers.")
            category = facility_category(params, kind=kind, capacity=capacity, on=on)
            if facility_type is FacilityType.MICRO_CRECHE and category.category is not FacilityCategory.MICRO:
                raise CommandError(
                    f"{capacity} places ne font pas une micro-crèche au sens de R2324-46 mais une {category.label}."
                )
            options = [option] if option else list(CHOICES["ratio.option"].values)
            by_option = {
                name: required_staff(
                    params,
                    RuleChoices(decided | {"ratio.option": Decided(name, SOURCE if option else UNSPECIFIED)}),
                    kind=kind,
                    capacity=capacity,
                    non_walkers=non_walkers or 0,
                    walkers=walkers or 0,
                    outing=outing,
                    on=on,
                )
                for name in options
            }
            # Without --option, answer for the more demanding option: compliant whichever the facility chose
            # (docs/decisions/0003-ratio-command-without-option.md).
            result = max(by_option.values(), key=lambda r: (r.required_staff, r.required_qualified))
            if not option:
                extra = {"by_option": {name: r.required_staff for name, r in by_option.items()}}
        self.write_json(
            {"on": on.isoformat(), "type": facility_type.value, "capacity": capacity, **result.as_dict(), **extra}
        )

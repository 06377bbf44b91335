"""`ribambelle fee`: a family's PSU hourly fee on a date, as one JSON object."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandParser

from ribambelle.core.management.base import RibambelleCommand, iso_date
from ribambelle.rules.fees import CareMode, care_mode, hourly_fee
from ribambelle.territory.selectors import parameters_in_force


def amount(value: str) -> Decimal:
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"montant en euros attendu, pas « {value} »") from None


def count(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu, pas « {value} »") from None


def mode_option(value: str) -> CareMode:
    try:
        return care_mode(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class Command(RibambelleCommand):
    help = (
        "Calcule la participation familiale horaire PSU (barème national Cnaf) d'une famille à une date ; "
        "affiche un objet JSON avec le tarif, le taux d'effort et les paramètres utilisés."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resources", type=amount, required=True, help="ressources mensuelles en euros")
        parser.add_argument("--children", type=count, required=True, help="nombre d'enfants à charge")
        parser.add_argument("--on", type=iso_date, required=True, help="date de l'accueil AAAA-MM-JJ")
        parser.add_argument("--aeeh", type=count, default=0, help="enfants bénéficiaires de l'AEEH (défaut : 0)")
        parser.add_argument(
            "--mode", type=mode_option, default=CareMode.COLLECTIVE, help="collective, familial, parental ou micro"
        )
        parser.add_argument("--ase", action="store_true", help="enfant placé au titre de l'aide sociale à l'enfance")

    def run(
        self, *, resources: Decimal, children: int, on: date, aeeh: int, mode: CareMode, ase: bool, **options: Any
    ) -> None:
        fee = hourly_fee(
            parameters_in_force(),
            monthly_resources=resources,
            dependent_children=children,
            on=on,
            mode=mode,
            aeeh_children=aeeh,
            ase_placement=ase,
        )
        self.write_json(fee.as_dict())

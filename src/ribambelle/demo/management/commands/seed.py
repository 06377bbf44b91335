"""`ribambelle seed`: a deterministic territory, the demo town by default, into an empty database."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from ribambelle.core.management.base import RibambelleCommand
from ribambelle.demo import services
from ribambelle.demo.logins import logins_text


def positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"entier positif attendu, pas « {value} »")
    return int(value)


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date AAAA-MM-JJ attendue, pas « {value} »") from None


class Command(RibambelleCommand):
    help = (
        "Génère un territoire fictif reproductible (Faker fr_FR) dans une base vide : la ville de démonstration "
        "par défaut, ou un territoire d'environ N places avec --places N."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--places", type=positive_int, help="nombre de places visé (défaut : la ville de démo)")
        parser.add_argument("--seed", type=int, default=services.DEMO_SEED, help="graine du générateur (défaut : 1)")
        parser.add_argument("--on", type=iso_date, help="date de référence AAAA-MM-JJ (défaut : aujourd'hui)")
        parser.add_argument(
            "--attendance-months",
            type=int,
            default=12,
            help="mois de pointage générés jusqu'à la veille de la date de référence (défaut : 12 ; 0 : aucun)",
        )

    def run(self, *, places: int | None, seed: int, on: date | None, attendance_months: int, **options: Any) -> None:
        report = services.demo_seed(
            places=places, seed=seed, on=on or timezone.localdate(), attendance_months=attendance_months
        )
        self.stdout.write(
            f"Territoire généré (graine {report.seed}, date de référence {report.on:%d/%m/%Y}) : "
            f"{report.organisation}, {report.sectors} secteurs, {report.facilities} établissements, "
            f"{report.places} places, {report.users} utilisateurs, {report.contracts} contrats, "
            f"{report.attendances} présences, {report.absences} absences, {report.applications} demandes de place ; "
            f"{report.rows} lignes écrites."
        )
        self.stdout.write(logins_text())

"""``ribambelle rescale --on DATE --as USER``: recompute from DATE the fee of every running contract, after a
new value of the barème (floor, ceiling, effort rates) reached the parameter files on deployment."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from ribambelle.care import services
from ribambelle.core.management.base import RibambelleCommand, iso_date


class Command(RibambelleCommand):
    help = (
        "Recalcule à partir d'une date le tarif horaire de tous les contrats en cours ou à venir (nouveau "
        "plancher, plafond ou taux d'effort du barème) ; imprime le compte rendu en JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=iso_date, required=True, help="date d'effet du nouveau barème AAAA-MM-JJ")
        parser.add_argument("--as", dest="username", required=True, help="administrateur (l'historique le nomme)")

    def run(self, *, on: date, username: str, **options: Any) -> None:
        actor = self.acting_user(username)
        if not actor.has_perm("territory.add_parameter_entry"):
            raise CommandError(f"{username} n'a pas le droit de recalculer les tarifs (administrateur).", returncode=2)
        self.write_json(services.contract_fees_rescale(on=on, actor=actor).as_dict())

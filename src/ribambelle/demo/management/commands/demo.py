"""`ribambelle demo`: the demo town into an empty database, then the demo logins."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ribambelle.core.management.base import RibambelleCommand
from ribambelle.demo import services
from ribambelle.demo.logins import logins_text


class Command(RibambelleCommand):
    help = "Charge la ville de démonstration si la base est vide (sinon ne charge rien) et affiche les identifiants."

    def run(self, **options: Any) -> None:
        if services.database_is_empty():
            report = services.demo_seed(places=None, seed=services.DEMO_SEED, on=timezone.localdate())
            self.stdout.write(
                f"Ville de démonstration chargée : {report.organisation}, {report.facilities} établissements, "
                f"{report.places} places."
            )
        else:
            self.stdout.write("La base contient déjà des données : la ville de démonstration n'a pas été chargée.")
        self.stdout.write(logins_text())

"""``ribambelle bill INPUT.json``: one month's bill of a regular contract, as one JSON object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from ribambelle.core.management.base import RibambelleCommand
from ribambelle.rules.billing import month_bill
from ribambelle.rules.billing_io import bill_request, bill_response
from ribambelle.territory.selectors import parameters_in_force


class Command(RibambelleCommand):
    help = "Calcule la facture d'un mois d'un contrat d'accueil régulier décrit dans un fichier JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="fichier JSON du mois (schéma : docs/rules/billing.md)")

    def run(self, *, path: Path, **options: Any) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"fichier introuvable ou illisible : {path}.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"le fichier {path} n'est pas encodé en UTF-8.") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"JSON invalide dans {path}, ligne {exc.lineno}, colonne {exc.colno}.") from exc
        request = bill_request(data)
        bill = month_bill(
            parameters_in_force(),
            contract=request.contract,
            month=request.month,
            attendance=request.attendance,
            absences=request.absences,
            choices=request.choices,
        )
        self.write_json(bill_response(bill))

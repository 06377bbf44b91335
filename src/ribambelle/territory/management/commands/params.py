"""`ribambelle params [--unconfirmed] [--on DATE]`: every regulatory parameter as JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from ribambelle.core.management.base import RibambelleCommand, iso_date
from ribambelle.territory.formatting import display_value
from ribambelle.territory.selectors import parameters_in_force


class Command(RibambelleCommand):
    help = "Liste les paramètres réglementaires datés (--unconfirmed : seulement les valeurs non vérifiées)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unconfirmed", action="store_true", help="seulement les valeurs non vérifiées")
        parser.add_argument("--on", type=iso_date, help="seulement la valeur en vigueur à cette date")

    def run(self, *, unconfirmed: bool, on: date | None, **options: Any) -> None:
        params = parameters_in_force()
        listed = []
        for key, parameter in sorted(params.parameters.items()):
            values = list(parameter.values)
            if on is not None:
                values = [v for v in values if v.effective_on <= on][-1:]
            if unconfirmed:
                values = [v for v in values if not v.confirmed and not v.entered_locally]
            for value in values:
                listed.append(
                    {
                        "key": key,
                        "description": parameter.description,
                        "unit": parameter.unit,
                        "effective_on": value.effective_on.isoformat(),
                        "value": display_value(value.value),
                        "reference": value.reference.title,
                        "href": value.reference.href,
                        "confirmed": value.confirmed,
                        "entered_locally": value.entered_locally,
                    }
                )
        self.write_json(listed)

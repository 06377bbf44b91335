"""``ribambelle indicators --from D --to D --by LEVEL,GRAIN [--format json|csv|xlsx] [-o FILE] [--refresh]``:
the activity indicators of every facility of the database (the command-line operator's scope), one row per
group and period, from the facts (docs/indicators.md). Month facts marked stale are recomputed first;
``--refresh`` recomputes every fact of the period (first run, or after a change of the registry or of the
contracts)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from ribambelle.core.management.base import RibambelleCommand, iso_date
from ribambelle.engines.indicators import Grain, Level
from ribambelle.steering import output as files
from ribambelle.steering import selectors, services

_LEVELS = ", ".join(level.value for level in Level)
_GRAINS = ", ".join(grain.value for grain in Grain)


def _by(text: str) -> tuple[Level, Grain]:
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2 or parts[0] not in set(Level) or parts[1] not in set(Grain):
        raise CommandError(
            f"--by attend « niveau,période » avec un niveau parmi {_LEVELS} et une période parmi {_GRAINS}, "
            f"pas « {text} ».",
            returncode=2,
        )
    return Level(parts[0]), Grain(parts[1])


class Command(RibambelleCommand):
    help = (
        "Indicateurs d'activité (capacité théorique, heures réalisées et facturées, taux d'occupation réel et "
        "financier, taux de facturation) par établissement, secteur ou territoire et par jour, mois ou année."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start_on", type=iso_date, required=True, help="premier jour AAAA-MM-JJ")
        parser.add_argument("--to", dest="end_on", type=iso_date, required=True, help="dernier jour AAAA-MM-JJ")
        parser.add_argument(
            "--by", required=True, help="niveau,période : facility|section|sector|territory,day|month|year"
        )
        parser.add_argument("--format", dest="output_format", choices=files.FORMATS, default="json")
        parser.add_argument("-o", "--output", type=Path, help="fichier à écrire (sinon la sortie standard)")
        parser.add_argument("--refresh", action="store_true", help="recalculer d'abord tous les faits de la période")

    def run(
        self,
        *,
        start_on: date,
        end_on: date,
        by: str,
        output_format: str,
        output: Path | None,
        refresh: bool,
        **options: Any,
    ) -> None:
        level, grain = _by(by)
        if end_on < start_on:
            raise CommandError("--to ne peut pas précéder --from.", returncode=2)
        if level is Level.SECTION and (grain is Grain.DAY or not selectors.whole_months(start_on, end_on)):
            raise CommandError(
                "le niveau section se lit par mois ou par année, sur des mois entiers (--from un premier du mois, "
                "--to un dernier jour de mois).",
                returncode=2,
            )
        if output is None and output_format == "xlsx":
            raise CommandError("le format xlsx demande un fichier (-o).", returncode=2)
        if refresh:
            services.facts_refresh(start_on=start_on, end_on=end_on)
        else:
            services.month_facts_refresh_stale(start_on=start_on, end_on=end_on)
        table = selectors.indicator_table(start_on=start_on, end_on=end_on, level=level, grain=grain)
        buffer = io.BytesIO()
        count = files.write(table, output_format, buffer)
        if output is None:
            # On the terminal, CSV goes without its BOM.
            self.stdout.write(buffer.getvalue().decode("utf-8-sig"), ending="")
            return
        try:
            output.write_bytes(buffer.getvalue())
        except OSError as exc:
            raise CommandError(f"impossible d'écrire {output} : {exc.strerror}.", returncode=2) from None
        self.stderr.write(f"{count} lignes écrites dans {output}.")

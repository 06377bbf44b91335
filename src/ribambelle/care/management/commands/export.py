"""``ribambelle export attendance --from D --to D --format csv|parquet -o FILE [--as USER]``: the rows of the
download button. With ``--as``, the user's facilities; without, every facility of the database (the
command-line operator already holds the whole database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from ribambelle.care import exports
from ribambelle.core.management.base import RibambelleCommand, iso_date
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import facilities_visible_to


class Command(RibambelleCommand):
    help = (
        "Exporte les pointages d'une période (une ligne par présence et par absence, colonnes stables) en CSV "
        "(séparateur ;, UTF-8 avec BOM) ou en Parquet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["attendance"], help="données exportées : attendance (pointages)")
        parser.add_argument("--from", dest="start_on", type=iso_date, required=True, help="premier jour AAAA-MM-JJ")
        parser.add_argument("--to", dest="end_on", type=iso_date, required=True, help="dernier jour AAAA-MM-JJ")
        parser.add_argument("--format", dest="export_format", choices=exports.FORMATS, default="csv")
        parser.add_argument("-o", "--output", type=Path, required=True, help="fichier à écrire")
        parser.add_argument("--as", dest="username", help="n'exporter que les établissements de cet utilisateur")

    def run(
        self,
        *,
        start_on: date,
        end_on: date,
        export_format: str,
        output: Path,
        username: str | None,
        **options: Any,
    ) -> None:
        if end_on < start_on:
            raise CommandError("--to ne peut pas précéder --from.", returncode=2)
        facilities = Facility.objects.all()
        if username is not None:
            user = self.acting_user(username)
            facilities = facilities_visible_to(user)
            if not facilities.exists():
                raise CommandError(f"{username} ne voit les enfants d'aucun établissement.", returncode=2)
        rows = exports.attendance_rows(facilities=facilities, start_on=start_on, end_on=end_on)
        try:
            with output.open("wb") as sink:
                count = exports.write_export(rows, export_format, sink)
        except OSError as exc:
            raise CommandError(f"impossible d'écrire {output} : {exc.strerror}.", returncode=2) from None
        self.write_json({"rows": count, "format": export_format, "output": str(output)})

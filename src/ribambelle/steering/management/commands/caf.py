"""``ribambelle caf activity --year Y [--facility ID] -o FILE.xlsx`` and ``ribambelle caf filoue --year Y
--facility ID -o FILE.csv``: the CAF reports of docs/caf-reporting.md, for the command-line operator (every
facility of the database). The file is written whole or not at all (a temporary file renamed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from ribambelle.core.management.base import RibambelleCommand
from ribambelle.steering.caf import activity, activity_xlsx, filoue
from ribambelle.steering.caf.storage import write_whole
from ribambelle.steering.caf.year import elapsed_months
from ribambelle.territory.models import Facility


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise CommandError(f"--year attend une année entre 2000 et 2100, pas « {text} ».", returncode=2)
    return int(text)


def _write(output: Path, content: bytes) -> None:
    try:
        write_whole(output, content)
    except OSError as exc:
        raise CommandError(f"impossible d'écrire {output} : {exc.strerror}.", returncode=2) from None


class Command(RibambelleCommand):
    help = (
        "Déclarations CAF : données d'activité (prévisionnel, actualisé, réel) en XLSX, ou fichier FILOUE d'un "
        "établissement en CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", choices=("activity", "filoue"), help="activity (XLSX) ou filoue (CSV)")
        parser.add_argument("--year", required=True, help="année AAAA")
        parser.add_argument("--facility", type=int, help="identifiant de l'établissement (obligatoire pour filoue)")
        parser.add_argument("-o", "--output", type=Path, required=True, help="fichier à écrire")

    def run(self, *, report: str, year: str, facility: int | None, output: Path, **options: Any) -> None:
        chosen = _year(year)
        if report == "filoue" and facility is None:
            raise CommandError("filoue demande un établissement (--facility).", returncode=2)
        facilities = Facility.objects.select_related("organisation").order_by("name")
        if facility is not None:
            facilities = facilities.filter(pk=facility)
            if not facilities.exists():
                raise CommandError(f"établissement n° {facility} inconnu.", returncode=2)
        today = timezone.localdate()
        if report == "activity":
            found = activity.facilities_activity(facilities=list(facilities), year=chosen, today=today)
            content = activity_xlsx.xlsx_bytes(found, year=chosen, elapsed=elapsed_months(chosen, today))
            _write(output, content)
            self.stderr.write(f"{len(found)} établissements écrits dans {output}.")
            return
        mapping = filoue.load_mapping()
        found_file = filoue.filoue_file(facility=facilities.get(), year=chosen, today=today)
        _write(output, filoue.csv_bytes(found_file, mapping))
        self.stderr.write(
            f"{len(found_file.rows)} enfants écrits dans {output} ; {found_file.without_consent} laissés de côté "
            "faute d'accord FILOUE de leur famille."
        )
        if found_file.statement_errors:
            self.stderr.write(
                f"Attention : {found_file.statement_errors} relevés mensuels non calculés, leurs heures manquent au "
                "fichier."
            )

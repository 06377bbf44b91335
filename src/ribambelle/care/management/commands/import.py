"""``ribambelle import attendance|contracts FILE --source NAME --as USER [--wet-run]``: import an attendance
or a contract file from another crèche software with the source's saved column mapping; a dry run unless
``--wet-run``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from ribambelle.care import selectors, services
from ribambelle.care.enums import ImportKind
from ribambelle.core.management.base import RibambelleCommand


class Command(RibambelleCommand):
    help = (
        "Importe un fichier de pointages ou de contrats (CSV ou XLSX) d'un autre logiciel avec la correspondance "
        "de colonnes enregistrée pour ce logiciel. Simulation sans --wet-run ; tout ou rien ; imprime le rapport "
        "en JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", choices=ImportKind.values, help="données importées : attendance (pointages), contracts (contrats)"
        )
        parser.add_argument("path", type=Path, help="fichier CSV ou XLSX")
        parser.add_argument("--source", required=True, help="logiciel d'origine (nom de sa correspondance)")
        parser.add_argument(
            "--as", dest="username", required=True, help="identifiant de la coordinatrice ou de l'administrateur"
        )
        parser.add_argument("--wet-run", action="store_true", help="écrit les lignes (sans : simulation)")

    def run(self, *, kind: str, path: Path, source: str, username: str, wet_run: bool, **options: Any) -> None:
        actor = self.acting_user(username)
        mapping = selectors.import_mapping_list(user=actor).filter(kind=kind, source=source).first()
        if mapping is None:
            raise CommandError(
                f"aucune correspondance « {source} » pour l'organisation de {username} : "
                "créez-la sur la page « Imports et exports ».",
                returncode=2,
            )
        try:
            content = path.read_bytes()
        except OSError:
            raise CommandError(f"fichier introuvable ou illisible : {path}.", returncode=2) from None
        report = services.IMPORTS[kind](
            content=content, file_name=path.name, mapping=mapping, actor=actor, commit=wet_run
        )
        self.write_json(report.as_dict())
        if not report.ok:
            plural = "s" if report.errors_total > 1 else ""
            raise CommandError(
                f"{report.errors_total} erreur{plural} dans le fichier (détail dans le rapport) : rien n'a été écrit.",
                returncode=2,
            )

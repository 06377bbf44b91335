"""`ribambelle allocate INPUT.json [-o OUTPUT.json]`: the allocation engine on a JSON file, no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from ribambelle.core.management.base import RibambelleCommand
from ribambelle.engines.allocation import allocate, instance_from_json, read_json, result_to_json


class Command(RibambelleCommand):
    help = (
        "Attribue les places d'un fichier JSON de demandes (programmes, enfants, priorités, tirage au sort) ; "
        "affiche l'attribution, ses explications et ses chiffres en JSON, ou les écrit dans le fichier -o."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="fichier JSON des programmes et des enfants")
        parser.add_argument("-o", "--output", type=Path, help="fichier JSON à écrire (seulement en cas de succès)")

    def run(self, *, input: Path, output: Path | None, **options: Any) -> None:
        try:
            text = input.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ValueError(f"fichier introuvable : {input}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"fichier illisible : {input} ({type(exc).__name__})") from None
        result = result_to_json(allocate(instance_from_json(read_json(text))))
        if output is None:
            self.write_json(result)
        else:
            try:
                output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            except OSError as exc:
                raise ValueError(f"fichier de sortie impossible à écrire : {output} ({exc.strerror})") from None

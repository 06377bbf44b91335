"""`ribambelle allocate` as a real process: JSON in, JSON out, one French line and status 2 on bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.territory.cli import run_cli

ISSUE_EXAMPLE: dict[str, Any] = {
    "programs": [
        {"id": "lucioles/bebes", "facility": "lucioles", "section": "bebes", "capacity": 1},
        {"id": "tilleuls/bebes", "facility": "tilleuls", "section": "bebes", "capacity": 0},
    ],
    "children": [
        {
            "id": "c1",
            "family": "f1",
            "priority": 42.5,
            "applied_on": "2026-02-03",
            "preferences": ["lucioles/bebes", "tilleuls/bebes"],
            "bonus": {"lucioles/bebes": 10},
        },
        {"id": "c2", "family": "f2", "priority": 47, "applied_on": "2026-01-10", "preferences": ["lucioles/bebes"]},
    ],
    "tie_break": {"seed": 2026},
}


def _allocate(tmp_path: Path, document: object, *args: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "input.json"
    source.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    # The command reads no database; the URL only keeps the run away from var/.
    return run_cli(f"sqlite:///{tmp_path}/unused.sqlite3", "allocate", str(source), *args)


def test_the_issue_example_prints_assignments_explanations_and_stats(tmp_path):
    result = _allocate(tmp_path, ISSUE_EXAMPLE)

    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["assignments"] == {"c1": "lucioles/bebes", "c2": None}
    assert output["explanations"] == {"c2": [{"program": "lucioles/bebes", "reason": "full", "cutoff_priority": 52.5}]}
    assert {key: output["stats"][key] for key in ("placed", "unplaced", "blocking")} == {
        "placed": 1,
        "unplaced": 1,
        "blocking": 0,
    }


def test_the_output_option_writes_the_file_and_prints_nothing(tmp_path):
    target = tmp_path / "out.json"

    result = _allocate(tmp_path, ISSUE_EXAMPLE, "-o", str(target))

    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["assignments"]["c1"] == "lucioles/bebes"


def _broken(change: str) -> object:
    document = json.loads(json.dumps(ISSUE_EXAMPLE))
    if change == "unknown program":
        document["children"][1]["preferences"] = ["x/y"]
    elif change == "duplicate child":
        document["children"][1]["id"] = "c1"
    elif change == "duplicate program":
        document["programs"][1]["id"] = "lucioles/bebes"
    elif change == "negative capacity":
        document["programs"][0]["capacity"] = -1
    elif change == "missing field":
        del document["children"][0]["applied_on"]
    elif change == "bad date":
        document["children"][0]["applied_on"] = "03/02/2026"
    elif change == "unknown slot":
        document["children"][0]["slots"] = ["sat-am"]
    elif change == "staff without date":
        document["facilities"] = [{"id": "lucioles", "staff": 2, "ratio": "5-8"}]
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("malformed", "JSON mal formé : ligne 1, colonne 2"),
        ("unknown program", "préférence inconnue : l'enfant c2 demande le programme \"x/y\" qui n'existe pas"),
        ("duplicate child", 'identifiant en double : l\'enfant "c1" apparaît deux fois'),
        ("duplicate program", 'identifiant en double : le programme "lucioles/bebes" apparaît deux fois'),
        ("negative capacity", 'capacité négative : le programme "lucioles/bebes" a une capacité de -1'),
        ("missing field", "champ manquant : l'enfant c1 n'a pas de \"applied_on\""),
        ("bad date", 'valeur invalide : "applied_on" de l\'enfant c1 doit être une date AAAA-MM-JJ, pas "03/02/2026"'),
        ("unknown slot", 'créneau inconnu : l\'enfant c1 demande le créneau "sat-am"'),
        ("staff without date", 'date manquante : "on"'),
    ],
)
def test_a_bad_input_is_one_french_line_status_2_and_no_file(tmp_path, change, message):
    target = tmp_path / "out.json"
    document = "{nope" if change == "malformed" else _broken(change)

    result = _allocate(tmp_path, document, "-o", str(target))

    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ribambelle allocate: erreur : ") and message in lines[0]
    assert not target.exists()


def test_a_missing_input_file_is_one_french_line(tmp_path):
    result = run_cli(f"sqlite:///{tmp_path}/unused.sqlite3", "allocate", str(tmp_path / "absent.json"))

    assert result.returncode == 2
    assert result.stderr.strip() == f"ribambelle allocate: erreur : fichier introuvable : {tmp_path / 'absent.json'}"


def test_an_output_in_a_missing_folder_is_one_french_line(tmp_path):
    target = tmp_path / "absent" / "out.json"

    result = _allocate(tmp_path, ISSUE_EXAMPLE, "-o", str(target))

    assert result.returncode == 2 and not target.exists()
    assert result.stderr.strip().startswith(
        f"ribambelle allocate: erreur : fichier de sortie impossible à écrire : {target}"
    )

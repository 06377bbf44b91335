from __future__ import annotations

import copy
import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ribambelle.territory.management.commands.bill import Command
from tests.territory.cli import run_cli

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "rules" / "bill-example.json"


def _bill(path: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database_url, "bill", str(path))


def test_the_documented_example_is_the_fourth_worked_example_of_the_notes(database_url):
    result = _bill(EXAMPLE, database_url)

    assert result.returncode == 0, result.stderr
    bill = json.loads(result.stdout)
    assert {key: value for key, value in bill.items() if key.endswith(("_hours", "amount"))} == {
        "contracted_hours": "135.00",
        "extra_hours": "1.00",
        "deducted_hours": "9.00",
        "billed_hours": "127.00",
        "attended_hours": "118.00",
        "amount": "209.55",
    }
    assert bill["deductions"] == [
        {"date": "2026-10-08", "reason": "illness_with_certificate", "minutes": 540, "hours": "9.00"}
    ]
    assert bill["minutes"] == {"contracted": 8100, "extra": 60, "deducted": 540, "billed": 7620, "attended": 7080}
    assert bill["rounding"]["value"] == "up_30"
    assert [(ref["key"], ref["effective_on"], ref["confirmed"]) for ref in bill["references"]] == [
        ("billing.absence_waiting_days", "2013-01-01", False)
    ]


def test_malformed_json_exits_with_status_2_and_one_french_line(tmp_path, database_url):
    path = tmp_path / "mois.json"
    path.write_text('{"month": "2026-10",', encoding="utf-8")

    result = _bill(path, database_url)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"ribambelle bill: erreur : JSON invalide dans {path}, ligne 1, colonne 21."]


@pytest.mark.django_db
def test_call_command_prints_one_json_object():
    out = StringIO()

    call_command("bill", str(EXAMPLE), stdout=out)

    assert json.loads(out.getvalue())["amount"] == "209.55"


def _without(data: dict, *path: str) -> dict:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return data


def _with(data: dict, value: object, *path: str | int) -> dict:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


EXAMPLE_DATA = json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param([], "le document doit être un objet JSON.", id="pas un objet"),
        pytest.param(_without(EXAMPLE_DATA, "month"), "Champ manquant : month.", id="mois manquant"),
        pytest.param(
            _without(EXAMPLE_DATA, "contract", "hourly_fee"),
            "Champ manquant : contract.hourly_fee.",
            id="tarif manquant",
        ),
        pytest.param(
            _with(EXAMPLE_DATA, 1.65, "contract", "hourly_fee"), "s'écrit entre guillemets", id="tarif flottant"
        ),
        pytest.param(
            _with(EXAMPLE_DATA, -30, "attendance", 0, "periods", 0, "arrival"),
            "attendance[0].periods[0].arrival : les minutes ne peuvent pas être négatives (-30).",
            id="minutes négatives",
        ),
        pytest.param(
            _with(EXAMPLE_DATA, "08:00", "attendance", 0, "periods", 0, "departure"),
            "attendance[0].periods[0] : Le départ (08:00) doit suivre l'arrivée (08:30).",
            id="départ avant l'arrivée",
        ),
        pytest.param(
            _with(EXAMPLE_DATA, "8h30", "attendance", 0, "periods", 0, "arrival"),
            "Heure invalide pour attendance[0].periods[0].arrival : '8h30' (attendu HH:MM).",
            id="heure illisible",
        ),
        pytest.param(
            _with(EXAMPLE_DATA, "vacances", "absences", 0, "reason"),
            "Motif d'absence inconnu « vacances »",
            id="motif inconnu",
        ),
        pytest.param(
            _with(EXAMPLE_DATA, "up_60", "rounding"), "Règle d'arrondi inconnue « up_60 »", id="arrondi inconnu"
        ),
        pytest.param(_without(EXAMPLE_DATA, "rounding"), "Champ manquant : rounding.", id="arrondi manquant"),
        pytest.param(_with(EXAMPLE_DATA, "2026-13", "month"), "Mois invalide : '2026-13'", id="mois invalide"),
        pytest.param(
            _with(EXAMPLE_DATA, [], "contract", "schedule", "lundi"), "Jour inconnu dans contract.schedule", id="jour"
        ),
        pytest.param(_with(EXAMPLE_DATA, "2027-01", "month"), "hors de la période du contrat", id="hors contrat"),
    ],
)
def test_bad_input_exits_with_status_2_and_one_french_line(db, tmp_path, capsys, data, message):
    path = tmp_path / "mois.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["ribambelle", "bill", str(path), "--skip-checks"])

    out, err = capsys.readouterr()
    assert exit_.value.code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("ribambelle bill: erreur : ") and message in err


def test_a_missing_file_exits_with_status_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["ribambelle", "bill", str(tmp_path / "absent.json"), "--skip-checks"])

    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"ribambelle bill: erreur : fichier introuvable ou illisible : {tmp_path / 'absent.json'}."
    ]

from __future__ import annotations

import json
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from tests.territory.cli import run_cli


def _fee(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database_url, "fee", *args)


def test_the_fee_of_the_first_worked_example_is_one_json_object(database_url):
    result = _fee(database_url, "--resources", "3200", "--children", "2", "--on", "2026-01-15")

    assert result.returncode == 0, result.stderr
    fee = json.loads(result.stdout)
    assert {key: fee[key] for key in ("hourly_rate", "hourly_rate_exact", "effort_rate", "floor", "ceiling")} == {
        "hourly_rate": "1.65",
        "hourly_rate_exact": "1.6512",
        "effort_rate": "0.000516",
        "floor": "801.00",
        "ceiling": "8500.00",
    }
    assert fee["resources_used"] == "3200" and fee["mode"] == "collective"
    assert [(ref["key"], ref["effective_on"], ref["confirmed"]) for ref in fee["references"]] == [
        ("psu.resources_floor", "2025-01-01", False),
        ("psu.resources_ceiling", "2025-09-01", True),
        ("psu.effort_rate_collective", "2022-01-01", True),
    ]
    assert set(fee["references"][0]) == {"key", "effective_on", "title", "href", "confirmed", "entered_locally"}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--resources", "10000", "--children", "1"), {"resources_used": "8500.00", "hourly_rate": "5.26"}),
        (("--resources", "4000", "--children", "3", "--aeeh", "1"), {"effort_rate": "0.000310", "hourly_rate": "1.24"}),
        (("--resources", "3200,00", "--children", "2", "--mode", "familial"), {"hourly_rate": "1.32"}),
        (("--resources", "3000", "--children", "1", "--ase"), {"resources_used": "801.00", "hourly_rate": "0.50"}),
    ],
    ids=["above the ceiling", "AEEH", "crèche familiale, decimal comma", "ASE placement"],
)
def test_the_options_reach_the_rule(db, options, expected):
    out = StringIO()

    call_command("fee", *options, "--on", "2026-01-15", stdout=out)

    fee = json.loads(out.getvalue())
    assert {key: fee[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--resources", "-5", "--children", "2"), "Les ressources mensuelles doivent être un montant positif ou nul."),
        (("--resources", "abc", "--children", "2"), "argument --resources: montant en euros attendu, pas « abc »"),
        (("--resources", "3200", "--children", "deux"), "argument --children: nombre entier attendu, pas « deux »"),
        (("--resources", "3200", "--children", "0"), "Le nombre d'enfants à charge doit être d'au moins 1."),
        (("--resources", "3200", "--children", "2", "--mode", "garderie"), "Mode d'accueil inconnu « garderie »"),
        (("--resources", "3200", "--children", "2", "--aeeh", "3"), "AEEH"),
    ],
    ids=["negative resources", "non-numeric resources", "non-numeric children", "no child", "unknown mode", "AEEH"],
)
def test_a_bad_input_is_one_french_line_and_status_2(database_url, options, message):
    result = _fee(database_url, *options, "--on", "2026-01-15")

    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ribambelle fee: erreur : ") and message in lines[0]


def test_a_date_before_any_value_is_one_french_line_and_status_2(database_url):
    result = _fee(database_url, "--resources", "3200", "--children", "2", "--on", "2014-06-01")

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "ribambelle fee: erreur : Le paramètre psu.resources_floor n'est pas en vigueur au 01/06/2014."
    ]


def test_a_malformed_date_is_one_french_line_and_status_2(database_url):
    result = _fee(database_url, "--resources", "3200", "--children", "2", "--on", "15/01/2026")

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "ribambelle fee: erreur : argument invalide : argument --on: date attendue au format AAAA-MM-JJ, "
        "pas « 15/01/2026 »"
    ]

from __future__ import annotations

import json
import subprocess
from io import StringIO

from django.core.management import call_command

from tests.territory.cli import run_cli


def test_params_lists_every_parameter_value_with_its_reference(db):
    out = StringIO()

    call_command("params", stdout=out)

    listed = json.loads(out.getvalue())
    categories = [item for item in listed if item["key"] == "capacity.collective_categories"]
    assert categories and "R2324-46" in categories[0]["reference"] and categories[0]["confirmed"] is True


def test_params_unconfirmed_lists_only_values_awaiting_a_check(db):
    out = StringIO()

    call_command("params", "--unconfirmed", stdout=out)

    listed = json.loads(out.getvalue())
    assert listed and all(item["confirmed"] is False for item in listed)


def _ribambelle(*args: str, tmp_path) -> subprocess.CompletedProcess[str]:
    """Against an empty, unmigrated database."""
    return run_cli(f"sqlite:///{tmp_path}/empty.sqlite3", *args)


def test_a_malformed_date_is_one_french_line_and_status_2(tmp_path):
    result = _ribambelle("params", "--on", "2026-13-01", tmp_path=tmp_path)

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "ribambelle params: erreur : argument invalide : argument --on: date attendue au format AAAA-MM-JJ, "
        "pas « 2026-13-01 »"
    ]


def test_a_database_not_migrated_is_one_french_line_and_status_2(tmp_path):
    result = _ribambelle("params", tmp_path=tmp_path)

    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "non migrée" in result.stderr

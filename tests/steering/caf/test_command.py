"""`ribambelle caf activity|filoue`: the files, and one-line French errors with exit status 2 and no file."""

from __future__ import annotations

import time_machine
from openpyxl import load_workbook

from ribambelle.steering.management.commands.caf import Command
from tests.commands import run_command
from tests.steering.caf.scenario import TODAY, lucioles_2026

NOW = TODAY.isoformat() + " 10:00 +0200"


def _run(*argv):
    return run_command(Command, "caf", *argv)


@time_machine.travel(NOW, tick=False)
def test_activity_writes_every_facility_of_the_database(cast, tmp_path):
    lucioles_2026(cast)
    output = tmp_path / "activite.xlsx"

    status, _, err = _run("activity", "--year", "2026", "-o", str(output))

    assert (status, err.strip()) == (0, f"2 établissements écrits dans {output}.")
    names = {row[0] for row in load_workbook(output)["Activité"].iter_rows(min_row=4, values_only=True)}
    assert names == {"Les Lucioles", "Les Coccinelles"}


@time_machine.travel(NOW, tick=False)
def test_filoue_writes_the_file_and_counts_the_children_left_out(cast, tmp_path):
    cast.organisation.caf_code = "691"
    cast.organisation.save()
    lucioles_2026(cast)
    output = tmp_path / "filoue.csv"

    status, _, err = _run("filoue", "--year", "2026", "--facility", str(cast.lucioles.pk), "-o", str(output))

    assert status == 0
    assert err.strip() == (f"1 enfants écrits dans {output} ; 1 laissés de côté faute d'accord FILOUE de leur famille.")
    assert len(output.read_text(encoding="utf-8-sig").splitlines()) == 2


def test_filoue_of_a_facility_without_identifiers_exits_2_and_writes_nothing(cast, tmp_path):
    output = tmp_path / "filoue.csv"

    status, _, err = _run("filoue", "--year", "2025", "--facility", str(cast.lucioles.pk), "-o", str(output))

    assert status == 2
    assert err.strip() == (
        "ribambelle caf: erreur : FILOUE impossible pour « Les Lucioles » : il manque le code organisme CAF "
        "(organisation)."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_bad_year_exits_2(cast, tmp_path):
    status, _, err = _run("activity", "--year", "26", "-o", str(tmp_path / "a.xlsx"))

    assert status == 2
    assert err.strip() == "ribambelle caf: erreur : --year attend une année entre 2000 et 2100, pas « 26 »."


def test_filoue_without_a_facility_exits_2(cast, tmp_path):
    status, _, err = _run("filoue", "--year", "2025", "-o", str(tmp_path / "f.csv"))

    assert (status, err.strip()) == (2, "ribambelle caf: erreur : filoue demande un établissement (--facility).")


def test_an_unknown_facility_exits_2(cast, tmp_path):
    status, _, err = _run("activity", "--year", "2025", "--facility", "999999", "-o", str(tmp_path / "a.xlsx"))

    assert (status, err.strip()) == (2, "ribambelle caf: erreur : établissement n° 999999 inconnu.")


def test_an_unwritable_file_exits_2_and_leaves_nothing_behind(cast, tmp_path):
    output = tmp_path / "absent" / "a.xlsx"

    status, _, err = _run("activity", "--year", "2025", "-o", str(output))

    assert status == 2
    assert err.startswith(f"ribambelle caf: erreur : impossible d'écrire {output}")
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_report_exits_2(cast, tmp_path):
    status, _, err = _run("psu", "--year", "2025", "-o", str(tmp_path / "a.xlsx"))

    assert status == 2 and "valeur « psu » non permise" in err

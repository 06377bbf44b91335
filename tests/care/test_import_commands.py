"""`ribambelle import attendance|contracts` and `ribambelle export attendance`: dry run, wet run, and one
French line with exit status 2 on bad input."""

from __future__ import annotations

import importlib
import json

import pytest

from ribambelle.care.management.commands.export import Command as ExportCommand
from ribambelle.care.models import Attendance, Contract, ImportBatch
from ribambelle.families.models import Family
from tests.care.contract_files import SOURCE as CONTRACT_SOURCE
from tests.care.contract_files import contract_csv, contract_mapping, contract_row
from tests.care.import_files import SOURCE, csv_bytes, mapping, week_rows
from tests.commands import run_command

# `import` is a Python keyword: the command module is loaded by name, as Django does.
ImportCommand = importlib.import_module("ribambelle.care.management.commands.import").Command


@pytest.fixture
def week_file(cast, tmp_path):
    mapping(cast)
    path = tmp_path / "semaine.csv"
    path.write_bytes(csv_bytes(week_rows(cast)))
    return path


def _import(path, *extra):
    return run_command(
        ImportCommand, "import", "attendance", str(path), "--source", SOURCE, "--as", "coordinatrice", *extra
    )


def test_the_import_is_a_dry_run_by_default(week_file):
    status, out, _ = _import(week_file)

    assert status == 0
    report = json.loads(out)
    assert (report["presences"], report["absences"], report["committed"]) == (5, 1, False)
    assert not Attendance.objects.exists()


def test_the_wet_run_writes_and_records_the_batch(cast, week_file):
    status, out, _ = _import(week_file, "--wet-run")

    assert status == 0 and json.loads(out)["committed"]
    assert Attendance.objects.count() == 5
    assert ImportBatch.objects.get().imported_by == cast.coordinatrice


def test_a_faulty_file_exits_2_with_one_french_line_and_writes_nothing(cast, tmp_path):
    mapping(cast)
    path = tmp_path / "faux.csv"
    path.write_bytes(csv_bytes([*week_rows(cast), (cast.leo.pk, "Les Lucioles", "12/01/2026", "25:00", "26:00", "")]))

    status, out, err = _import(path, "--wet-run")

    assert status == 2
    assert err.strip().splitlines() == [
        "ribambelle import: erreur : 2 erreurs dans le fichier (détail dans le rapport) : rien n'a été écrit."
    ]
    assert [error["row"] for error in json.loads(out)["errors"]] == [8, 8]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--source", "Autre logiciel", "--as", "coordinatrice"), "aucune correspondance « Autre logiciel »"),
        (("--source", SOURCE, "--as", "personne"), "utilisateur « personne » inconnu ou inactif."),
        (("--source", SOURCE), "arguments obligatoires manquants : --as"),
    ],
)
def test_bad_import_arguments_exit_2_with_one_french_line(week_file, argv, message):
    status, _, err = run_command(ImportCommand, "import", "attendance", str(week_file), *argv)

    assert status == 2
    assert len(err.strip().splitlines()) == 1 and message in err
    assert not Attendance.objects.exists()


def test_a_missing_file_exits_2(cast, tmp_path):
    mapping(cast)

    status, _, err = _import(tmp_path / "absent.csv")

    assert status == 2 and f"fichier introuvable ou illisible : {tmp_path / 'absent.csv'}." in err


def test_a_director_may_not_import_from_the_command_line(cast, week_file):
    status, _, err = run_command(
        ImportCommand, "import", "attendance", str(week_file), "--source", SOURCE, "--as", "directrice", "--wet-run"
    )

    assert status == 2 and "aucune correspondance" not in err
    assert err.strip() == "ribambelle import: erreur : Vous n'avez pas le droit d'importer des pointages."


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--from", "01/01/2026", "--to", "2026-12-31"), "date attendue au format AAAA-MM-JJ, pas « 01/01/2026 »"),
        (("--from", "2026-12-31", "--to", "2026-01-01"), "--to ne peut pas précéder --from."),
        (("--from", "2026-01-01", "--to", "2026-12-31", "--format", "xlsx"), "valeur « xlsx » non permise"),
        (("--from", "2026-01-01", "--to", "2026-12-31", "--as", "elu"), "elu ne voit les enfants d'aucun"),
    ],
)
def test_bad_export_arguments_exit_2_with_one_french_line(cast, tmp_path, argv, message):
    status, _, err = run_command(ExportCommand, "export", "attendance", *argv, "-o", str(tmp_path / "x.csv"))

    assert status == 2
    assert len(err.strip().splitlines()) == 1 and message in err


@pytest.fixture
def contracts_file(cast, tmp_path):
    contract_mapping(cast)
    path = tmp_path / "contrats.csv"
    path.write_bytes(contract_csv([contract_row()]))
    return path


def _import_contracts(path, *extra):
    return run_command(
        ImportCommand, "import", "contracts", str(path), "--source", CONTRACT_SOURCE, "--as", "coordinatrice", *extra
    )


def test_a_contract_import_is_a_dry_run_by_default(contracts_file):
    status, out, _ = _import_contracts(contracts_file)

    assert status == 0
    report = json.loads(out)
    assert (report["kind"], report["contracts"], report["families"], report["committed"]) == ("contracts", 1, 1, False)
    assert not Family.objects.filter(reference="DOS-0101").exists()


def test_the_wet_run_of_a_contract_file_writes_its_families_and_contracts(cast, contracts_file):
    status, out, _ = _import_contracts(contracts_file, "--wet-run")

    assert status == 0 and json.loads(out)["committed"]
    assert Contract.objects.filter(child__family__reference="DOS-0101").count() == 1
    assert ImportBatch.objects.get().imported_by == cast.coordinatrice


def test_a_faulty_contract_file_exits_2_with_one_french_line_and_writes_nothing(cast, tmp_path):
    contract_mapping(cast)
    path = tmp_path / "faux.csv"
    path.write_bytes(contract_csv([contract_row(), contract_row(Dossier="DOS-0102", Fin="09/07/2035")]))

    status, out, err = _import_contracts(path, "--wet-run")

    assert status == 2
    assert err.strip().splitlines() == [
        "ribambelle import: erreur : 1 erreur dans le fichier (détail dans le rapport) : rien n'a été écrit."
    ]
    assert [(error["row"], error["column"]) for error in json.loads(out)["errors"]] == [(3, "Fin")]
    assert not Family.objects.filter(reference__startswith="DOS-").exists()


def test_an_attendance_mapping_is_not_a_contract_mapping(cast, tmp_path):
    mapping(cast, source=CONTRACT_SOURCE)
    path = tmp_path / "contrats.csv"
    path.write_bytes(contract_csv([contract_row()]))

    status, _, err = _import_contracts(path)

    assert status == 2 and f"aucune correspondance « {CONTRACT_SOURCE} »" in err


def test_a_director_may_not_import_contracts_from_the_command_line(contracts_file):
    status, _, err = run_command(
        ImportCommand, "import", "contracts", str(contracts_file), "--source", CONTRACT_SOURCE, "--as", "directrice"
    )

    assert status == 2
    assert err.strip() == "ribambelle import: erreur : Vous n'avez pas le droit d'importer des contrats."

"""The attendance import in a real browser: a coordinator imports a file with errors, reads the report,
fixes the file and imports it; each page checked by axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ribambelle.care.models import Absence, Attendance, ImportBatch
from tests.care.import_files import csv_bytes, week_rows
from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path


def _save_the_mapping(page: Page, axe_check: AxeCheck) -> None:
    page.get_by_role("link", name="Nouvelle correspondance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle correspondance de colonnes")
    axe_check(page)
    page.get_by_label("Logiciel d'origine").fill("Logiciel Petits Pas")
    page.get_by_label("Format des dates").select_option(label="31/12/2026")
    page.get_by_label("Format des heures").select_option(label="08:30")
    for label, column in (
        ("Identifiant Ribambelle de l'enfant", "N° enfant"),
        ("Nom de l'établissement", "Structure"),
        ("Jour", "Date"),
        ("Heure d'arrivée", "Arrivée"),
        ("Heure de départ", "Départ"),
        ("Motif d'absence", "Motif"),
    ):
        page.get_by_label(re.compile(rf"^{re.escape(label)}\W*$")).fill(column)  # Django adds « : »
    page.get_by_label("Libellés pour « Maladie sans certificat »").fill("MAL")
    page.get_by_role("button", name="Enregistrer la correspondance").click()
    expect(page.get_by_role("status")).to_have_text("La correspondance « Logiciel Petits Pas » est enregistrée.")


def _check_file(page: Page, content: bytes) -> None:
    page.get_by_label("Correspondance de colonnes").select_option(label="Logiciel Petits Pas")
    page.get_by_label("Fichier de pointages").set_input_files(
        files=[{"name": "pointages.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérification du fichier « pointages.csv »")


def test_the_coordinator_imports_a_file_with_errors_reads_the_report_fixes_the_file_and_imports_it(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "coordinatrice")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Imports et exports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import de pointages")
    expect(page.get_by_text("Aucune correspondance de colonnes n'est enregistrée")).to_be_visible()
    axe_check(page)
    _save_the_mapping(page, axe_check)
    axe_check(page)

    leo = cast.leo.pk
    faulty = [
        *week_rows(cast)[:3],
        (leo, "Les Lucioles", "07/01/2026", "11:30", "17:00", ""),  # overlaps the morning of row 4
        (leo, "Les Lucioles", "08/01/2026", "", "", "Grippe"),  # a label the mapping does not know
        week_rows(cast)[5],
    ]
    _check_file(page, csv_bytes(faulty))

    job = page.get_by_role("region", name="Avancement de la tâche")
    expect(job.get_by_text("Terminée", exact=True)).to_be_visible()
    expect(job.get_by_role("heading", level=2)).to_have_text("2 erreurs : rien n'a été écrit")
    errors = job.get_by_role("table", name=re.compile("^Erreurs par ligne du fichier"))
    expect(errors.get_by_role("row", name=re.compile("^5 "))).to_contain_text("Arrivée")
    expect(errors.get_by_role("row", name=re.compile("^5 "))).to_contain_text(
        "Chevauche la présence de la ligne 4 (jusqu'à 12:00)."
    )
    expect(errors.get_by_role("row", name=re.compile("^6 "))).to_contain_text(
        "Motif « Grippe » absent de la correspondance « Logiciel Petits Pas »."
    )
    expect(job.get_by_role("button", name="Importer ce fichier")).to_have_count(0)
    axe_check(page)
    assert not Attendance.objects.exists()

    job.get_by_role("link", name="Déposer un fichier corrigé").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import de pointages")
    _check_file(page, csv_bytes(week_rows(cast)))
    expect(job.get_by_role("heading", level=2)).to_have_text("Fichier vérifié : aucune erreur")
    expect(job).to_contain_text("5 présences à écrire.")
    expect(job).to_contain_text("1 absence à écrire.")
    axe_check(page)
    assert not Attendance.objects.exists()

    job.get_by_role("button", name="Importer ce fichier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import du fichier « pointages.csv »")
    expect(job.get_by_role("heading", level=2)).to_have_text("Import terminé")
    expect(job).to_contain_text("5 présences écrites.")
    axe_check(page)
    assert (Attendance.objects.count(), Absence.objects.count()) == (5, 1)

    job.get_by_role("link", name="Retour à l'import de pointages").click()
    imported = page.get_by_role("table", name="Derniers fichiers importés")
    expect(imported.get_by_role("row", name=re.compile("pointages.csv"))).to_contain_text("du 05/01/2026 au 09/01/2026")
    axe_check(page)
    assert ImportBatch.objects.get().imported_by == cast.coordinatrice

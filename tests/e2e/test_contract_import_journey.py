"""The contract import in a real browser: a coordinator saves the mapping of her former software, imports the
guide's sample file with an error, reads the report, fixes the file, imports it and finds the contracts on
the contract list; each page checked by axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ribambelle.care.models import Contract, ImportBatch
from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "exemple-contrats.csv"
# The mapping form's fields and the sample file's columns.
MAPPED = {
    "N° de dossier de la famille": "Dossier",
    "Prénom de l'enfant": "Prénom",
    "Nom de l'enfant": "Nom",
    "Date de naissance de l'enfant": "Né le",
    "Ressources mensuelles (€)": "Ressources",
    "Enfants à charge": "Enfants à charge",
    "Enfants bénéficiaires de l'AEEH": "AEEH",
    "Nom du parent": "Responsable",
    "Prénom du parent": "Prénom responsable",
    "Adresse de la famille": "Adresse",
    "Code postal": "CP",
    "Commune": "Ville",
    "Nom de l'établissement": "Structure",
    "Type d'accueil": "Type",
    "Début du contrat": "Début",
    "Fin du contrat": "Fin",
    "Semaines de présence dans l'année": "Semaines",
    **{
        f"{edge} le {day}": f"{day[:3].capitalize()} {edge.lower()}"
        for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
        for edge in ("Arrivée", "Départ")
    },
}


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path


def _field(page: Page, label: str) -> Any:
    """The field labelled exactly ``label`` (Django adds « : »)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\W*$"))


def _save_the_mapping(page: Page, axe_check: AxeCheck) -> None:
    page.get_by_role("link", name="Nouvelle correspondance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle correspondance de colonnes")
    expect(page.get_by_text("Données importées : contrats d'accueil.")).to_be_visible()
    axe_check(page)
    _field(page, "Logiciel d'origine").fill("Logiciel Câlins")
    page.get_by_label("Format des dates").select_option(label="31/12/2026")
    page.get_by_label("Format des heures").select_option(label="08h30")
    for label, column in MAPPED.items():
        _field(page, label).fill(column)
    page.get_by_label("Libellés pour « Accueil régulier »").fill("REG")
    page.get_by_label("Libellés pour « Accueil occasionnel »").fill("OCC")
    page.get_by_role("button", name="Enregistrer la correspondance").click()
    expect(page.get_by_role("status")).to_have_text("La correspondance « Logiciel Câlins » est enregistrée.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import de contrats")


def _check_file(page: Page, content: bytes) -> None:
    page.get_by_label("Correspondance de colonnes").select_option(label="Logiciel Câlins")
    page.get_by_label("Fichier de contrats").set_input_files(
        files=[{"name": "contrats.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérification du fichier « contrats.csv »")


def test_the_coordinator_imports_contracts_fixes_a_faulty_row_and_finds_them_on_the_contract_list(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "coordinatrice")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Imports et exports").click()
    page.get_by_role("navigation", name="Imports et exports").get_by_role("link", name="Import de contrats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import de contrats")
    axe_check(page)
    _save_the_mapping(page, axe_check)
    axe_check(page)

    sample = SAMPLE.read_bytes()
    # Maëlle's contract at Les Coccinelles, but on Saturdays, when it is closed.
    faulty = sample.replace(b"09h00;16h30;;;;;;;2 800,00", b"09h00;16h30;;;;;09h00;12h00;2 800,00")
    assert faulty != sample
    _check_file(page, faulty)

    job = page.get_by_role("region", name="Avancement de la tâche")
    expect(job.get_by_text("Terminée", exact=True)).to_be_visible()
    expect(job.get_by_role("heading", level=2)).to_have_text("1 erreur : rien n'a été écrit")
    row = job.get_by_role("table", name=re.compile("^Erreurs par ligne du fichier")).get_by_role(
        "row", name=re.compile("^3 ")
    )
    expect(row).to_contain_text("Sam arrivée, Sam départ")
    expect(row).to_contain_text("L'établissement est fermé le samedi.")
    expect(job.get_by_role("button", name="Importer ce fichier")).to_have_count(0)
    axe_check(page)
    assert not Contract.objects.filter(child__family__reference__startswith="DOS-").exists()

    job.get_by_role("link", name="Déposer un fichier corrigé").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import de contrats")
    _check_file(page, sample)
    expect(job.get_by_role("heading", level=2)).to_have_text("Fichier vérifié : aucune erreur")
    expect(job).to_contain_text("3 contrats à écrire.")
    expect(job).to_contain_text("2 familles et 3 enfants à créer")
    axe_check(page)

    job.get_by_role("button", name="Importer ce fichier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import du fichier « contrats.csv »")
    expect(job.get_by_role("heading", level=2)).to_have_text("Import terminé")
    expect(job).to_contain_text("3 contrats écrits.")
    axe_check(page)
    assert ImportBatch.objects.get().imported_by == cast.coordinatrice

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Contrats").click()
    page.get_by_role("link", name="Voir les contrats de Les Lucioles").click()
    contracts = page.get_by_role("table", name=re.compile("^Contrats en cours et à venir"))
    expect(contracts.get_by_role("row", name=re.compile("Lina Durand"))).to_contain_text("du 01/09/2026 au 09/07/2027")
    expect(contracts.get_by_role("row", name=re.compile("Noé Petit"))).to_contain_text("Accueil occasionnel")
    axe_check(page)

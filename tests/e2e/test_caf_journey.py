"""« Déclarations CAF » in a real browser: the coordinator downloads the activity file and a FILOUE file; an
elected official gets the activity file only."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login
from tests.steering.caf.scenario import lucioles_2026

pytestmark = pytest.mark.django_db(transaction=True)


def _open_2026(page: Page, axe_check: AxeCheck) -> None:
    page.get_by_role("link", name="Déclarations CAF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Déclarations CAF \d{4}"))
    axe_check(page)
    page.get_by_label("Année").fill("2026")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclarations CAF 2026")
    axe_check(page)


def test_the_coordinator_downloads_the_activity_file_and_a_filoue_file(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    cast.organisation.caf_code = "691"
    cast.organisation.save()
    lucioles_2026(cast)
    login(page, "coordinatrice")
    _open_2026(page, axe_check)
    lucioles = page.get_by_role("row", name=re.compile("Les Lucioles"))
    expect(lucioles).to_contain_text("2 enfants, dont 1 avec accord FILOUE")

    with page.expect_download() as filoue:
        lucioles.get_by_role("link", name=re.compile("FILOUE \\(CSV\\)")).click()
    page.get_by_role("button", name="Produire l'activité 2026 de tous les établissements (XLSX)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Données d'activité CAF 2026 de tous les établissements")
    axe_check(page)
    with page.expect_download() as activity:
        page.get_by_role("link", name="Télécharger l'activité 2026 de 2 établissements (XLSX)").click()

    assert activity.value.suggested_filename == "caf-activite-2026-tous-etablissements.xlsx"
    sheet = load_workbook(io.BytesIO(Path(activity.value.path()).read_bytes()))["Activité"]
    rows = {(row[0], row[3]): row[4] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Les Lucioles", "Capacité théorique (heures)"] == 85800  # 260 days × 11 h × 30 places
    assert rows["Les Lucioles", "Participations familiales (€)"] == 3341.28  # Léo: 12 × 278.44 €
    assert ("Les Coccinelles", "Jours d'ouverture") in rows
    assert filoue.value.suggested_filename == f"filoue-2026-etablissement-{cast.lucioles.pk}.csv"
    text = Path(filoue.value.path()).read_text(encoding="utf-8-sig")
    header, *children = list(csv.reader(text.splitlines(), delimiter=";"))
    (leo,) = children  # Zoé's family did not agree
    record = dict(zip(header, leo, strict=True))
    assert (record["CODE_ORGANISME_CAF"], record["MATRICULE_ALLOCATAIRE"], record["DATE_PREMIER_ACCUEIL"]) == (
        "691",
        "1234567",
        "05/01/2026",
    )


def test_an_elected_official_sees_no_filoue_link(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "elu")
    _open_2026(page, axe_check)

    expect(page.get_by_role("link", name=re.compile("Activité \\(XLSX\\)")).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("FILOUE"))).to_have_count(0)

"""The activity cockpit in a real browser: the coordinator filters a sector, drills into a facility and a
month, downloads the XLSX table and the PDF report; the elected official reads the dashboards, no name."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ribambelle.care.models import Contract
from ribambelle.steering.services import facts_refresh
from tests.care.statement_month import MARCH, leo_in_march
from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def march(cast: Cast) -> Cast:
    leo_in_march(cast)
    Contract.objects.filter(pk=cast.leo_contract.pk).update(section=cast.lucioles.sections.get(name="Bébés"))
    facts_refresh(start_on=MARCH, end_on=date(2026, 3, 31))
    return cast


def _show_2026(page: Page, sector: str | None = None) -> None:
    page.get_by_label("Année").select_option("2026")
    if sector:
        page.get_by_role("combobox", name="Secteur").select_option(label=sector)
    page.get_by_role("button", name="Afficher").click()


def test_the_coordinator_drills_from_the_territory_to_a_month_and_downloads(
    page: Page, live_server: Any, march: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "coordinatrice")
    page.get_by_role("link", name="Activité", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activité du territoire")
    _show_2026(page, sector="Nord")
    facilities = page.get_by_role("table", name=re.compile("Activité par établissement"))
    expect(facilities.get_by_role("row")).to_have_count(2)  # header + Les Lucioles
    expect(page.get_by_role("img", name=re.compile("Taux d'occupation réel par mois"))).to_be_visible()
    page.get_by_text("Comment est-ce calculé ?").nth(3).click()
    expect(page.get_by_text(re.compile("Heures réalisées ÷ capacité théorique = 144,17"))).to_be_visible()
    axe_check(page)

    with page.expect_download() as table:
        page.locator("p", has_text="Télécharger le tableau des mois").get_by_role("link", name="XLSX").click()
    sheet = load_workbook(io.BytesIO(Path(table.value.path()).read_bytes())).active
    march_row = [cell.value for cell in sheet[4]]
    assert (table.value.suggested_filename, march_row[:2]) == ("activite-2026-mois.xlsx", ["2026-03", 6930])

    facilities.get_by_role("link", name="Les Lucioles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activité — Les Lucioles")
    sections = page.get_by_role("table", name=re.compile("Activité par section"))
    expect(sections.get_by_role("row", name=re.compile("^Bébés"))).to_contain_text("144,17")
    expect(sections.get_by_role("row", name=re.compile("^Grands"))).to_contain_text("0,00")
    axe_check(page)
    with page.expect_download() as report:
        page.get_by_role("link", name="Rapport PDF").click()
    text = " ".join(p.extract_text() for p in PdfReader(Path(report.value.path())).pages)
    assert "Rapport d'activité — Les Lucioles" in text and "Bébés" in text

    page.get_by_role("link", name="mars 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les Lucioles — mars 2026")
    days = page.get_by_role("table", name="Activité jour par jour")
    expect(days.get_by_role("row", name=re.compile("mercredi 18"))).to_contain_text("Fermé")
    month_sections = page.get_by_role("table", name="Activité par section, mars 2026")
    expect(month_sections.get_by_role("row", name=re.compile("^Bébés"))).to_contain_text("142,25")
    axe_check(page)


def test_the_elected_official_sees_the_dashboards_and_no_name(
    page: Page, live_server: Any, march: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "elu")
    page.get_by_role("link", name="Activité", exact=True).click()
    _show_2026(page)
    expect(page.get_by_role("table", name=re.compile("Activité par établissement"))).to_contain_text("Les Coccinelles")
    axe_check(page)
    page.get_by_role("link", name="Les Lucioles").first.click()
    page.get_by_role("link", name="mars 2026").click()
    axe_check(page)
    body = page.locator("main").inner_text()
    for name in ("Léo", "Martin", "Inès", "Bernard", "Haddad"):
        assert name not in body

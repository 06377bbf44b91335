"""The monthly statements in a real browser: the facility-month table and a family's PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.care.statement_month import leo_in_march
from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_a_family_statement_pdf_is_produced_and_its_totals_match_the_screen(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    leo_in_march(cast)
    login(page, "coordinatrice")
    page.get_by_role("link", name="Relevés mensuels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Relevés mensuels")
    axe_check(page)

    page.get_by_label("Établissement").select_option(label="Les Lucioles")
    page.get_by_label("Mois").fill("2026-03")
    page.get_by_role("button", name="Afficher les relevés").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Relevés mensuels — Les Lucioles — mars 2026")
    axe_check(page)
    table = page.get_by_role("table", name=re.compile("Relevés de mars 2026"))
    amount_column = table.get_by_role("columnheader").all_inner_texts().index("Montant")
    leo = table.get_by_role("row", name=re.compile("Léo Martin"))
    amount = _flat(leo.locator("th, td").nth(amount_column).inner_text())
    total = _flat(table.locator("tfoot td").nth(amount_column - 4).inner_text())
    assert amount == total == "234,71 €"

    with page.expect_download() as download:
        leo.get_by_role("link", name=re.compile("relevé de la famille Martin")).click()

    assert download.value.suggested_filename == "releve-2026-03-F-2025-0001.pdf"
    text = _flat(" ".join(p.extract_text() for p in PdfReader(Path(download.value.path())).pages))
    assert f"Total à payer pour mars 2026 : {amount}" in text
    assert f"Montant {amount}" in text

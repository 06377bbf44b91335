"""A whole allocation committee in the browser: the coordinator prepares a session for entries on 4
January 2027 (one place in each babies' section), runs the engine with its progress, reviews the
proposal, adjusts one decision with a reason, validates, and downloads the minutes and one letter."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ribambelle.families.models import Child
from ribambelle.families.services import child_add
from tests.allocation.grid import answer, published_grid
from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login
from tests.families.applications import apply

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_runs_a_committee_session_end_to_end(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    grid = published_grid(cast)
    jade = apply(cast)
    hugo = child_add(
        family=cast.bernard,
        child=Child(first_name="Hugo", last_name="Bernard", birth_on=date(2026, 4, 2)),
        actor=cast.coordinatrice,
    )
    answer(cast, jade, grid, "Les deux parents", "Non", "Non")
    answer(cast, apply(cast, child=hugo, received_on=date(2026, 10, 1)), grid, "Un parent", "Non", "Non")
    login(page, "coordinatrice")

    page.get_by_role("link", name="Commissions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissions d'attribution")
    page.get_by_role("link", name="Préparer une commission").click()
    axe_check(page)
    page.get_by_label("Intitulé").fill("Commission de janvier")
    page.get_by_label("Date de la commission").fill("2026-11-20")
    page.get_by_label("Date d'entrée des enfants").fill("2027-01-04")
    page.get_by_role("button", name="Préparer la commission").click()
    expect(page.get_by_role("status")).to_have_text(
        "La commission est préparée : vérifiez les places, puis lancez le calcul."
    )
    expect(page.get_by_text("2 demandes complètes examinées.")).to_be_visible()
    for facility in ("Les Lucioles", "Les Coccinelles"):
        page.get_by_label(f"Places à {facility}, section Bébés").fill("1")
        page.get_by_label(f"Places à {facility}, section Grands").fill("0")
    page.get_by_role("button", name="Enregistrer les places").click()
    expect(page.get_by_role("status")).to_have_text("Places enregistrées.")
    axe_check(page)

    page.get_by_role("button", name="Lancer le calcul de la proposition").click()
    job = page.get_by_role("region", name="Avancement de la tâche")
    expect(job.get_by_text("Terminée", exact=True)).to_be_visible()
    expect(job.get_by_text("2 enfants placés, 0 sans place.")).to_be_visible()
    axe_check(page)
    job.get_by_role("link", name="Examiner la proposition").click()

    expect(page.get_by_role("heading", level=2, name="Proposition du moteur, à examiner")).to_be_visible()
    hugo_row = page.get_by_role("row", name=re.compile("^Hugo Bernard"))
    expect(hugo_row).to_contain_text("les places demandées ont été attribuées à des demandes ayant plus de points")
    axe_check(page)
    page.get_by_label("Place pour Hugo Bernard").select_option(label="Pas de place")
    page.get_by_role("button", name="Ajuster la décision pour Hugo Bernard").click()
    expect(page.get_by_role("status")).to_have_text("Hugo Bernard : Indiquez le motif de l'ajustement.")
    page.get_by_label("Place pour Hugo Bernard").select_option(label="Pas de place")
    page.get_by_label("Motif de l'ajustement pour Hugo Bernard").select_option(
        label="Horaires demandés incompatibles avec la place"
    )
    page.get_by_role("button", name="Ajuster la décision pour Hugo Bernard").click()
    expect(page.get_by_role("status")).to_have_text("Décision ajustée pour Hugo Bernard.")
    expect(hugo_row).to_contain_text("ajustée : horaires demandés incompatibles avec la place")

    page.get_by_role("button", name="Valider les décisions et envoyer les courriers").click()
    job = page.get_by_role("region", name="Avancement de la tâche")
    expect(job.get_by_text("Terminée", exact=True)).to_be_visible()
    expect(job.get_by_text("1 place proposée aux familles, avec leur délai de réponse.")).to_be_visible()
    axe_check(page)
    job.get_by_role("link", name="Retour à la commission").click()
    expect(page.get_by_role("row", name=re.compile("^Jade Martin"))).to_contain_text(
        "Les Lucioles : en attente de réponse"
    )
    axe_check(page)

    with page.expect_download() as minutes:
        page.get_by_role("link", name="Procès-verbal (PDF)").click()
    assert minutes.value.suggested_filename == "proces-verbal-2026-11-20.pdf"
    with page.expect_download() as letter:
        page.get_by_role("link", name="Courrier à la famille de Hugo Bernard (PDF)").click()
    assert letter.value.suggested_filename.startswith("courrier-demande-")
    assert Path(letter.value.path()).read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Commissions", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("^Commission de janvier"))).to_contain_text("Décisions validées")
    axe_check(page)
    page.get_by_role("link", name="Chiffres des commissions").click()
    territory = page.get_by_role("table", name="Territoire")
    # Two applications examined, one place offered (to Jade), not answered yet.
    row = territory.get_by_role("row", name=re.compile(r"^Territoire \d"))
    expect(row.get_by_role("cell").nth(0)).to_have_text("2")
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")
    expect(row.get_by_role("cell").nth(5)).to_have_text("0 %")
    axe_check(page)

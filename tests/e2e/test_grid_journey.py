"""The coordinator builds and publishes a criteria grid, answers an application's criteria with the
family's documents, and reads the waiting list of Les Lucioles ranked by points; axe-core on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login
from tests.families.applications import apply

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_publishes_a_grid_and_ranks_the_waiting_list(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    application = apply(cast)
    login(page, "coordinatrice")

    page.get_by_role("link", name="Critères d'attribution").click()
    expect(page.get_by_text("Aucune grille publiée")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Nouvelle grille").click()
    page.get_by_label("Nom").fill("Grille 2026")
    page.get_by_label("Applicable aux commissions à partir du").fill("2026-01-01")
    page.get_by_label("Points pour un frère ou une sœur accueilli·e dans l'établissement").fill("15")
    page.get_by_label("Points pour un établissement du secteur de la famille").fill("5")
    axe_check(page)
    page.get_by_role("button", name="Créer la grille").click()
    expect(page.get_by_role("status")).to_contain_text("ajoutez ses critères puis publiez-la")

    page.get_by_label(re.compile(r"^Critère\W*$")).fill("Famille monoparentale")
    page.get_by_label("Réponse 1", exact=True).fill("Oui")
    page.get_by_label("Points de la réponse 1").fill("12")
    page.get_by_label("Réponse 2", exact=True).fill("Non")
    page.get_by_label("Points de la réponse 2").fill("0")
    axe_check(page)
    page.get_by_role("button", name="Ajouter le critère").click()
    expect(page.get_by_role("status")).to_have_text("Le critère « Famille monoparentale » est ajouté.")
    page.get_by_role("button", name="Publier la grille").click()
    expect(page.get_by_role("status")).to_contain_text("La grille « Grille 2026 » est publiée")
    axe_check(page)

    page.goto(f"{live_server.url}/familles/demandes/{application.pk}/")
    page.get_by_role("link", name="Critères et points").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Critères de la demande")
    axe_check(page)
    page.get_by_label(re.compile(r"^Oui \(12 pts\)")).check()
    page.get_by_role("button", name="Enregistrer les réponses").click()
    expect(page.get_by_role("status")).to_have_text("Réponses enregistrées : 12 points.")

    page.get_by_role("link", name="Liste d'attente").click()
    page.get_by_label("Établissement").select_option(label="Les Lucioles")
    page.get_by_role("button", name="Afficher").click()
    row = page.get_by_role("row", name=re.compile("Jade Martin"))
    expect(row).to_contain_text("Bébés")
    # 12 points, and 5 more when Les Lucioles is in the family's sector (Léo's contract ends before January).
    points = 17 if cast.martin.sector_id == cast.lucioles.sector_id else 12
    expect(row.get_by_role("cell").nth(6)).to_have_text(str(points))
    axe_check(page)

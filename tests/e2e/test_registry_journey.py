"""The registry's journeys in a real browser, each page checked by axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)

# Columns of the registry table after the row header (the facility's name).
CATEGORY, PLACES = 3, 4


def _registry(page: Page) -> Locator:
    return page.get_by_role("table", name="Registre des établissements")


def _registry_row(page: Page, facility: str) -> Locator:
    return _registry(page).get_by_role("row").filter(has=page.get_by_role("link", name=facility, exact=True))


def test_the_coordinator_filters_the_registry_edits_a_facility_and_finds_her_change_in_its_history(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "coordinatrice")

    lucioles, coccinelles = _registry_row(page, "Les Lucioles"), _registry_row(page, "Les Coccinelles")
    expect(lucioles.get_by_role("cell").nth(CATEGORY)).to_have_text("crèche")
    expect(lucioles.get_by_role("cell").nth(PLACES)).to_have_text("30")
    expect(coccinelles.get_by_role("cell").nth(CATEGORY)).to_have_text("petite crèche")
    expect(coccinelles.get_by_role("cell").nth(PLACES)).to_have_text("24")
    figures = page.get_by_role("region", name=re.compile("^Établissements au")).get_by_role("listitem")
    expect(figures).to_have_text(["2 établissements", "54 places autorisées", "0 autorisation à renouveler"])
    axe_check(page)

    page.get_by_label("Secteur").select_option(label="Nord")
    expect(coccinelles).to_have_count(0)
    expect(lucioles).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(rf"\?sector={cast.nord.pk}"))
    expect(page.get_by_label("Secteur")).to_have_value(str(cast.nord.pk))
    expect(coccinelles).to_have_count(0)
    expect(lucioles).to_be_visible()

    page.get_by_role("link", name="Les Lucioles", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les Lucioles")
    sections = page.get_by_role("table", name=re.compile("^Sections et places"))
    expect(sections.get_by_role("row", name=re.compile("^Bébés"))).to_be_visible()
    expect(sections.get_by_role("row", name=re.compile("^Grands"))).to_be_visible()
    authorisations = page.get_by_role("table", name=re.compile("^Autorisations successives"))
    expect(authorisations).to_contain_text("01/07/2025")
    expect(authorisations).to_contain_text("01/06/2040")
    axe_check(page)

    page.get_by_role("link", name="Modifier l'établissement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier « Les Lucioles »")
    axe_check(page)
    page.get_by_label("Code postal").fill("6910")
    page.get_by_role("button", name="Enregistrer").click()
    postcode = page.get_by_label("Code postal")
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(postcode).to_have_attribute("aria-invalid", "true")
    expect(postcode).to_have_accessible_description("Le code postal compte 5 chiffres.")
    axe_check(page)

    postcode.fill("69120")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_have_text("L'établissement « Les Lucioles » est enregistré.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les Lucioles")
    axe_check(page)

    page.get_by_role("link", name="Historique des modifications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Historique des modifications — Les Lucioles")
    change = page.get_by_role("row").filter(has_text="Claire Moreau").filter(has_text="Modification")
    expect(change.get_by_role("listitem").filter(has_text="69100")).to_contain_text("69100 → 69120")
    expect(change.get_by_role("deletion")).to_have_text("69100")
    expect(change.get_by_role("insertion")).to_have_text("69120")
    axe_check(page)


def test_a_director_sees_only_her_facility_and_gets_a_not_found_page_for_another(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "directrice")

    expect(_registry_row(page, "Les Lucioles")).to_be_visible()
    expect(_registry(page).get_by_role("link", name="Les Coccinelles")).to_have_count(0)
    axe_check(page)

    response = page.goto(f"{live_server.url}/etablissements/{cast.coccinelles.pk}/")

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.get_by_text("Les Coccinelles")).to_have_count(0)
    axe_check(page)


def test_a_director_is_refused_the_registry_check_with_a_french_page(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "directrice")
    expect(page.get_by_role("link", name="Contrôle du registre")).to_have_count(0)

    response = page.goto(f"{live_server.url}/registre/controle/")

    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    axe_check(page)


def test_the_coordinator_runs_the_registry_check_and_reads_its_result_on_the_job_page(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "coordinatrice")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Contrôle du registre"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrôle du registre")
    axe_check(page)

    page.get_by_role("button", name="Lancer le contrôle").click()

    expect(page).to_have_url(re.compile(r"/taches/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrôle du registre")
    job = page.get_by_role("region", name="Avancement de la tâche")
    expect(job.get_by_role("progressbar", name="Avancement : 100 % (2 sur 2)")).to_have_attribute("value", "100")
    expect(job.get_by_text("Terminée", exact=True)).to_be_visible()
    expect(job.get_by_role("heading", level=2)).to_have_text(re.compile(r"^Résultat du contrôle au \d\d/\d\d/\d{4}$"))
    expect(job).to_contain_text("2 établissements contrôlés, 0 point relevé.")
    expect(job).to_contain_text("Aucun point relevé : le registre est cohérent.")
    axe_check(page)


def test_the_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_the_main_content(
    page: Page, live_server: Any, cast: Cast, login: Login
) -> None:
    login(page, "coordinatrice")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()


def test_the_elected_official_sees_the_registry_without_any_name_of_a_person(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "elu")
    expect(_registry_row(page, "Les Lucioles")).to_be_visible()
    expect(_registry_row(page, "Les Coccinelles")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Les Lucioles", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Les Lucioles")
    body = page.locator("body")
    for person in ("Nadia Haddad", "Amélie Durand", "Claire Moreau", "Sophie Lefèvre", "Alex Martin"):
        expect(body).not_to_contain_text(person)
    expect(page.get_by_role("link", name="Modifier l'établissement")).to_have_count(0)
    expect(page.get_by_role("link", name="Historique des modifications")).to_have_count(0)
    axe_check(page)

"""The regulation pages in a real browser: local choices, the fee simulator, the dated parameters."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinator_sets_the_rounding_rule_then_simulates_a_family_fee(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "coordinatrice")
    page.get_by_role("link", name="Simulateur de tarif").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Simulateur de tarif")
    axe_check(page)

    page.get_by_label("Établissement").select_option(label="Les Lucioles")
    page.get_by_label("Date").fill("2026-01-15")
    page.get_by_label("Ressources mensuelles du foyer (€)").fill("3200")
    page.get_by_label("Enfants à charge").fill("2")
    for day in ("lundi", "mardi", "jeudi", "vendredi"):
        page.get_by_label(f"Arrivée le {day}").fill("08:30")
        page.get_by_label(f"Départ le {day}").fill("17:30")
    page.get_by_role("button", name="Calculer").click()
    expect(page.get_by_role("alert")).to_contain_text("Choix local manquant")
    axe_check(page)
    simulation = page.url  # the simulator is a GET form: its address holds the family's situation

    page.get_by_role("link", name="Réglementation").click()
    page.get_by_role("link", name="Choix locaux").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choix locaux")
    page.get_by_label(re.compile(r"^Choix\W")).select_option(label="Arrondi des heures facturées et réalisées")
    page.get_by_label("Valeur").select_option(label="toute demi-heure commencée est due")
    page.get_by_label("À partir du").fill("2025-09-01")
    page.get_by_label("Acte").fill("Délibération n° 2025-118 du 30/06/2025")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_have_text("Le choix local est enregistré.")
    expect(page.get_by_role("table", name="Choix enregistrés")).to_contain_text("toute demi-heure commencée est due")
    axe_check(page)

    page.goto(simulation)
    result = page.get_by_role("region", name="Résultat pour Les Lucioles")
    expect(result).to_be_focused()
    # 3 200 € × 0,0516 % = 1,65 €/h; 36 h × 45 semaines / 12 mois = 135 h → 222,75 €.
    expect(result).to_contain_text("1,65\u00a0€")
    expect(result).to_contain_text("135,00 h par mois")
    expect(result).to_contain_text("222,75\u00a0€")
    expect(result.get_by_role("table", name="Textes appliqués")).to_contain_text("psu.effort_rate_collective")
    axe_check(page)


def test_the_administrator_enters_a_value_and_everyone_sees_it_as_entered_locally(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "admin")
    page.get_by_role("link", name="Réglementation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réglementation : paramètres datés")
    axe_check(page)
    page.get_by_role("link", name="N'afficher que les paramètres non vérifiés").click()
    expect(page.get_by_role("heading", name="Catégories des crèches collectives", exact=False)).to_have_count(0)
    axe_check(page)

    page.get_by_role("link", name="Saisir une valeur").click()
    page.get_by_label("Paramètre").select_option(value="psu.resources_floor")
    page.get_by_label("En vigueur à partir du").fill("2026-01-01")
    page.get_by_label("Valeur").fill("abc")
    page.get_by_label("Source").fill("Circulaire Cnaf fictive de test")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Valeur")).to_have_accessible_description(re.compile("Saisissez un nombre"))
    axe_check(page)
    page.get_by_label("Valeur").fill("812.50")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("psu.resources_floor au 01/01/2026")
    # A new floor recomputes the running contracts' fees: the page of that job comes next.
    job = page.get_by_role("region", name="Avancement de la tâche")
    expect(job.get_by_text("Terminée", exact=True)).to_be_visible()
    expect(job.get_by_role("heading", level=2)).to_have_text("Tarifs recalculés à partir du 01/01/2026")
    axe_check(page)
    page.get_by_role("link", name="Réglementation").click()

    floor = page.get_by_role("region", name="Plancher", exact=False).first
    expect(floor).to_contain_text("812,5")
    expect(floor).to_contain_text("saisie locale")
    axe_check(page)

"""The today page in a real browser: taps through htmx, the live counts, axe-core on every state."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from ribambelle.territory import services as territory_services
from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)


def _child(page: Page, name: str) -> Locator:
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=name, level=3))


def test_a_director_records_a_morning_of_arrivals_and_departures_on_the_today_page(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    territory_services.rule_choice_set(
        organisation=cast.organisation,
        facility=None,
        key="ratio.option",
        value="5-8",
        valid_from=date(2026, 1, 1),
        act="Délibération du conseil municipal du 15/12/2025",
        actor=cast.coordinatrice,
    )
    login(page, "directrice")

    page.get_by_role("link", name="Pointage du jour").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pointage du jour")
    axe_check(page)
    page.get_by_role("link", name="Les Lucioles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Les Lucioles — pointage du")
    page.get_by_label("Jour").fill("2026-03-02")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"\?date=2026-03-02$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Les Lucioles — pointage du lundi 02/03/2026")
    counts = page.locator("#comptes")
    expect(counts).to_contain_text("0 enfant présent sur 1 attendu")
    leo = _child(page, "Léo Martin")
    expect(leo).to_contain_text("Prévu : 8 h 30 – 17 h 30")
    expect(leo).to_contain_text("attendu·e")
    axe_check(page)

    page.get_by_label("Heure d'arrivée de Léo Martin").fill("08:45")
    page.get_by_role("button", name="Arrivée de Léo Martin").click()
    expect(page.get_by_role("status").filter(has_text="Arrivée de Léo Martin à 8 h 45.")).to_be_focused()
    expect(counts).to_contain_text("1 enfant présent sur 1 attendu")
    expect(counts).to_contain_text("1 ne marchant pas")
    expect(counts).to_contain_text("2 professionnels requis par le taux d'encadrement")
    expect(counts).to_contain_text("limite respectée")
    expect(leo).to_contain_text("présent·e")
    axe_check(page)

    page.get_by_label("Heure de départ de Léo Martin").fill("17:45")
    page.get_by_role("button", name="Départ de Léo Martin").click()
    departed = "Départ de Léo Martin à 17 h 45. Départ après l'heure prévue au contrat."
    expect(page.get_by_role("status").filter(has_text=departed)).to_be_focused()
    expect(leo).to_contain_text("départ tardif")
    expect(counts).to_contain_text("0 enfant présent sur 1 attendu")
    axe_check(page)

    page.reload()
    expect(leo).to_contain_text("Arrivée 8 h 45, départ 17 h 45")
    expect(leo).to_contain_text("départ tardif")
    axe_check(page)

    # The departure was tapped late: the director corrects it with the keyboard.
    leo.get_by_text("Corriger la présence de 8 h 45").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Départ de Léo Martin (vide : encore présent·e)").fill("17:20")
    axe_check(page)
    page.get_by_role("button", name="Enregistrer la correction de Léo Martin").click()
    corrected = "Heures de Léo Martin corrigées : arrivée 8 h 45, départ 17 h 20."
    expect(page.get_by_role("status").filter(has_text=corrected)).to_be_focused()
    expect(leo).to_contain_text("Arrivée 8 h 45, départ 17 h 20")
    expect(leo).not_to_contain_text("départ tardif")
    axe_check(page)

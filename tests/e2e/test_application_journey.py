"""The front desk records an application for Léo's little sister: from the family's page, the week by
half-days, two facilities in the family's order, a missing document; then the last document arrives and
the application becomes complete. The director of Les Lucioles reads it, without changing it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ribambelle.families.models import Child
from ribambelle.families.services import child_add
from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_front_desk_records_an_application_and_completes_it(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    child_add(
        family=cast.martin,
        child=Child(first_name="Jade", last_name="Martin", birth_on=date(2026, 5, 20)),
        actor=cast.coordinatrice,
    )
    login(page, "coordinatrice")
    page.goto(f"{live_server.url}/familles/{cast.martin.pk}/")
    page.get_by_role("link", name="Nouvelle demande de place").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nouvelle demande de place — famille MARTIN")
    axe_check(page)

    page.get_by_label("Enfant").select_option(label="Jade Martin")
    page.get_by_label("Demande reçue le").fill("2026-11-02")
    page.get_by_label("Accueil souhaité à partir du").fill("2027-01-04")
    for day in ("lundi", "mardi", "jeudi"):
        page.get_by_label(f"Accueil souhaité le {day}").select_option(label="Journée")
    page.get_by_label("Accueil souhaité le vendredi").select_option(label="Matin")
    page.get_by_label("Vœu n° 1").select_option(label="Les Lucioles")
    page.get_by_label("Vœu n° 2").select_option(label="Les Coccinelles")
    page.get_by_label("Justificatif de domicile").check()
    page.get_by_label("Livret de famille ou acte de naissance").check()
    page.get_by_role("button", name="Enregistrer la demande").click()

    expect(page.get_by_role("status")).to_contain_text(
        re.compile(r"La demande n° \d+ de Jade Martin est enregistrée \(reçue\)\.")
    )
    expect(page.get_by_text("lundi : journée ; mardi : journée ; jeudi : journée ; vendredi : matin")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"1 Les Lucioles Bébés"))).to_be_visible()
    expect(page.get_by_text("pièces manquantes")).to_be_visible()
    axe_check(page)
    application_url = page.url

    page.get_by_label("N° allocataire CAF ou dernier avis d'imposition").check()
    page.get_by_role("button", name="Enregistrer les pièces").click()
    expect(page.get_by_role("status")).to_have_text("Pièces enregistrées : la demande est complète.")
    expect(page.get_by_text("pièces manquantes")).to_have_count(0)
    axe_check(page)

    page.context.clear_cookies()
    login(page, "directrice")
    page.goto(application_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jade Martin")
    expect(page.get_by_role("button", name="Enregistrer les pièces")).to_have_count(0)
    axe_check(page)

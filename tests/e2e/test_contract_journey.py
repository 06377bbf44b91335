"""A director takes in a new family: the family and its child, a regular contract at Les Lucioles with its
hourly fee and how it is computed, then a change in the family's situation that gives the contract a new
version."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.cast import Cast
from tests.e2e.conftest import AxeCheck, Login

pytestmark = pytest.mark.django_db(transaction=True)


def _field(page: Page, label: str) -> Any:
    """The field labelled exactly ``label`` (the label ends with French punctuation: « Nom : »)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\W*$"))


def _create_family(page: Page, axe_check: AxeCheck) -> None:
    page.get_by_role("link", name="Nouvelle famille").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle famille")
    axe_check(page)
    _field(page, "Nom du parent").fill("Durand")
    _field(page, "Prénom du parent").fill("Camille")
    _field(page, "Adresse").fill("5 rue des Lilas")
    page.get_by_label("Code postal").fill("69100")
    page.get_by_label("Commune").fill("Villeurbanne")
    page.get_by_label("Secteur").select_option(label="Nord")
    page.get_by_label("À partir du").fill("2026-01-01")
    page.get_by_label("Ressources mensuelles (€)").fill("3200")
    page.get_by_label("Origine des ressources").select_option(label="Avis d'imposition")
    page.get_by_label("Enfants à charge").fill("2")
    _field(page, "Prénom").fill("Lina")
    _field(page, "Nom").fill("Durand")
    page.get_by_label("Date de naissance").fill("2026-03-15")
    page.get_by_role("button", name="Enregistrer la famille").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"La famille F-\d{4}-0001 est enregistrée\."))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Famille DURAND")
    axe_check(page)


def _create_contract(page: Page, axe_check: AxeCheck) -> None:
    page.get_by_role("link", name="Nouveau contrat à Les Lucioles pour Lina").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau contrat — Les Lucioles")
    expect(page.get_by_label("Enfant")).to_have_value(re.compile(r"\d+"))
    axe_check(page)
    page.get_by_label("Section").select_option(label="Bébés (2 à 18 mois)")
    page.get_by_label("Début du contrat").fill("2026-09-01")
    page.get_by_label("Fin du contrat").fill("2027-07-09")
    page.get_by_label("Semaines de présence dans l'année").fill("45")
    for day in ("lundi", "mardi", "jeudi", "vendredi"):
        page.get_by_label(f"Arrivée le {day}").fill("08:30")
        page.get_by_label(f"Départ le {day}").fill("17:30")
    page.get_by_role("button", name="Enregistrer le contrat").click()


def test_a_director_takes_in_a_family_and_sees_the_fee_follow_its_situation(
    page: Page, live_server: Any, cast: Cast, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "directrice")
    _create_family(page, axe_check)
    _create_contract(page, axe_check)

    # 3 200 € × 0,0516 % (2 children) = 1,6512 € → 1,65 €/h.
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrat de Lina Durand — Les Lucioles")
    expect(page.get_by_role("status")).to_have_text(
        "Le contrat de Lina Durand est enregistré : tarif horaire 1,65\u00a0€."
    )
    axe_check(page)
    first = page.get_by_role("region", name="Version du 01/09/2026")
    first.get_by_text("Comment est-il calculé ?").click()
    expect(first).to_contain_text("3\u202f200,00\u00a0€ × 0,0516 % = 1,6512 €, arrondi au centime : 1,65\u00a0€")
    expect(first.get_by_role("table", name="Textes appliqués (version du 01/09/2026)")).to_contain_text(
        "psu.effort_rate_collective"
    )
    axe_check(page)

    page.get_by_role("link", name="Changer la situation de la famille").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Changement de situation")
    axe_check(page)
    page.get_by_label("À partir du").fill("2027-01-01")
    page.get_by_label("Ressources mensuelles (€)").fill("4000")
    page.get_by_role("button", name="Enregistrer la nouvelle situation").click()

    # 4 000 € × 0,0516 % = 2,064 € → 2,06 €/h from 1 January 2027.
    expect(page.get_by_role("status")).to_contain_text(
        "Nouvelle version du contrat de Lina Durand à Les Lucioles au 01/01/2027 : tarif horaire 2,06\u00a0€."
    )
    axe_check(page)
    page.get_by_role("link", name="Les Lucioles : Accueil régulier du 01/09/2026").click()
    second = page.get_by_role("region", name="Version du 01/01/2027")
    expect(second).to_contain_text("changement de situation de la famille")
    expect(second).to_contain_text("2,06\u00a0€")
    expect(page.get_by_role("table", name="Qui a modifié le contrat")).to_contain_text("Nadia Haddad")
    axe_check(page)

"""The allocation pages: building and publishing a grid, its PDF, the answers of an application and the
ranked waiting list."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from ribambelle.allocation.models import CriteriaGrid
from tests.allocation.grid import answer, draft_grid, published_grid
from tests.families.applications import apply


@pytest.fixture(autouse=True)
def _today():
    """The grid in force and the waiting list are read on the current date."""
    with time_machine.travel("2026-11-29 10:00 +01:00", tick=False):
        yield


def test_the_coordinator_builds_a_grid_adds_a_criterion_and_publishes_it(cast, client):
    client.force_login(cast.coordinatrice)
    data = {"name": "Grille 2027", "valid_from": "2027-01-01", "sibling_bonus": "10", "sector_bonus": "5"}

    created = client.post(reverse("allocation:grid_create"), data, follow=True)
    grid = CriteriaGrid.objects.get(name="Grille 2027")
    criterion = {
        "label": "Famille monoparentale",
        "option_1": "Oui",
        "points_1": "12",
        "option_2": "Non",
        "points_2": "0",
    }
    added = client.post(reverse("allocation:criterion_add", args=[grid.pk]), criterion, follow=True)
    published = client.post(reverse("allocation:grid_publish", args=[grid.pk]), follow=True)

    assert "ajoutez ses critères puis publiez-la" in created.content.decode()
    assert "Le critère « Famille monoparentale » est ajouté." in added.content.decode()
    grid.refresh_from_db()
    assert grid.is_published and "s&#x27;applique à partir du 01/01/2027" in published.content.decode()


def test_an_answer_without_points_is_refused_with_its_field_named(cast, client):
    grid = draft_grid(cast)
    client.force_login(cast.coordinatrice)

    response = client.post(
        reverse("allocation:criterion_add", args=[grid.pk]), {"label": "Handicap", "option_1": "Oui", "option_2": "Non"}
    )

    assert response.status_code == 400
    assert "Indiquez les points de la réponse 1." in response.content.decode()
    assert not grid.criteria.filter(label="Handicap").exists()


def test_the_grid_pdf_is_a_pdf_named_after_its_date(cast, client):
    grid = published_grid(cast)
    client.force_login(cast.elu)

    response = client.get(reverse("allocation:grid_pdf", args=[grid.pk]))

    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="grille-criteres-2026-09-01.pdf"'


def test_the_front_desk_answers_the_criteria_and_sees_the_points(cast, client):
    grid = published_grid(cast)
    application = apply(cast)
    criteria = list(grid.criteria.all())
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("allocation:application_answers", args=[application.pk])).content.decode()
    response = client.post(
        reverse("allocation:application_answers", args=[application.pk]),
        {f"criterion_{criteria[0].pk}": criteria[0].options.get(label="Un parent").pk},
        follow=True,
    )

    assert "Points actuels de la demande : 0" in page and "Non renseigné" in page
    assert "Réponses enregistrées : 10 points." in response.content.decode()


def test_the_waiting_list_of_the_directors_facility_ranks_by_points(cast, client):
    grid = published_grid(cast)
    first = apply(cast)
    answer(cast, first, grid, "Les deux parents")
    client.force_login(cast.directrice)

    page = client.get(reverse("allocation:waiting_list")).content.decode()

    assert "Liste d'attente — Les Lucioles" in page and "Jade Martin" in page
    assert "Classement par points de la grille « Grille 2026" in page


def test_the_waiting_list_of_one_section(cast, client):
    published_grid(cast)
    apply(cast)
    client.force_login(cast.coordinatrice)
    babies = cast.lucioles.sections.get(name="Bébés")
    older = cast.lucioles.sections.get(name="Grands")

    in_babies = client.get(
        reverse("allocation:waiting_list"), {"etablissement": cast.lucioles.pk, "section": babies.pk}
    )
    in_older = client.get(reverse("allocation:waiting_list"), {"etablissement": cast.lucioles.pk, "section": older.pk})

    assert "section Bébés (1)" in in_babies.content.decode() and "Jade Martin" in in_babies.content.decode()
    assert "section Grands (0)" in in_older.content.decode()

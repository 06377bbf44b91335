from __future__ import annotations

from django.urls import reverse

from ribambelle.territory.models import Facility


def test_the_cockpit_lists_the_facilities_with_their_category(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("territory:cockpit")).content.decode()

    assert "Les Lucioles" in page and "Les Coccinelles" in page
    assert "petite crèche" in page and "crèche" in page


def test_the_facility_form_shows_french_messages_and_writes_nothing(cast, client):
    client.force_login(cast.coordinatrice)
    data = {"name": "", "postcode": "691", "jours-TOTAL_FORMS": "7", "jours-INITIAL_FORMS": "0"}

    page = client.post(reverse("territory:facility_create"), data).content.decode()

    assert "Ce champ est obligatoire." in page and "Le code postal compte 5 chiffres." in page
    assert 'aria-invalid="true"' in page


def test_a_coordinator_creates_a_facility_with_its_opening_hours(cast, client):
    client.force_login(cast.coordinatrice)
    data = {
        "name": "Les Hirondelles",
        "facility_type": "micro_creche",
        "sector": cast.nord.pk,
        "management_mode": "dsp",
        "manager_name": "Petits Pas SAS",
        "funding": "paje",
        "address": "3 place du Marché",
        "postcode": "69100",
        "city": "Villeurbanne",
        "jours-TOTAL_FORMS": "7",
        "jours-INITIAL_FORMS": "0",
    }
    for day in range(7):
        data[f"jours-{day}-weekday"] = str(day)
        if day < 5:
            data |= {f"jours-{day}-is_open": "on", f"jours-{day}-opens_at": "08:00", f"jours-{day}-closes_at": "18:00"}

    response = client.post(reverse("territory:facility_create"), data)

    facility = Facility.objects.get(name="Les Hirondelles")
    assert response.status_code == 302
    assert facility.organisation == cast.organisation and facility.opening_hours.count() == 5


def test_the_facility_page_shows_the_category_and_its_legal_reference(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("territory:facility_detail", args=[cast.lucioles.pk])).content.decode()

    assert "crèche" in page and "R2324-46" in page


def test_the_cockpit_filters_by_sector(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("territory:cockpit"), {"sector": cast.sud.pk}).content.decode()

    assert "Les Coccinelles" in page and "Les Lucioles" not in page


def test_the_cockpit_stays_within_its_query_budget(cast, client, django_assert_max_num_queries):
    client.force_login(cast.coordinatrice)

    with django_assert_max_num_queries(12):
        client.get(reverse("territory:cockpit"))


def test_the_history_page_names_related_rows_and_shows_before_and_after(cast, client):
    client.force_login(cast.coordinatrice)
    facility = Facility.objects.get(pk=cast.lucioles.pk)
    facility.sector = cast.sud
    facility._history_user = cast.coordinatrice
    facility.save()

    page = client.get(reverse("territory:facility_history", args=[cast.lucioles.pk])).content.decode()

    assert "<del>Nord</del> → <ins>Sud</ins>" in page and "Claire Moreau" in page


def test_the_cockpit_lists_the_duties_that_the_population_brings(cast, client):
    client.force_login(cast.elu)

    page = client.get(reverse("territory:cockpit")).content.decode()

    assert "Mettre en place un relais petite enfance (RPE)" in page and "Obligatoire" in page

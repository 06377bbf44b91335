"""The family pages: a new family with its first situation and child, the family page, one more child."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family


def _form(**overrides):
    data = {
        "famille-parent_last_name": "Durand",
        "famille-parent_first_name": "Camille",
        "famille-address": "5 rue des Lilas",
        "famille-postcode": "69100",
        "famille-city": "Villeurbanne",
        "famille-social_security_scheme": "general",
        "situation-valid_from": "2026-01-01",
        "situation-monthly_resources": "2800",
        "situation-resources_source": ResourcesSource.CAF,
        "situation-dependent_children": "1",
        "situation-aeeh_children": "0",
        "enfant-first_name": "Lina",
        "enfant-last_name": "Durand",
        "enfant-birth_on": "2026-01-15",
    }
    return data | overrides


@time_machine.travel("2026-03-02 10:00 +01:00", tick=False)
def test_a_director_creates_a_family_and_lands_on_its_page(cast, client):
    client.force_login(cast.directrice)

    response = client.post(reverse("families:family_create"), _form(), follow=True)

    family = Family.objects.get(parent_last_name="Durand")
    page = response.content.decode()
    assert response.redirect_chain == [(reverse("families:family_detail", args=[family.pk]), 302)]
    assert (
        "La famille F-2026-0001 est enregistrée." in page and "Lina Durand" in page and "2\u202f800,00\u00a0€" in page
    )


def test_the_family_form_says_what_is_missing_in_french_and_writes_nothing(cast, client):
    client.force_login(cast.directrice)

    page = client.post(
        reverse("families:family_create"), _form(**{"famille-postcode": "691", "enfant-birth_on": ""})
    ).content.decode()

    assert "Le code postal compte 5 chiffres." in page
    assert "Indiquez la date de naissance ou la date de naissance prévue." in page and "data-rb-focus" in page
    assert not Family.objects.filter(parent_last_name="Durand").exists()


def test_the_family_form_offers_only_the_sectors_of_the_organisation_and_no_free_notes(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("families:family_create")).content.decode()

    assert ">Nord</option>" in page and ">Sud</option>" in page and "<textarea" not in page


def test_the_family_page_lists_children_situations_and_contracts(cast, client):
    client.force_login(cast.directrice)

    page = client.get(reverse("families:family_detail", args=[cast.martin.pk])).content.decode()

    contract_url = reverse("care:contract_detail", args=[cast.lucioles.pk, cast.leo_contract.pk])
    assert "Léo Martin" in page and "10/09/2025" in page and f'href="{contract_url}"' in page
    assert "3\u202f200,00\u00a0€" in page and "Ressources connues de la CAF (CDAP)" in page


def test_a_director_draws_up_a_contract_at_her_facility_from_the_family_page(cast, client):
    client.force_login(cast.directrice)

    page = client.get(reverse("families:family_detail", args=[cast.martin.pk])).content.decode()

    assert f"{reverse('care:contract_create', args=[cast.lucioles.pk])}?enfant={cast.leo.pk}" in page


def test_the_coordinator_picks_the_facility_of_a_new_contract(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("families:family_detail", args=[cast.martin.pk])).content.decode()

    assert f"{reverse('care:contract_index')}?enfant={cast.leo.pk}" in page


def test_a_director_does_not_see_a_family_the_coordinator_created(cast, client):
    client.force_login(cast.coordinatrice)
    client.post(reverse("families:family_create"), _form())
    family = Family.objects.get(parent_last_name="Durand")
    client.force_login(cast.directrice)

    response = client.get(reverse("families:family_detail", args=[family.pk]))

    assert response.status_code == 404


def test_a_child_is_added_to_the_family(cast, client):
    client.force_login(cast.directrice)
    data = {"first_name": "Zoé", "last_name": "Martin", "expected_birth_on": "2027-02-01"}

    response = client.post(reverse("families:child_add", args=[cast.martin.pk]), data, follow=True)

    assert Child.objects.filter(family=cast.martin, first_name="Zoé", expected_birth_on=date(2027, 2, 1)).exists()
    assert "Zoé Martin est ajouté·e à la famille." in response.content.decode()


def test_a_child_with_a_disability_is_recorded_with_its_history(cast, client):
    client.force_login(cast.coordinatrice)
    data = {"first_name": "Noé", "last_name": "Martin", "birth_on": "2026-05-04", "disability": "on"}

    page = client.post(reverse("families:child_add", args=[cast.martin.pk]), data, follow=True).content.decode()

    child = Child.objects.get(family=cast.martin, first_name="Noé")
    assert child.disability and child.history.get().history_user == cast.coordinatrice
    assert "situation de handicap" in page


def test_the_new_family_entry_shows_to_those_who_may_create_one(cast, client):
    url = f'href="{reverse("families:family_create")}"'
    shown = {}
    for user in (cast.directrice, cast.coordinatrice, cast.elu, cast.rh):
        client.force_login(user)
        shown[user.username] = url in client.get(reverse("territory:cockpit")).content.decode()

    assert shown == {"directrice": True, "coordinatrice": True, "elu": False, "rh": False}


def _edit_form(family, **overrides):
    data = {
        "parent_last_name": family.parent_last_name,
        "parent_first_name": family.parent_first_name,
        "address": family.address,
        "postcode": family.postcode,
        "city": family.city,
        "sector": family.sector_id or "",
        "caf_number": "7654321",
        "social_security_scheme": "agricultural",
        "filoue_consent": "on",
    }
    return data | overrides


def test_the_coordinator_records_the_filoue_consent_and_the_scheme_with_its_history(cast, client):
    client.force_login(cast.coordinatrice)

    response = client.post(reverse("families:family_edit", args=[cast.martin.pk]), _edit_form(cast.martin), follow=True)

    cast.martin.refresh_from_db()
    page = response.content.decode()
    assert (cast.martin.filoue_consent, cast.martin.social_security_scheme, cast.martin.caf_number) == (
        True,
        "agricultural",
        "7654321",
    )
    assert "Régime agricole (MSA)" in page and "Transmission FILOUE</dt><dd>acceptée" in page
    last = cast.martin.history.latest()
    assert (last.history_user, last.filoue_consent) == (cast.coordinatrice, True)


def test_the_family_edit_refuses_a_bad_postcode_in_french_and_writes_nothing(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.post(
        reverse("families:family_edit", args=[cast.martin.pk]), _edit_form(cast.martin, postcode="691")
    ).content.decode()

    cast.martin.refresh_from_db()
    assert "Le code postal compte 5 chiffres." in page and cast.martin.filoue_consent is False


def test_the_new_family_form_asks_for_the_scheme_and_the_filoue_consent(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("families:family_create")).content.decode()

    assert "Régime de sécurité sociale" in page and "Accepte la transmission à la CAF (FILOUE)" in page

"""The application pages: the front-desk form, the application page, the documents and the list."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from ribambelle.families.enums import ApplicationDocument, ApplicationStatus
from ribambelle.families.models import Application, Child
from ribambelle.families.services import child_add
from tests.families.applications import apply, jade


def _form(cast, child, **overrides):
    data = {
        "child": child.pk,
        "received_on": "2026-11-02",
        "desired_start_on": "2027-01-04",
        "day_0": "day",
        "day_2": "morning",
        "choice_1": cast.coccinelles.pk,
        "choice_2": cast.lucioles.pk,
        "documents": [ApplicationDocument.ADDRESS, ApplicationDocument.RESOURCES],
    }
    return data | overrides


def test_the_front_desk_records_an_application_from_the_familys_page(cast, client):
    child = jade(cast)
    client.force_login(cast.coordinatrice)
    family_page = client.get(reverse("families:family_detail", args=[cast.martin.pk])).content.decode()
    assert reverse("families:application_create", args=[cast.martin.pk]) in family_page

    response = client.post(
        reverse("families:application_create", args=[cast.martin.pk]), _form(cast, child), follow=True
    )

    application = Application.objects.get(child=child)
    page = response.content.decode()
    assert f"La demande n° {application.pk} de Jade Martin est enregistrée (reçue)." in page
    assert "lundi : journée ; mercredi : matin" in page
    assert [choice.facility for choice in application.choices.all()] == [cast.coccinelles, cast.lucioles]
    assert "pièces manquantes" in page


def test_the_form_names_a_refusal_and_keeps_the_answers(cast, client):
    child = jade(cast)
    client.force_login(cast.coordinatrice)

    response = client.post(
        reverse("families:application_create", args=[cast.martin.pk]),
        _form(cast, child, day_0="", day_2="", choice_2=cast.coccinelles.pk),
    )

    page = response.content.decode()
    assert response.status_code == 200 and "Indiquez au moins un jour d&#x27;accueil souhaité." in page
    assert not Application.objects.exists()


def test_receiving_the_last_document_completes_the_application(cast, client):
    application = apply(cast, documents=[ApplicationDocument.ADDRESS])
    client.force_login(cast.coordinatrice)
    documents = [ApplicationDocument.ADDRESS, ApplicationDocument.RESOURCES, ApplicationDocument.FAMILY_RECORD]

    response = client.post(
        reverse("families:application_documents", args=[application.pk]), {"documents": documents}, follow=True
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETE
    assert "Pièces enregistrées : la demande est complète." in response.content.decode()


def test_the_application_page_warns_of_a_probable_duplicate_and_names_the_siblings(cast, client):
    application = apply(cast)
    child_add(
        family=cast.bernard,
        child=Child(first_name="Jade", last_name="Bernard", birth_on=date(2026, 5, 20)),
        actor=cast.coordinatrice,
    )
    sibling = apply(cast, child=cast.leo, facilities=[cast.coccinelles])
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("families:application_detail", args=[application.pk])).content.decode()

    assert "Doublon possible" in page and "Jade Bernard — dossier F-2025-0002" in page
    assert f"Léo Martin (demande n° {sibling.pk})" in page and "même établissement demandé" in page


def test_the_director_reads_the_application_for_her_facility_without_changing_it(cast, client):
    application = apply(cast)
    client.force_login(cast.directrice)

    page = client.get(reverse("families:application_detail", args=[application.pk])).content.decode()
    listed = client.get(reverse("families:application_list"), {"etablissement": cast.lucioles.pk}).content.decode()

    assert "Jade Martin" in page and "Enregistrer les pièces" not in page and "retire sa demande" not in page
    assert "1 demande" in listed and f"{application.pk}<span" in listed


def test_the_family_withdraws_its_application(cast, client):
    application = apply(cast)
    client.force_login(cast.coordinatrice)

    response = client.post(reverse("families:application_withdraw", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert f"La demande n° {application.pk} est retirée." in response.content.decode()

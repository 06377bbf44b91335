"""The contract import pages: the mapping of a contract source, the dry run's report, then the wet run; the
coordinator and the administrator only."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ribambelle.care.enums import ImportKind
from ribambelle.care.models import Contract, ImportMapping
from ribambelle.core.models import Job
from ribambelle.families.models import Family
from tests.care.contract_files import COLUMNS, SOURCE, contract_csv, contract_mapping, contract_row
from tests.care.import_files import csv_bytes, week_rows
from tests.care.import_files import mapping as attendance_mapping

pytestmark = pytest.mark.usefixtures("_spring_2026")


@pytest.fixture
def _spring_2026():
    with time_machine.travel("2026-05-04 10:00 +02:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _upload(client, source, content, captured, name="contrats.csv"):
    with captured(execute=True):
        response = client.post(
            reverse("care:contract_import"), {"mapping": source.pk, "file": SimpleUploadedFile(name, content)}
        )
    assert response.status_code == 302, response.content.decode()
    return Job.objects.latest("pk"), client.get(response["Location"]).content.decode()


def test_a_contract_mapping_saved_on_its_page_is_offered_at_the_next_contract_import(cast, client):
    client.force_login(cast.coordinatrice)
    fields = {f"column_{field}": column for column, field in COLUMNS.items()}

    response = client.post(
        f"{reverse('care:import_mapping_create')}?donnees=contracts",
        {"source": SOURCE, "date_format": "dd/mm/yyyy", "time_format": "hhhmm", **fields, "label_regular": "REG"},
    )

    assert response.status_code == 302 and response["Location"] == reverse("care:contract_import")
    saved = ImportMapping.objects.get()
    assert saved.kind == ImportKind.CONTRACTS and saved.labels == {"REG": "regular"}
    page = client.get(reverse("care:contract_import")).content.decode()
    assert f'<option value="{saved.pk}">{SOURCE}</option>' in page


def test_the_mapping_page_of_a_contract_source_asks_for_the_weekly_schedule(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(f"{reverse('care:import_mapping_create')}?donnees=contracts").content.decode()

    assert "Horaires hebdomadaires" in page and "Arrivée le samedi" in page
    assert "Libellés pour « Accueil d&#x27;urgence »" in page and "Motifs d&#x27;absence" not in page


def test_an_unknown_kind_of_mapping_is_not_found(cast, client):
    client.force_login(cast.coordinatrice)

    response = client.get(f"{reverse('care:import_mapping_create')}?donnees=factures")

    assert response.status_code == 404


def test_the_contract_import_offers_only_the_mappings_of_contract_sources(cast, client):
    client.force_login(cast.coordinatrice)
    attendance_mapping(cast, source="Logiciel Petits Pas")
    contract_mapping(cast)

    page = client.get(reverse("care:contract_import")).content.decode()

    assert SOURCE in page and "Logiciel Petits Pas" not in page


def test_the_dry_run_shows_the_report_and_the_confirmation_imports_the_contracts(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinatrice)
    checked, page = _upload(
        client, contract_mapping(cast), contract_csv([contract_row()]), django_capture_on_commit_callbacks
    )
    assert "Fichier vérifié : aucune erreur" in page and "1 contrat à écrire." in page
    assert "1 famille et 1 enfant à créer" in page
    assert not Family.objects.filter(reference="DOS-0101").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("care:contract_import_confirm", args=[checked.pk]))
    page = client.get(response["Location"]).content.decode()

    assert "Import terminé" in page and "1 contrat écrit." in page
    assert Contract.objects.filter(child__family__reference="DOS-0101").count() == 1
    imports = client.get(reverse("care:contract_import")).content.decode()
    assert '<th scope="row">contrats.csv</th>' in imports and "1 contrat, 1 famille créée, 1 enfant créé" in imports


def test_the_report_names_the_faulty_row_and_column_and_offers_no_import(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinatrice)
    rows = [contract_row(), contract_row(**{"Dossier": "DOS-0102", "Sam arrivée": "09h00", "Sam départ": "12h00"})]

    checked, page = _upload(client, contract_mapping(cast), contract_csv(rows), django_capture_on_commit_callbacks)

    assert "1 erreur : rien n'a été écrit" in page
    assert '<th scope="row" class="num">3</th><td>Sam arrivée, Sam départ</td>' in page
    assert "L&#x27;établissement est fermé le samedi." in page
    assert "Importer ce fichier" not in page
    response = client.post(reverse("care:contract_import_confirm", args=[checked.pk]))
    assert response["Location"] == reverse("care:contract_import")
    assert not Family.objects.filter(reference__startswith="DOS-").exists()


def test_an_attendance_dry_run_cannot_be_confirmed_as_a_contract_import(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinatrice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("care:attendance_import"),
            {"mapping": attendance_mapping(cast).pk, "file": SimpleUploadedFile("p.csv", csv_bytes(week_rows(cast)))},
        )

    response = client.post(reverse("care:contract_import_confirm", args=[Job.objects.get().pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("user", ["directrice", "elu", "rh"])
def test_only_the_coordinator_and_the_administrator_import_contracts(cast, client, user):
    client.force_login(getattr(cast, user))
    source = contract_mapping(cast)

    page = client.get(reverse("care:contract_import"))
    upload = client.post(
        reverse("care:contract_import"),
        {"mapping": source.pk, "file": SimpleUploadedFile("contrats.csv", contract_csv([contract_row()]))},
    )

    assert (page.status_code, upload.status_code) == (403, 403)
    assert not Job.objects.exists()

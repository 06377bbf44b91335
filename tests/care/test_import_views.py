"""The import pages: a source's mapping saved and reused, the dry run's report, then the wet run."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ribambelle.care.models import Absence, Attendance, ImportMapping
from ribambelle.core.models import Job
from tests.care.import_files import SOURCE, csv_bytes, mapping, week_rows


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _upload(client, source, content, captured, name="pointages.csv"):
    with captured(execute=True):
        response = client.post(
            reverse("care:attendance_import"),
            {"mapping": source.pk, "file": SimpleUploadedFile(name, content)},
        )
    assert response.status_code == 302, response.content.decode()
    return Job.objects.latest("pk"), client.get(response["Location"]).content.decode()


def _mapping_fields(**changes):
    return {
        "source": SOURCE,
        "date_format": "dd/mm/yyyy",
        "time_format": "hh:mm",
        "column_child_id": "N° enfant",
        "column_facility_name": "Structure",
        "column_on": "Date",
        "column_arrived_at": "Arrivée",
        "column_left_at": "Départ",
        "column_absence_reason": "Motif",
        "label_illness_without_certificate": "MAL ; Malade",
        "label_family_leave": "Congés",
    } | changes


def test_a_mapping_saved_on_its_page_is_offered_at_the_next_import(cast, client):
    client.force_login(cast.coordinatrice)

    response = client.post(reverse("care:import_mapping_create"), _mapping_fields())

    assert response.status_code == 302
    saved = ImportMapping.objects.get()
    assert saved.organisation == cast.organisation
    assert saved.columns["Date"] == "on" and saved.columns["N° enfant"] == "child_id"
    assert saved.labels == {
        "MAL": "illness_without_certificate",
        "Malade": "illness_without_certificate",
        "Congés": "family_leave",
    }
    page = client.get(reverse("care:attendance_import")).content.decode()
    assert f'<option value="{saved.pk}">{SOURCE}</option>' in page


def test_a_mapping_page_shows_the_saved_columns_and_labels(cast, client):
    client.force_login(cast.coordinatrice)
    source = mapping(cast)

    page = client.get(reverse("care:import_mapping_edit", args=[source.pk])).content.decode()

    assert 'value="N° enfant"' in page and 'value="MAL"' in page and 'value="Congés"' in page


def test_a_mapping_without_the_day_is_refused_with_a_french_message(cast, client):
    client.force_login(cast.coordinatrice)

    response = client.post(reverse("care:import_mapping_create"), _mapping_fields(column_on=""))

    assert response.status_code == 200
    assert "Indiquez la colonne du jour." in response.content.decode()
    assert not ImportMapping.objects.exists()


def test_the_dry_run_shows_the_report_and_the_confirmation_imports_the_file(
    cast, client, settings, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinatrice)
    source = mapping(cast)
    checked, page = _upload(client, source, csv_bytes(week_rows(cast)), django_capture_on_commit_callbacks)
    assert "Fichier vérifié : aucune erreur" in page and "5 présences à écrire" in page
    assert not Attendance.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("care:attendance_import_confirm", args=[checked.pk]))
    page = client.get(response["Location"]).content.decode()

    assert "Import terminé" in page and "5 présences écrites" in page
    assert (Attendance.objects.count(), Absence.objects.count()) == (5, 1)
    assert list((settings.DATA_DIR / "imports").iterdir()) == [], "the upload is discarded once imported"


def test_the_report_lists_each_faulty_row_and_offers_no_import(cast, client, django_capture_on_commit_callbacks):
    client.force_login(cast.coordinatrice)
    rows = [*week_rows(cast), (cast.leo.pk, "Les Lucioles", "12/01/2026", "8h30", "17:30", "")]

    checked, page = _upload(client, mapping(cast), csv_bytes(rows), django_capture_on_commit_callbacks)

    assert "1 erreur : rien n'a été écrit" in page
    assert '<th scope="row" class="num">8</th><td>Arrivée</td>' in page
    assert "« 8h30 » n&#x27;est pas une heure au format 08:30." in page
    assert "Importer ce fichier" not in page
    response = client.post(reverse("care:attendance_import_confirm", args=[checked.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("care:attendance_import")
    assert not Attendance.objects.exists()


def test_a_user_cannot_confirm_another_users_dry_run(cast, client, django_capture_on_commit_callbacks):
    client.force_login(cast.coordinatrice)
    checked, _ = _upload(client, mapping(cast), csv_bytes(week_rows(cast)), django_capture_on_commit_callbacks)
    client.force_login(cast.admin)

    response = client.post(reverse("care:attendance_import_confirm", args=[checked.pk]))

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_on_the_form(cast, client):
    client.force_login(cast.coordinatrice)
    source = mapping(cast)

    response = client.post(
        reverse("care:attendance_import"), {"mapping": source.pk, "file": SimpleUploadedFile("pointages.pdf", b"%PDF")}
    )

    assert response.status_code == 200
    assert "Déposez un fichier CSV ou XLSX." in response.content.decode()
    assert not Job.objects.exists()


def test_the_page_lists_the_imported_files(cast, client, django_capture_on_commit_callbacks):
    client.force_login(cast.coordinatrice)
    checked, _ = _upload(client, mapping(cast), csv_bytes(week_rows(cast)), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("care:attendance_import_confirm", args=[checked.pk]))

    page = client.get(reverse("care:attendance_import")).content.decode()

    assert '<th scope="row">pointages.csv</th>' in page and "du 05/01/2026 au 09/01/2026" in page

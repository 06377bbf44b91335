"""« Déclarations CAF »: who sees what, and the files the buttons give."""

from __future__ import annotations

import io
import os
import time

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ribambelle.core.models import Job
from ribambelle.steering.caf import jobs
from ribambelle.territory.models import Facility
from tests.steering.caf.scenario import TODAY, YEAR, lucioles_2026

PAGE = reverse("steering:caf_index") + f"?annee={YEAR}"


def _identified(cast):
    cast.organisation.caf_code = "691"
    cast.organisation.save()


@time_machine.travel(TODAY.isoformat() + " 10:00 +0200", tick=False)
def test_the_coordinator_sees_each_facilitys_consent_count_and_filoue_link(cast, client):
    _identified(cast)
    lucioles_2026(cast)
    client.force_login(cast.coordinatrice)

    page = client.get(PAGE).text

    assert "2 enfants, dont 1 avec accord FILOUE" in page
    assert reverse("steering:caf_filoue", kwargs={"year": YEAR, "pk": cast.lucioles.pk}) in page
    assert "Réel (partiel, jusqu&#x27;au 30/06/2026)" in page


def test_missing_identifiers_are_named_on_the_page(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(PAGE).text

    assert "Manque le code organisme CAF (organisation)." in page
    assert "FILOUE indisponible : identifiants manquants." in page


def test_an_elected_official_gets_the_activity_files_but_no_filoue_nor_children(cast, client):
    _identified(cast)
    client.force_login(cast.elu)

    page = client.get(PAGE).text

    assert reverse("steering:caf_activity", kwargs={"year": YEAR, "pk": cast.coccinelles.pk}) in page
    assert "filoue.csv" not in page and "FILOUE" not in page and "Enfants accueillis" not in page


def test_a_director_lists_her_facility_only(cast, client):
    client.force_login(cast.directrice)

    page = client.get(PAGE).text

    assert "Les Lucioles" in page and "Les Coccinelles" not in page


def test_a_refused_filoue_comes_back_to_the_page_with_the_french_reason(cast, client):
    client.force_login(cast.coordinatrice)

    response = client.get(reverse("steering:caf_filoue", kwargs={"year": YEAR, "pk": cast.lucioles.pk}), follow=True)

    assert "FILOUE impossible pour « Les Lucioles » : il manque le code organisme CAF (organisation)." in (
        response.content.decode()
    )


@time_machine.travel(TODAY.isoformat() + " 10:00 +0200", tick=False)
def test_the_activity_file_of_a_facility_has_its_three_columns(cast, client):
    lucioles_2026(cast)
    client.force_login(cast.coordinatrice)

    response = client.get(reverse("steering:caf_activity", kwargs={"year": YEAR, "pk": cast.lucioles.pk}))

    assert (
        response["Content-Disposition"]
        == f'attachment; filename="caf-activite-{YEAR}-etablissement-{cast.lucioles.pk}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content))["Activité"]
    rows = {row[3]: row[4:] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert sheet["G3"].value == "Réel (partiel, jusqu'au 30/06/2026)"
    assert rows["Places autorisées"] == (30, 30, 30)
    assert rows["Jours d'ouverture"] == (260, 260, 129)
    assert rows["Capacité théorique (heures)"] == (85800, 85800, 42570)
    assert rows["Heures facturées"] == (2025, 2345.5, 1226.33)
    assert rows["Participations familiales (€)"] == (3341.28, 3870.1, 2023.46)


def test_all_facilities_are_produced_by_a_job_whose_page_links_the_file(
    cast, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    client.force_login(cast.elu)

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("steering:caf_activity_all", kwargs={"year": YEAR}))
    job = Job.objects.get()
    page = client.get(started.url).text
    response = client.get(reverse("steering:caf_activity_file", kwargs={"pk": job.pk}))

    assert "Télécharger l'activité 2026 de 2 établissements (XLSX)" in page
    assert response["Content-Disposition"] == f'attachment; filename="caf-activite-{YEAR}-tous-etablissements.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Activité"]
    assert {row[0] for row in sheet.iter_rows(min_row=4, values_only=True)} == {"Les Lucioles", "Les Coccinelles"}
    assert [path.parent.name for path in tmp_path.rglob("*.xlsx")] == ["caf"]


def test_a_new_job_removes_the_files_older_than_a_week(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    folder = jobs.files_dir()
    folder.mkdir()
    old, recent = folder / "caf-activite-2025-old.xlsx", folder / "caf-activite-2026-new.xlsx"
    for path in (old, recent):
        path.write_bytes(b"x")
    eight_days_ago = time.time() - 8 * 86_400
    os.utime(old, (eight_days_ago, eight_days_ago))

    removed = jobs.purge_old_files(now=time.time())

    assert removed == 1 and not old.exists() and recent.exists()


def test_the_page_costs_the_same_queries_for_two_facilities_or_twenty(cast, client, django_assert_max_num_queries):
    """The facilities, their organisation and the consent counts are read once, whatever their number."""
    for number in range(18):
        Facility.objects.create(
            organisation=cast.organisation,
            name=f"Crèche n° {number}",
            facility_type=cast.lucioles.facility_type,
            management_mode=cast.lucioles.management_mode,
            funding=cast.lucioles.funding,
            address="1 rue des Écoles",
            postcode="69100",
            city="Villeurbanne",
        )
    client.force_login(cast.coordinatrice)

    with django_assert_max_num_queries(10):
        client.get(PAGE)

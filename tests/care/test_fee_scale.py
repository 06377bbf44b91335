"""A new value of the barème recomputes the running contracts' fees from its date, as a new version."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django.urls import reverse

from ribambelle.care import services
from ribambelle.care.enums import VersionReason
from ribambelle.care.management.commands.rescale import Command as RescaleCommand
from ribambelle.core.models import Job, JobStatus
from ribambelle.territory import services as territory_services
from ribambelle.territory.models import ParameterEntry
from tests.commands import run_command

JULY = date(2026, 7, 1)


def _lower_ceiling(cast, on=JULY, value="3000"):
    """A ceiling under the Martins' 3,200 € of resources: Léo's fee becomes 3 000 € × 0,0516 % = 1,548 → 1,55 €."""
    entry = ParameterEntry(key="psu.resources_ceiling", effective_on=on, value=value, source="Lettre circulaire test")
    return territory_services.parameter_entry_create(entry=entry, actor=cast.admin)


def test_a_new_ceiling_gives_the_running_contract_a_new_version_from_its_date(cast):
    _lower_ceiling(cast)

    report = services.contract_fees_rescale(on=JULY, actor=cast.admin)

    versions = list(cast.leo_contract.versions.order_by("valid_from"))
    assert [(v.valid_from, v.reason, v.hourly_fee) for v in versions] == [
        (date(2026, 1, 5), VersionReason.INITIAL, Decimal("1.65")),
        (JULY, VersionReason.SCALE, Decimal("1.55")),
    ]
    assert versions[1].schedule == versions[0].schedule and versions[1].attendance_weeks == 45
    assert versions[1].history.latest().history_user == cast.admin
    assert report.created == 1 and report.failures == []


def test_running_it_twice_changes_nothing(cast):
    _lower_ceiling(cast)
    services.contract_fees_rescale(on=JULY, actor=cast.admin)

    again = services.contract_fees_rescale(on=JULY, actor=cast.admin)

    assert (again.created, again.updated) == (0, 0)
    assert cast.leo_contract.versions.count() == 2


def test_a_contract_starting_after_the_date_is_recomputed_in_place(cast):
    # Inès's contract starts on 1 September 2026, after the new ceiling: its first version is recomputed.
    version = cast.ines_contract.versions.get()
    before = version.hourly_fee
    _lower_ceiling(cast, value="1000")

    report = services.contract_fees_rescale(on=JULY, actor=cast.admin)

    version.refresh_from_db()
    assert version.reason == VersionReason.INITIAL and version.hourly_fee < before
    assert report.updated >= 1 and cast.ines_contract.versions.count() == 1


def test_an_administrator_entering_a_ceiling_starts_the_recomputation_job(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.admin)
    data = {"key": "psu.resources_ceiling", "effective_on": "2026-07-01", "value": "3000", "source": "Circulaire"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("territory:parameter_entry_create"), data)

    job = Job.objects.get(kind="care.fee_rescale")
    assert response.status_code == 302 and response.url == reverse("core:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["created"] >= 1
    page = client.get(response.url).content.decode()
    assert "Tarifs recalculés à partir du 01/07/2026" in page
    assert cast.leo_contract.versions.filter(reason=VersionReason.SCALE, hourly_fee=Decimal("1.55")).exists()


def test_a_value_that_no_fee_reads_starts_no_job(cast):
    entry = ParameterEntry(key="authorisation.validity_years", effective_on=date(2027, 1, 1), value="20", source="Test")

    _, jobs = territory_services.parameter_entry_create(entry=entry, actor=cast.admin)

    assert jobs == [] and not Job.objects.filter(kind="care.fee_rescale").exists()


def test_the_command_recomputes_and_refuses_a_user_who_is_not_an_administrator(cast):
    _lower_ceiling(cast)

    refused = run_command(RescaleCommand, "rescale", "--on", "2026-07-01", "--as", "coordinatrice")
    unknown = run_command(RescaleCommand, "rescale", "--on", "2026-07-01", "--as", "personne")
    done = run_command(RescaleCommand, "rescale", "--on", "2026-07-01", "--as", "admin")

    assert refused[0] == 2 and "n'a pas le droit de recalculer" in refused[2]
    assert unknown[0] == 2 and "utilisateur « personne » inconnu ou inactif." in unknown[2]
    assert done[0] == 0 and json.loads(done[1])["created"] == 1

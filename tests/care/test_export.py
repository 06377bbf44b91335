"""The attendance export: stable columns, CSV for French Excel, Parquet with the same rows, the user's
scope; the download button and `ribambelle export attendance` give the same file."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, time

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.urls import reverse

from ribambelle.care import exports, services
from ribambelle.care.enums import AbsenceReason
from ribambelle.care.models import Contract
from tests.care.import_files import csv_bytes, mapping, week_rows

COLUMNS = ["child_id", "facility_id", "section", "date", "arrival", "departure", "minutes", "absence_reason"]
SEPTEMBER_MONDAY = date(2026, 9, 7)


@pytest.fixture
def recorded(cast):
    """Léo's imported first week (in the « Bébés » section) and a Monday of Inès at Les Coccinelles."""
    babies = cast.lucioles.sections.get(name="Bébés")
    Contract.objects.filter(pk=cast.leo_contract.pk).update(section=babies)
    report = services.attendance_import(
        content=csv_bytes(week_rows(cast)),
        file_name="semaine.csv",
        mapping=mapping(cast),
        actor=cast.coordinatrice,
        commit=True,
    )
    assert report.committed
    facility, on, actor = cast.coccinelles, SEPTEMBER_MONDAY, cast.coordinatrice
    services.attendance_arrive(child=cast.ines, facility=facility, on=on, at=time(8, 0), actor=actor)
    services.attendance_leave(child=cast.ines, facility=facility, on=on, at=time(16, 45), actor=actor)
    services.absence_record(
        child=cast.ines, facility=facility, on=date(2026, 9, 8), reason=AbsenceReason.FAMILY_LEAVE, actor=actor
    )
    return cast


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _download(client, user, export_format="csv", start="2026-01-01", end="2026-12-31"):
    """The downloaded file's content (read to the end, which closes the response) and the response."""
    client.force_login(user)
    response = client.get(
        reverse("care:attendance_export"), {"start_on": start, "end_on": end, "format": export_format}
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


def test_the_csv_starts_with_a_bom_and_the_documented_columns_separated_by_semicolons(recorded, client):
    content = _download(client, recorded.coordinatrice)[0]

    assert content.startswith(
        b"\xef\xbb\xbfchild_id;facility_id;section;date;arrival;departure;minutes;absence_reason\r\n"
    )
    assert tuple(COLUMNS) == exports.COLUMNS


def test_each_presence_and_absence_is_a_row_in_date_facility_child_and_arrival_order(recorded, client):
    content = _download(client, recorded.coordinatrice)[0]

    leo, lucioles, ines, coccinelles = (
        str(pk) for pk in (recorded.leo.pk, recorded.lucioles.pk, recorded.ines.pk, recorded.coccinelles.pk)
    )
    assert _csv_rows(content)[1:] == [
        [leo, lucioles, "Bébés", "2026-01-05", "08:30", "17:30", "540", ""],
        [leo, lucioles, "Bébés", "2026-01-06", "08:35", "17:50", "555", ""],
        [leo, lucioles, "Bébés", "2026-01-07", "08:30", "12:00", "210", ""],
        [leo, lucioles, "Bébés", "2026-01-07", "13:30", "17:00", "210", ""],
        [leo, lucioles, "Bébés", "2026-01-08", "", "", "", "illness_without_certificate"],
        [leo, lucioles, "Bébés", "2026-01-09", "09:00", "16:00", "420", ""],
        [ines, coccinelles, "", "2026-09-07", "08:00", "16:45", "525", ""],
        [ines, coccinelles, "", "2026-09-08", "", "", "", "family_leave"],
    ]


def test_the_parquet_file_holds_the_same_rows_as_the_csv(recorded, client):
    csv_rows = _csv_rows(_download(client, recorded.coordinatrice)[0])[1:]

    content, _ = _download(client, recorded.coordinatrice, export_format="parquet")

    table = pq.read_table(io.BytesIO(content))
    assert table.column_names == COLUMNS
    assert str(table.schema.field("date").type) == "date32[day]"
    as_text = [["" if value is None else str(value) for value in row.values()] for row in table.to_pylist()]
    assert as_text == csv_rows


def test_a_period_keeps_only_its_days(recorded, client):
    content, _ = _download(client, recorded.coordinatrice, start="2026-01-07", end="2026-01-08")

    assert [row[3] for row in _csv_rows(content)[1:]] == ["2026-01-07", "2026-01-07", "2026-01-08"]


def test_a_director_downloads_only_her_facilitys_rows(recorded, client):
    content = _download(client, recorded.directrice)[0]

    assert {row[1] for row in _csv_rows(content)[1:]} == {str(recorded.lucioles.pk)}


def test_the_download_is_named_after_the_period(recorded, client):
    _, response = _download(client, recorded.coordinatrice, export_format="parquet")

    assert response["Content-Disposition"] == 'attachment; filename="pointages_2026-01-01_2026-12-31.parquet"'


def test_an_elected_official_may_not_export(recorded, client):
    client.force_login(recorded.elu)

    assert client.get(reverse("care:attendance_export")).status_code == 403


def test_a_period_ending_before_it_starts_is_refused_on_the_form(recorded, client):
    client.force_login(recorded.coordinatrice)

    response = client.get(
        reverse("care:attendance_export"), {"start_on": "2026-02-01", "end_on": "2026-01-01", "format": "csv"}
    )

    assert "La fin de la période ne peut pas précéder son début." in response.content.decode()


def test_the_command_writes_the_same_file_as_the_download_button(recorded, client, tmp_path):
    path = tmp_path / "pointages.csv"
    out = io.StringIO()

    call_command("export", "attendance", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(path), stdout=out)

    assert json.loads(out.getvalue()) == {"rows": 8, "format": "csv", "output": str(path)}
    assert path.read_bytes() == _download(client, recorded.coordinatrice)[0]


def test_the_command_as_a_director_exports_her_facility_only(recorded, tmp_path):
    path = tmp_path / "pointages.parquet"

    call_command(
        "export", "attendance", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "parquet",
        "-o", str(path), "--as", "directrice", stdout=io.StringIO(),
    )  # fmt: skip

    assert set(pq.read_table(path).column("facility_id").to_pylist()) == {recorded.lucioles.pk}

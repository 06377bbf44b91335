"""Importing attendance from another crèche software: formats, mapping, the report, all or nothing,
idempotence."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError

from ribambelle.care import services
from ribambelle.care.enums import AbsenceReason, AttendanceColumn, RecordSource
from ribambelle.care.models import Absence, Attendance, ImportBatch
from tests.care.import_files import csv_bytes, mapping, week_rows, xlsx_bytes


@pytest.fixture
def petits_pas(cast):
    return mapping(cast)


def _import(cast, source, content, *, commit=True, actor=None, name="pointages.csv"):
    return services.attendance_import(
        content=content, file_name=name, mapping=source, actor=actor or cast.coordinatrice, commit=commit
    )


def _errors(report):
    return [(error.row, error.column, error.message) for error in report.errors]


def test_the_dry_run_reports_what_the_file_would_write_and_writes_nothing(cast, petits_pas):
    report = _import(cast, petits_pas, csv_bytes(week_rows(cast)), commit=False)

    assert report.ok and not report.committed
    assert (report.rows, report.presences, report.absences, report.unchanged) == (6, 5, 1, 0)
    assert (report.first_on, report.last_on) == (date(2026, 1, 5), date(2026, 1, 9))
    assert not Attendance.objects.exists() and not Absence.objects.exists() and not ImportBatch.objects.exists()


def test_the_wet_run_writes_the_rows_as_imported_with_their_contract_and_late_pickups(cast, petits_pas):
    report = _import(cast, petits_pas, csv_bytes(week_rows(cast)))

    assert report.committed
    presences = Attendance.objects.order_by("on", "arrived_at")
    assert [(a.on.day, a.arrived_at, a.left_at) for a in presences] == [
        (5, time(8, 30), time(17, 30)),
        (6, time(8, 35), time(17, 50)),
        (7, time(8, 30), time(12, 0)),
        (7, time(13, 30), time(17, 0)),
        (9, time(9, 0), time(16, 0)),
    ]
    assert {a.source for a in presences} == {RecordSource.IMPORT}
    assert {a.contract for a in presences} == {cast.leo_contract}
    assert [a.late_pickup for a in presences] == [False, True, False, False, False]


def test_the_batch_records_who_imported_which_file_and_what_it_wrote(cast, petits_pas):
    content = csv_bytes(week_rows(cast))

    report = _import(cast, petits_pas, content)

    batch = ImportBatch.objects.get()
    assert report.batch_id == batch.pk
    assert (batch.imported_by, batch.file_name, batch.source) == (
        cast.coordinatrice,
        "pointages.csv",
        petits_pas.source,
    )
    assert len(batch.sha256) == 64 and batch.sha256 == report.sha256
    assert (batch.rows, batch.presences, batch.absences, batch.unchanged) == (6, 5, 1, 0)
    assert (batch.first_on, batch.last_on, batch.facility_ids) == (
        date(2026, 1, 5),
        date(2026, 1, 9),
        [cast.lucioles.pk],
    )
    assert batch.mapping["columns"] == petits_pas.columns


def test_absences_are_imported_with_the_reasons_the_mapping_translates(cast, petits_pas):
    leo = cast.leo.pk
    rows = [
        (leo, "Les Lucioles", "12/01/2026", "", "", "MAL-CM"),
        (leo, "Les Lucioles", "13/01/2026", "", "", "congés"),  # labels compare without case
        (leo, "Les Lucioles", "14/01/2026", "", "", "Hospitalisation"),  # our own label is always understood
    ]

    _import(cast, petits_pas, csv_bytes(rows))

    assert [(a.on.day, a.reason, a.source) for a in Absence.objects.order_by("on")] == [
        (12, AbsenceReason.ILLNESS_WITH_CERTIFICATE, RecordSource.IMPORT),
        (13, AbsenceReason.FAMILY_LEAVE, RecordSource.IMPORT),
        (14, AbsenceReason.HOSPITALISATION, RecordSource.IMPORT),
    ]


def test_a_latin1_file_separated_by_commas_finds_the_child_by_family_reference_first_name_and_birth(cast):
    source = mapping(
        cast,
        columns={
            "Dossier": AttendanceColumn.FAMILY_REFERENCE,
            "Prénom": AttendanceColumn.CHILD_FIRST_NAME,
            "Né le": AttendanceColumn.CHILD_BIRTH_ON,
            "IDEQU": AttendanceColumn.FACILITY_CAF_ID,
            "Jour": AttendanceColumn.ON,
            "Entrée": AttendanceColumn.ARRIVED_AT,
            "Sortie": AttendanceColumn.LEFT_AT,
        },
        date_format="yyyy-mm-dd",
        time_format="hhhmm",
    )
    cast.coccinelles.caf_equipment_id = "IDEQU-0043"
    cast.coccinelles.save()
    header = ("Dossier", "Prénom", "Né le", "IDEQU", "Jour", "Entrée", "Sortie")
    rows = [("F-2025-0001", "LÉO", "2025-09-10", "IDEQU-0042", "2026-01-05", "8h30", "17h15")]

    report = _import(cast, source, csv_bytes(rows, header, separator=",", encoding="latin-1"))

    assert report.ok, _errors(report)
    assert report.encoding == "Windows-1252 (Latin-1)"
    assert Attendance.objects.get().child == cast.leo


def test_an_xlsx_workbook_is_read_with_its_date_and_time_cells(cast, petits_pas):
    rows = [
        (cast.leo.pk, "Les Lucioles", datetime(2026, 1, 5), time(8, 30), time(17, 30), None),  # noqa: DTZ001 (a naive Excel cell)
        (str(cast.leo.pk), "les lucioles", "06/01/2026", "08:40", "17:00", None),
        (cast.leo.pk, "Les Lucioles", date(2026, 1, 7), None, None, "MAL"),
    ]

    report = _import(cast, petits_pas, xlsx_bytes(rows), name="pointages.xlsx")

    assert report.ok, _errors(report)
    assert (report.presences, report.absences, report.encoding) == (2, 1, "XLSX")
    assert Attendance.objects.filter(on=date(2026, 1, 6), arrived_at=time(8, 40)).exists()


def test_a_utf8_file_with_a_bom_reads_its_first_column(cast, petits_pas):
    report = _import(cast, petits_pas, b"\xef\xbb\xbf" + csv_bytes(week_rows(cast)), commit=False)

    assert report.ok, _errors(report)
    assert report.encoding == "UTF-8 avec BOM"


LEO = object()  # stands for Léo's id in the cases below


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (("999999", "Les Lucioles", "05/01/2026", "08:30", "17:30", ""), "N° enfant", "aucun enfant"),
        ((LEO, "Les Papillons", "05/01/2026", "08:30", "17:30", ""), "Structure", "aucun établissement"),
        ((LEO, "Les Lucioles", "2026-01-05", "08:30", "17:30", ""), "Date", "n'est pas une date au format 31/12/2026"),
        ((LEO, "Les Lucioles", "", "08:30", "17:30", ""), "Date", "jour manquant"),
        ((LEO, "Les Lucioles", "05/01/2026", "8h75", "17:30", ""), "Arrivée", "n'est pas une heure au format 08:30"),
        ((LEO, "Les Lucioles", "05/01/2026", "08:30", "", ""), "Départ", "heure de départ manquante"),
        ((LEO, "Les Lucioles", "05/01/2026", "17:30", "08:30", ""), "Départ", "le départ (08:30) doit suivre"),
        ((LEO, "Les Lucioles", "05/01/2026", "", "", "Grippe"), "Motif", "motif « Grippe » absent"),
        ((LEO, "Les Lucioles", "05/01/2026", "08:30", "17:30", "MAL"), "Motif", "pas les deux"),
        ((LEO, "Les Lucioles", "05/01/2026", "", "", ""), "Arrivée", "ni heures de présence ni motif"),
        ((LEO, "Les Lucioles", "05/01/2024", "08:30", "17:30", ""), "Date", "pas encore né"),
    ],
)
def test_each_faulty_row_is_named_with_its_column_and_reason(cast, petits_pas, row, column, message):
    good = (cast.leo.pk, "Les Lucioles", "02/01/2026", "08:30", "17:30", "")
    faulty = tuple(cast.leo.pk if cell is LEO else cell for cell in row)

    report = _import(cast, petits_pas, csv_bytes([good, faulty]))

    assert [(error.row, error.column) for error in report.errors] == [(3, column)]
    assert message in report.errors[0].message


def test_a_file_with_one_faulty_row_writes_nothing(cast, petits_pas):
    rows = [*week_rows(cast), (cast.leo.pk, "Les Lucioles", "31/02/2026", "08:30", "17:30", "")]

    report = _import(cast, petits_pas, csv_bytes(rows))

    assert _errors(report) == [(8, "Date", "« 31/02/2026 » n'est pas une date au format 31/12/2026.")]
    assert not report.committed and report.presences == 5
    assert not Attendance.objects.exists() and not Absence.objects.exists() and not ImportBatch.objects.exists()


def test_rows_clashing_within_the_file_are_named_with_the_row_they_clash_with(cast, petits_pas):
    leo = cast.leo.pk
    rows = [
        (leo, "Les Lucioles", "05/01/2026", "08:30", "12:00", ""),
        (leo, "Les Lucioles", "05/01/2026", "11:00", "17:00", ""),
        (leo, "Les Lucioles", "06/01/2026", "08:30", "17:00", ""),
        (leo, "Les Lucioles", "06/01/2026", "08:30", "17:00", ""),
        (leo, "Les Lucioles", "07/01/2026", "08:30", "17:00", ""),
        (leo, "Les Lucioles", "07/01/2026", "", "", "MAL"),
        (leo, "Les Lucioles", "08/01/2026", "", "", "MAL"),
        (leo, "Les Lucioles", "08/01/2026", "", "", "Congés"),
    ]

    report = _import(cast, petits_pas, csv_bytes(rows))

    assert _errors(report) == [
        (3, "Arrivée", "chevauche la présence de la ligne 2 (jusqu'à 12:00)."),
        (5, "Arrivée", "présence en double : mêmes heures qu'à la ligne 4."),
        (7, "Motif", "l'enfant est présent·e ce jour à la ligne 6."),
        (9, "Motif", "absence en double : même enfant, même jour qu'à la ligne 8."),
    ]


def test_a_presence_overlapping_one_recorded_on_the_tablet_is_refused(cast, petits_pas):
    services.attendance_arrive(
        child=cast.leo, facility=cast.lucioles, on=date(2026, 1, 5), at=time(8, 20), actor=cast.directrice
    )

    report = _import(cast, petits_pas, csv_bytes(week_rows(cast)))

    assert _errors(report) == [(2, "Arrivée", "chevauche la présence déjà enregistrée (sans départ).")]
    assert Attendance.objects.count() == 1


def test_importing_the_same_file_twice_changes_nothing(cast, petits_pas):
    content = csv_bytes(week_rows(cast))
    _import(cast, petits_pas, content)

    again = _import(cast, petits_pas, content, name="pointages (copie).csv")

    assert not again.committed and again.ok
    assert again.already_imported["batch_id"] == ImportBatch.objects.get().pk
    assert again.already_imported["file_name"] == "pointages.csv"
    assert (Attendance.objects.count(), Absence.objects.count(), ImportBatch.objects.count()) == (5, 1, 1)


def test_the_same_rows_in_another_file_are_counted_unchanged_and_not_written_again(cast, petits_pas):
    _import(cast, petits_pas, csv_bytes(week_rows(cast)))
    extra = (cast.leo.pk, "Les Lucioles", "12/01/2026", "08:30", "17:30", "")

    report = _import(cast, petits_pas, csv_bytes([*week_rows(cast), extra], separator=","))

    assert report.committed and (report.presences, report.absences, report.unchanged) == (1, 0, 6)
    assert (Attendance.objects.count(), Absence.objects.count(), ImportBatch.objects.count()) == (6, 1, 2)


def test_an_absence_with_another_reason_than_the_recorded_one_is_refused(cast, petits_pas):
    services.absence_record(
        child=cast.leo,
        facility=cast.lucioles,
        on=date(2026, 1, 8),
        reason=AbsenceReason.FAMILY_LEAVE,
        actor=cast.directrice,
    )

    report = _import(cast, petits_pas, csv_bytes(week_rows(cast)))

    assert _errors(report) == [(6, "Motif", "une absence (congé de la famille) est déjà enregistrée ce jour.")]


def test_a_facility_identifier_shared_by_two_facilities_is_refused_as_ambiguous(cast):
    source = mapping(
        cast, columns={"N° enfant": "child_id", "IDEQU": "facility_caf_id", "Date": "on", "Motif": "absence_reason"}
    )

    report = _import(
        cast,
        source,
        csv_bytes([(cast.leo.pk, "IDEQU-0042", "05/01/2026", "MAL")], ("N° enfant", "IDEQU", "Date", "Motif")),
    )

    assert _errors(report) == [
        (2, "IDEQU", "« IDEQU-0042 » : plusieurs établissements ont cet identifiant IDEQU ; utilisez leur nom.")
    ]


def test_a_column_of_the_mapping_missing_from_the_file_is_reported_on_the_header(cast, petits_pas):
    header = ("N° enfant", "Structure", "Jour", "Arrivée", "Départ", "Motif")

    report = _import(cast, petits_pas, csv_bytes(week_rows(cast), header))

    assert len(report.errors) == 1
    assert report.errors[0].row == 1 and report.errors[0].column == "Date"
    assert report.errors[0].message.startswith("colonne absente du fichier (colonnes du fichier : « N° enfant »")


def test_a_file_that_is_no_table_is_reported_unreadable(cast, petits_pas):
    report = _import(cast, petits_pas, b"\xd0\xcf\x11\xe0" + b"\0" * 64, name="pointages.xls")

    [error] = report.errors
    assert (error.row, error.column) == (1, "")
    assert error.message == (
        "fichier illisible : le format XLS (Excel 97–2003) n'est pas lu : enregistrez le fichier en XLSX ou en CSV."
    )


def test_a_presence_without_a_contract_that_day_is_imported_and_counted(cast, petits_pas):
    rows = [(cast.ines.pk, "Les Lucioles", "05/01/2026", "08:30", "11:30", "")]

    report = _import(cast, petits_pas, csv_bytes(rows))

    assert report.committed and report.without_contract == 1
    assert Attendance.objects.get().contract is None


def test_a_director_may_not_import(cast, petits_pas):
    with pytest.raises(ValidationError, match="pas le droit"):
        _import(cast, petits_pas, csv_bytes(week_rows(cast)), actor=cast.directrice)


def test_a_mapping_must_say_how_to_find_the_child(cast):
    with pytest.raises(ValidationError, match="identifiant Ribambelle de l'enfant"):
        mapping(
            cast,
            columns={
                "Prénom": "child_first_name",
                "Structure": "facility_name",
                "Date": "on",
                "Motif": "absence_reason",
            },
        )

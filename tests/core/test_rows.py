"""core.rows: plain rows written past the model layer, on either database."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from ribambelle.care.enums import AbsenceReason, RecordSource
from ribambelle.care.models import Absence
from ribambelle.core.rows import copy_text, rows_writer, table_columns
from tests.cast import Cast

FIELDS = ("child", "facility", "on", "reason", "source")


def test_the_columns_of_a_model_s_fields():
    assert table_columns(Absence, FIELDS) == ("care_absence", ["child_id", "facility_id", "on", "reason", "source"])


def test_the_rows_writer_writes_plain_rows_in_batches_without_history(cast: Cast):
    first = [(cast.leo.pk, cast.lucioles.pk, "2026-02-02", AbsenceReason.FAMILY_LEAVE.value, RecordSource.DEMO.value)]
    second = [(cast.leo.pk, cast.lucioles.pk, "2026-02-03", AbsenceReason.EVICTION.value, RecordSource.DEMO.value)]

    with rows_writer(*table_columns(Absence, FIELDS)) as write:
        write(first)
        write([])
        write(second)

    found = Absence.objects.filter(child=cast.leo).order_by("on").values_list("on", "reason")
    assert list(found) == [(date(2026, 2, 2), AbsenceReason.FAMILY_LEAVE), (date(2026, 2, 3), AbsenceReason.EVICTION)]
    assert not Absence.history.exists()


def test_copy_text_writes_copy_s_text_format(cast: Cast):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    reason, source = AbsenceReason.FAMILY_LEAVE.value, RecordSource.IMPORT.value
    line = f"{cast.leo.pk}\t{cast.lucioles.pk}\t2026-02-02\t{reason}\t{source}\n"

    copy_text(*table_columns(Absence, FIELDS), line)

    assert Absence.objects.get(child=cast.leo).source == RecordSource.IMPORT

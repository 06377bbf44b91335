"""`ribambelle indicators`: the stable contract (columns, rounding, formats) and one-line French errors."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from ribambelle.steering.management.commands.indicators import Command
from tests.care.statement_month import leo_in_march
from tests.commands import run_command

MARCH = ("--from", "2026-03-01", "--to", "2026-03-31")


def _run(*argv):
    return run_command(Command, "indicators", *argv)


def test_the_facility_month_table_of_march_computed_by_hand(cast):
    """Les Lucioles: 21 open days × 30 places × 11 h; Léo attended 8,650 min, billed 8,535 min."""
    leo_in_march(cast)

    status, out, _ = _run(*MARCH, "--by", "facility,month", "--refresh")

    assert status == 0
    rows = {row["facility"]: row for row in json.loads(out)["rows"]}
    lucioles = rows["Les Lucioles"]
    assert {key: lucioles[key] for key in ("month", "theoretical_hours", "attended_hours", "billed_hours")} == {
        "month": "2026-03",
        "theoretical_hours": 6930.0,
        "attended_hours": 144.17,
        "billed_hours": 142.25,
    }
    assert (lucioles["real_occupancy"], lucioles["financial_occupancy"], lucioles["billing_rate"]) == (
        0.0208,
        0.0205,
        0.9867,
    )
    assert lucioles["billing_band"] == "full"
    assert "billing_rate = billed / attended = 8535 / 8650 min = 0.9867" in lucioles["explanation"]
    assert rows["Les Coccinelles"]["theoretical_hours"] == 22 * 24 * 11
    assert rows["Les Coccinelles"]["billing_rate"] is None


def test_the_sector_and_territory_tables_add_up(cast):
    leo_in_march(cast)
    _run(*MARCH, "--by", "facility,month", "--refresh")

    _, sectors, _ = _run(*MARCH, "--by", "sector,month")
    _, territory, _ = _run(*MARCH, "--by", "territory,year")

    by_sector = {row["sector"]: row["theoretical_hours"] for row in json.loads(sectors)["rows"]}
    (year,) = json.loads(territory)["rows"]
    assert by_sector == {"Nord": 6930.0, "Sud": 5808.0}
    assert (year["year"], year["theoretical_hours"], year["billed_hours"]) == ("2026", 12738.0, 142.25)


def test_csv_and_xlsx_files_hold_the_same_rows(cast, tmp_path):
    leo_in_march(cast)
    _run(*MARCH, "--by", "facility,month", "--refresh")

    _run(*MARCH, "--by", "facility,month", "--format", "csv", "-o", str(tmp_path / "i.csv"))
    _run(*MARCH, "--by", "facility,month", "--format", "xlsx", "-o", str(tmp_path / "i.xlsx"))

    with (tmp_path / "i.csv").open(encoding="utf-8-sig", newline="") as text:
        table = list(csv.reader(text, delimiter=";"))
    assert table[0][:4] == ["facility", "facility_id", "month", "theoretical_hours"]
    lucioles = next(row for row in table if row[0] == "Les Lucioles")
    assert lucioles[3:9] == ["6930.00", "144.17", "142.25", "0.0208", "0.0205", "0.9867"]
    sheet = load_workbook(tmp_path / "i.xlsx").active
    assert [cell.value for cell in sheet[1]] == table[0]
    assert sheet.max_row == len(table)


def test_the_presence_columns_come_after_the_stable_ones(cast, tmp_path):
    """Léo came 16 days of March (5 days ill, 1 closure); Les Lucioles opened 21 days, the territory 22 (Les
    Coccinelles were open on the 18th)."""
    leo_in_march(cast)
    _run(*MARCH, "--by", "facility,month", "--refresh")

    _, out, _ = _run(*MARCH, "--by", "facility,month")
    _run(*MARCH, "--by", "territory,year", "--format", "csv", "-o", str(tmp_path / "t.csv"))

    lucioles = next(row for row in json.loads(out)["rows"] if row["facility"] == "Les Lucioles")
    assert list(lucioles)[-9:] == [
        "open_days",
        "child_days",
        "average_presence",
        "peak_daily_presence",
        "peak_presence",
        "over_limit_days",
        "over_limit_minutes",
        "enrolled",
        "explanation",
    ]
    assert [lucioles[key] for key in list(lucioles)[-9:-1]] == [21, 16, 0.76, 1, 1, 0, 0, 1]
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as text:
        header, year = list(csv.reader(text, delimiter=";"))
    assert header[:2] == ["year", "theoretical_hours"] and header[8:] == list(lucioles)[-9:-1]
    assert year[8:] == ["22", "16", "0.73", "1", "1", "0", "0", ""]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--by", "facility,week"), "--by attend « niveau,période »"),
        (("--by", "commune,month"), "--by attend"),
        (("--from", "2026-12-31", "--to", "2026-01-01", "--by", "facility,month"), "--to ne peut pas précéder"),
        (("--from", "2026-13-01", "--to", "2026-12-31", "--by", "facility,month"), "AAAA-MM-JJ"),
        (("--by", "facility,month", "--format", "pdf"), "valeur « pdf » non permise"),
    ],
)
def test_bad_arguments_exit_2_with_one_french_line_and_no_file(cast, tmp_path, argv, message):
    if "--from" not in argv:
        argv = (*MARCH, *argv)

    status, _, err = _run(*argv, "-o", str(tmp_path / "out.json"))

    assert status == 2 and message in err and err.count("\n") <= 1
    assert not (tmp_path / "out.json").exists()

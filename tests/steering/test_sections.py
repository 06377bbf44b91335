"""The section level of the indicators, checked by hand on March 2026 at Les Lucioles (sections Bébés, 10
places, and Grands, 20; open 7:30–18:30 on 21 days, closed on Wednesday 18): Léo in Bébés attended
8,650 min and was billed 8,535 min; one more child in Grands and one without a section each attended
9:00–17:00 on the 18 Mondays to Thursdays (8,640 min), billed 32 h × 44 weeks / 12 = 7,040 min."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum
from django.urls import reverse

from ribambelle.care.models import Contract
from ribambelle.engines.indicators import DayFact, Grain, Level, MonthBilled, indicators
from ribambelle.steering import cockpit
from ribambelle.steering.management.commands.indicators import Command
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact, SectionMonthFact
from ribambelle.steering.sections import sections_read
from ribambelle.steering.services import facts_refresh
from tests.care.statement_month import MARCH, add_children, leo_in_march
from tests.commands import run_command

OPEN_MINUTES = 21 * 660  # Σ opening minutes of the open days of March


@pytest.fixture
def sections(cast):
    leo_in_march(cast)
    grands_child, _ = add_children(cast, 2)
    bebes, grands = cast.lucioles.sections.order_by("min_age_months")
    Contract.objects.filter(pk=cast.leo_contract.pk).update(section=bebes)
    Contract.objects.filter(pk=grands_child.pk).update(section=grands)
    facts_refresh(start_on=MARCH, end_on=date(2026, 3, 31))
    return cast, bebes, grands


def _fact(facility, section):
    return SectionMonthFact.objects.get(facility=facility, section=section, month=MARCH)


def test_the_section_facts_of_march_computed_by_hand(sections):
    cast, bebes, grands = sections

    found = {
        name: (fact.attended_minutes, fact.billed_minutes, fact.enrolled)
        for name, fact in (
            ("Bébés", _fact(cast.lucioles, bebes)),
            ("Grands", _fact(cast.lucioles, grands)),
            ("outside", _fact(cast.lucioles, None)),
        )
    }

    assert found == {"Bébés": (8650, 8535, 1), "Grands": (8640, 7040, 1), "outside": (8640, 7040, 1)}
    assert _fact(cast.lucioles, bebes).billed_amount == Decimal("234.71")


def test_the_sections_and_the_row_outside_add_up_to_the_facility(sections):
    cast, _, _ = sections

    totals = SectionMonthFact.objects.filter(facility=cast.lucioles, month=MARCH).aggregate(
        attended=Sum("attended_minutes"), billed=Sum("billed_minutes"), enrolled=Sum("enrolled")
    )

    month = FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH)
    attended = FacilityDayFact.objects.filter(facility=cast.lucioles).aggregate(total=Sum("attended_minutes"))
    assert (totals["attended"], totals["billed"], totals["enrolled"]) == (
        attended["total"],
        month.billed_minutes,
        month.enrolled,
    )


def test_a_facility_without_activity_keeps_a_row_per_section_and_none_outside(sections):
    cast, _, _ = sections

    rows = SectionMonthFact.objects.filter(facility=cast.coccinelles, month=MARCH)

    assert sorted((row.section.name, row.attended_minutes, row.enrolled) for row in rows) == [
        ("Bébés", 0, 0),
        ("Grands", 0, 0),
    ]


def test_a_section_capacity_is_its_places_times_the_opening_of_the_open_days(sections):
    cast, bebes, grands = sections

    days, billed = sections_read(months=[MARCH], facility_ids=[cast.lucioles.pk])

    assert FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH).open_minutes == OPEN_MINUTES

    rows = {row.group_id: row for row in indicators(days, billed, level=Level.SECTION, grain=Grain.MONTH)}
    assert rows[bebes.pk].theoretical_minutes == 10 * OPEN_MINUTES
    assert rows[grands.pk].theoretical_minutes == 20 * OPEN_MINUTES
    assert rows[None].theoretical_minutes == 0 and rows[None].real_occupancy.value is None
    assert rows[bebes.pk].real_occupancy.value == Decimal("0.0624")  # 8,650 / 138,600
    assert rows[grands.pk].financial_occupancy.value == Decimal("0.0254")  # 7,040 / 277,200
    assert rows[grands.pk].billing_rate.value == Decimal("0.8148")  # 7,040 / 8,640
    assert rows[bebes.pk].presence.enrolled == 1


def test_a_change_of_places_reads_at_once(sections):
    cast, bebes, _ = sections
    bebes.places = 12
    bebes.save()

    days, _ = sections_read(months=[MARCH], facility_ids=[cast.lucioles.pk], outside=False)

    assert {day.section_id: day.theoretical_minutes for day in days}[bebes.pk] == 12 * OPEN_MINUTES


def test_the_engine_groups_by_section_and_refuses_days():
    days = [
        DayFact(1, None, MARCH, 600, 300, section_id=7),
        DayFact(1, None, date(2026, 4, 1), 600, 150, section_id=7),
        DayFact(1, None, MARCH, 1200, 300, section_id=8),
    ]
    billed = [MonthBilled(1, None, MARCH, 330, 2, section_id=7)]

    (seven, eight) = indicators(days, billed, level=Level.SECTION, grain=Grain.YEAR)

    assert (seven.group_id, seven.theoretical_minutes, seven.attended_minutes, seven.billed_minutes) == (
        7,
        1200,
        450,
        330,
    )
    assert seven.billing_rate.value == Decimal("0.7333")
    assert (eight.group_id, eight.real_occupancy.value) == (8, Decimal("0.2500"))
    with pytest.raises(ValueError, match="monthly"):
        indicators(days, billed, level=Level.SECTION, grain=Grain.DAY)


def test_section_figures_of_a_year_and_of_a_month(sections):
    cast, _, _ = sections

    year = cockpit.section_figures(
        facility_id=cast.lucioles.pk, months=[date(2026, m, 1) for m in (1, 2, 3)], grain=Grain.YEAR
    )
    month = cockpit.section_figures(facility_id=cast.lucioles.pk, months=[MARCH], grain=Grain.MONTH)

    assert [(row.name, row.places) for row in year] == [("Bébés", 10), ("Grands", 20), ("Hors section", None)]
    assert year[0].current.attended_minutes == 8650 and year[0].previous is None
    assert year[0].current.presence.enrolled is None
    assert [row.current.presence.enrolled for row in month] == [1, 1, 1]


APRIL = "2026-04-15 10:00 +02:00"


@time_machine.travel(APRIL, tick=False)
def test_the_facility_page_shows_its_sections_and_downloads_them(sections, client):
    cast, _, _ = sections
    client.force_login(cast.coordinatrice)
    url = reverse("steering:facility_activity", args=[cast.lucioles.pk])

    page = client.get(url, {"year": 2026}).content.decode()
    text = client.get(url, {"year": 2026, "export": "sections", "format": "csv"}).content.decode("utf-8-sig")

    assert "Activité par section, janv. à mars 2026" in page
    assert "Heures réalisées ÷ capacité théorique = 144,17\u00a0h ÷ 2\u202f310,00\u00a0h" in page
    rows = {row[0]: row for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert rows["Bébés"][1:9] == ["10", "2310,00", "144,17", "142,25", "0,0624", "0,0616", "0,9867", ""]
    assert rows["Hors section"][1:5] == ["", "0,00", "144,00", "117,33"]


@time_machine.travel(APRIL, tick=False)
def test_the_month_page_shows_the_sections_with_the_children_enrolled(sections, client):
    cast, _, _ = sections
    client.force_login(cast.directrice)
    url = reverse("steering:facility_month", args=[cast.lucioles.pk, 2026, 3])

    page = client.get(url).content.decode()
    text = client.get(url, {"export": "sections", "format": "csv"}).content.decode("utf-8-sig")

    assert "Activité par section, mars 2026" in page
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[-2:] == ["Enfants inscrits", "Taux d'occupation réel un an avant"]
    assert [row[0] for row in rows] == ["Bébés", "Grands", "Hors section"] and rows[0][-2] == "1"


def test_the_command_reads_sections_by_month(sections):
    _, bebes, _ = sections

    status, out, _ = run_command(
        Command, "indicators", "--from", "2026-03-01", "--to", "2026-03-31", "--by", "section,month"
    )

    assert status == 0
    rows = json.loads(out)["rows"]
    bebes_row = next(row for row in rows if row["section_id"] == bebes.pk)
    assert list(bebes_row)[:5] == ["facility", "facility_id", "section", "section_id", "month"]
    assert (bebes_row["facility"], bebes_row["section"], bebes_row["theoretical_hours"]) == (
        "Les Lucioles",
        "Bébés",
        2310.0,
    )
    assert (bebes_row["attended_hours"], bebes_row["billed_hours"], bebes_row["enrolled"]) == (144.17, 142.25, 1)
    assert all(row["section_id"] is not None for row in rows)  # the rows outside the sections stay with facilities


@pytest.mark.parametrize("argv", [("--by", "section,day"), ("--to", "2026-03-15", "--by", "section,month")])
def test_the_command_refuses_sections_by_day_or_part_of_a_month(cast, argv):
    bounds = ("--from", "2026-03-01") + (() if "--to" in argv else ("--to", "2026-03-31"))

    status, _, err = run_command(Command, "indicators", *bounds, *argv)

    assert status == 2 and "le niveau section se lit par mois ou par année" in err and err.count("\n") <= 1

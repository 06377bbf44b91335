"""The activity cockpit (steering.cockpit and its pages), checked by hand on Léo's March 2026 at Les Lucioles
(docs/indicators.md): 21 open days × 30 places × 11 h = 6,930 h; Les Coccinelles 22 days × 24 places × 11 h
= 5,808 h; Léo attended 8,650 min and was billed 8,535 min."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db.models import F
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ribambelle.steering import cockpit
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.steering.services import facts_refresh, months_roll_up
from ribambelle.territory.models import Authorisation
from tests.care.statement_month import MARCH, leo_in_march

APRIL = "2026-04-15 10:00 +02:00"
COCKPIT = reverse("steering:cockpit")


@pytest.fixture
def march(cast):
    leo_in_march(cast)
    facts_refresh(start_on=MARCH, end_on=date(2026, 3, 31))
    return cast


def _board(cast, *facilities, today=date(2026, 4, 15)):
    infos = cockpit.facility_infos(cast.organisation.facilities.filter(pk__in=[f.pk for f in facilities]))
    return cockpit.dashboard(facilities=infos, period=cockpit.period_of(2026, today=today), today=today)


def test_the_period_is_the_complete_months_of_the_year():
    assert cockpit.period_of(2026, today=date(2026, 1, 20)) is None
    april = cockpit.period_of(2026, today=date(2026, 4, 15))
    assert (april.first, april.last, april.end_on, april.label) == (
        date(2026, 1, 1),
        date(2026, 3, 1),
        date(2026, 3, 31),
        "janv. à mars 2026",
    )
    assert cockpit.period_of(2025, today=date(2026, 4, 15)).label == "2025"
    assert april.year_before().label == "janv. à mars 2025"


def test_the_key_figures_of_the_territory_computed_by_hand(march):
    board = _board(march, march.lucioles, march.coccinelles)

    now = board.current
    assert (now.theoretical_minutes, now.attended_minutes, now.billed_minutes) == (
        (6930 + 5808) * 60,
        8650,
        8535,
    )
    # 8,650 / 764,280 = 0.011318 → 0.0113; 8,535 / 764,280 = 0.011167 → 0.0112; 8,535 / 8,650 = 0.98670 → 0.9867
    assert (now.real_occupancy.value, now.financial_occupancy.value, now.billing_rate.value) == (
        Decimal("0.0113"),
        Decimal("0.0112"),
        Decimal("0.9867"),
    )
    assert board.reference == Decimal("0.70")
    assert [m.month for m in board.months] == [date(2026, 1, 1), date(2026, 2, 1), MARCH]
    assert board.months[2].current.theoretical_minutes == now.theoretical_minutes
    assert board.months[0].current is None
    assert [(s.name, s.facilities, s.current.theoretical_minutes) for s in board.sectors] == [
        ("Nord", 1, 6930 * 60),
        ("Sud", 1, 5808 * 60),
    ]


def test_last_year_counts_the_same_months_only(march):
    for on, theoretical, attended in ((date(2025, 3, 2), 19_800, 9_900), (date(2025, 11, 3), 19_800, 19_800)):
        FacilityDayFact.objects.create(
            facility=march.lucioles,
            on=on,
            theoretical_minutes=theoretical,
            attended_minutes=attended,
            places=30,
            opening_minutes=660,
            closed=False,
        )
    months_roll_up(facility_ids=[march.lucioles.pk], start_on=date(2025, 3, 1), end_on=date(2025, 11, 30))

    board = _board(march, march.lucioles)

    assert (board.previous.theoretical_minutes, board.previous.attended_minutes) == (19_800, 9_900)
    assert board.previous.real_occupancy.value == Decimal("0.5000")
    assert board.months[2].previous.real_occupancy.value == Decimal("0.5000")
    assert board.facilities[0].previous.real_occupancy.value == Decimal("0.5000")


def test_alerts_name_the_facility_and_the_reason(march):
    FacilityMonthFact.objects.filter(facility=march.lucioles, month=MARCH).update(billed_minutes=9_300)  # 107.5 %
    FacilityMonthFact.objects.filter(facility=march.coccinelles, month=MARCH).update(errors=2)
    Authorisation.objects.filter(facility=march.coccinelles).update(expires_on=date(2026, 9, 30))

    alerts = {(a.facility.name, a.kind): a for a in _board(march, march.lucioles, march.coccinelles).alerts}

    assert (
        alerts["Les Lucioles", "occupancy"].message
        == "Taux d'occupation réel 2,1\u00a0%, sous le repère de 70,0\u00a0%"
    )
    billing = alerts["Les Lucioles", "billing_rate"]
    assert billing.message.startswith("Taux de facturation 107,5\u00a0%, au-dessus de 107,0\u00a0%")
    assert not billing.severe
    assert alerts["Les Coccinelles", "statements"].message.startswith("Relevés non calculés en mars")
    assert "échéance le 30/09/2026" in alerts["Les Coccinelles", "authorisation"].message
    assert ("Les Coccinelles", "billing_rate") not in alerts  # nobody attended: no rate, no band


def test_a_month_day_by_day(march):
    days, whole = cockpit.month_days(facility_id=march.lucioles.pk, month=MARCH)

    by_day = {d.day.period: d for d in days}
    assert len(days) == 31
    assert by_day[date(2026, 3, 18)].closed and by_day[date(2026, 3, 18)].day.theoretical_minutes == 0
    monday = by_day[date(2026, 3, 2)]
    assert (monday.places, monday.opening_minutes, monday.day.attended_minutes) == (30, 660, 540)
    assert monday.day.real_occupancy.value == Decimal("0.0273")  # 540 / 19,800
    assert (whole.attended_minutes, whole.billed_minutes) == (8650, 8535)


@time_machine.travel(APRIL, tick=False)
def test_the_cockpit_page_shows_the_figures_and_how_they_are_computed(march, client):
    client.force_login(march.coordinatrice)

    page = client.get(COCKPIT).content.decode()

    assert "janv. à mars 2026" in page
    assert "12\u202f738,00\u00a0h" in page  # capacity
    assert "Heures réalisées ÷ capacité théorique = 144,17\u00a0h ÷ 12\u202f738,00\u00a0h" in page
    assert 'role="img"' in page and "Taux d&#x27;occupation réel par mois, 2026 et 2025" in page
    assert reverse("steering:facility_activity", args=[march.lucioles.pk]) in page


@time_machine.travel(APRIL, tick=False)
def test_filters_restrict_the_facilities(march, client):
    client.force_login(march.coordinatrice)

    page = client.get(COCKPIT, {"year": 2026, "sector": march.sud.pk}).content.decode()

    assert "Les Coccinelles" in page and "Les Lucioles" not in page
    assert "5\u202f808,00\u00a0h" in page


@time_machine.travel(APRIL, tick=False)
def test_an_unknown_year_is_refused_in_french(march, client):
    client.force_login(march.coordinatrice)

    page = client.get(COCKPIT, {"year": 1999}).content.decode()

    assert "Sélectionnez un choix valide" in page
    assert "Corrigez les filtres" in page


@time_machine.travel(APRIL, tick=False)
def test_a_director_sees_her_facility_only(march, client):
    client.force_login(march.directrice)

    page = client.get(COCKPIT).content.decode()

    assert "Les Lucioles" in page and "Les Coccinelles" not in page
    assert client.get(reverse("steering:facility_activity", args=[march.coccinelles.pk])).status_code == 404


@time_machine.travel(APRIL, tick=False)
def test_an_elected_official_sees_the_figures_and_no_name(march, client):
    client.force_login(march.elu)
    pages = [
        client.get(COCKPIT).content.decode(),
        client.get(reverse("steering:facility_activity", args=[march.lucioles.pk])).content.decode(),
        client.get(reverse("steering:facility_month", args=[march.lucioles.pk, 2026, 3])).content.decode(),
    ]

    assert "Les Coccinelles" in pages[0]
    for page in pages:
        for name in (march.leo.first_name, march.martin.parent_last_name, march.directrice.last_name):
            assert name not in page
    assert reverse("care:statement_month", args=[march.lucioles.pk, MARCH]) not in pages[2]


@time_machine.travel(APRIL, tick=False)
def test_the_tables_download_as_csv_and_xlsx(march, client):
    client.force_login(march.coordinatrice)

    text = client.get(COCKPIT, {"year": 2026, "export": "etablissements", "format": "csv"}).content.decode("utf-8-sig")
    workbook = client.get(COCKPIT, {"year": 2026, "export": "mois", "format": "xlsx"})

    rows = {row[0]: row for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert rows["Les Lucioles"][4:10] == ["6930,00", "144,17", "142,25", "0,0208", "0,0205", "0,9867"]
    alerts = client.get(COCKPIT, {"year": 2026, "export": "alertes", "format": "csv"}).content.decode("utf-8-sig")
    assert "Les Lucioles;Occupation sous le repère national;Taux d'occupation réel 2,1\u00a0%" in alerts
    sectors = client.get(COCKPIT, {"year": 2026, "export": "secteurs", "format": "csv"}).content.decode("utf-8-sig")
    assert sectors.splitlines()[1].startswith("Nord;1;6930,00;144,17;142,25;0,0208;")
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet.title == "Mois 2026"
    assert [c.value for c in sheet[4]][:4] == ["2026-03", 12738, 144.17, 142.25]
    assert sheet["E4"].number_format == "0.0%"


@time_machine.travel(APRIL, tick=False)
def test_the_days_of_a_month_download(march, client):
    client.force_login(march.directrice)
    url = reverse("steering:facility_month", args=[march.lucioles.pk, 2026, 3])

    text = client.get(url, {"export": "jours", "format": "csv"}).content.decode("utf-8-sig")

    lines = text.splitlines()
    assert lines[0].startswith("Jour;Fermé;Places autorisées")
    assert "2026-03-18;oui;30;11,00;0,00;0,00;" in lines


@time_machine.travel(APRIL, tick=False)
def test_the_pdf_reports_hold_the_figures_and_the_charts(march, client):
    client.force_login(march.coordinatrice)

    territory = client.get(reverse("steering:cockpit_report"), {"year": 2026})
    facility = client.get(reverse("steering:facility_report", args=[march.lucioles.pk]))

    assert territory["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(territory.content)).pages)
    assert "Rapport d'activité du territoire" in text
    assert "12 738,00 h" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "repère national 70,0" in text  # the chart's reference line
    first = PdfReader(io.BytesIO(facility.content)).pages[0].extract_text()
    assert "Rapport d'activité — Les Lucioles" in first


@time_machine.travel(APRIL, tick=False)
def test_the_coordinator_recomputes_the_stale_billed_hours(march, client, django_capture_on_commit_callbacks):
    FacilityMonthFact.objects.filter(facility=march.lucioles, month=MARCH).update(stale=True, billed_minutes=0)
    client.force_login(march.coordinatrice)
    assert "Recalculer les heures facturées" in client.get(COCKPIT).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("steering:billing_refresh"))

    fact = FacilityMonthFact.objects.get(facility=march.lucioles, month=MARCH)
    assert response.status_code == 302 and (fact.stale, fact.billed_minutes) == (False, 8535)
    assert "Recalculer les heures facturées" not in client.get(COCKPIT).content.decode()


def test_surnombre_days_and_weeks_are_alerts(march):
    FacilityDayFact.objects.filter(facility=march.lucioles, on=date(2026, 3, 3)).update(
        over_limit_minutes=25, peak_presence=36, children=36
    )
    # The week of 2 March: 110 % of its capacity attended (the weekly limit is 100 %).
    FacilityDayFact.objects.filter(facility=march.lucioles, on__range=(date(2026, 3, 2), date(2026, 3, 6))).update(
        attended_minutes=F("theoretical_minutes") * 11 / 10
    )
    months_roll_up(facility_ids=[march.lucioles.pk], start_on=MARCH, end_on=MARCH)

    territory = _board(march, march.lucioles, march.coccinelles)
    facility = _board(march, march.lucioles)

    day, week = [a for a in territory.alerts if a.kind == "surnombre"]
    assert day.message == (
        "1 jour au-delà de la limite instantanée de 115 % (25 minutes en tout ; jusqu'à 36 enfants présents "
        "en même temps)"
    )
    assert week.message == "Semaine du 02/03/2026 : occupation hebdomadaire de 110,0\u00a0%, au-delà de 100 %"
    assert territory.alert_groups[0].label == "Surnombre au-delà des limites réglementaires"
    assert [a.message for a in facility.alerts if a.kind == "surnombre"] == [day.message, week.message]
    assert FacilityMonthFact.objects.get(facility=march.lucioles, month=MARCH).over_capacity_days == 5


def test_only_facilities_with_a_day_over_capacity_are_weighed_week_by_week(march):
    """A week can exceed 100 % of its capacity only if one of its days does (the weekly rate is 1.00)."""
    FacilityDayFact.objects.filter(facility=march.lucioles, on=date(2026, 3, 3)).update(
        attended_minutes=F("theoretical_minutes") + 1
    )
    months_roll_up(facility_ids=[march.lucioles.pk, march.coccinelles.pk], start_on=MARCH, end_on=MARCH)
    period = cockpit.period_of(2026, today=date(2026, 4, 15))

    found = cockpit._week_candidates([march.lucioles.pk, march.coccinelles.pk], period)

    assert found == [march.lucioles.pk]
    assert not [a for a in _board(march, march.lucioles).alerts if a.message.startswith("Semaine")]

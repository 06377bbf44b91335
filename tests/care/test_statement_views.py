"""The statement pages and files: the facility-month table, the finance export (CSV, XLSX), a family's PDF."""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ribambelle.care.statement_files import COLUMNS
from tests.care.statement_month import MARCH, add_children, leo_in_march


def _url(name, cast, **kwargs):
    return reverse(f"care:{name}", kwargs={"pk": cast.lucioles.pk, "month": MARCH, **kwargs})


def _flat(text: str) -> str:
    """Text as a reader sees it: entities decoded, every run of spaces (no-break ones and line breaks
    included) one plain space."""
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.fixture
def march(cast, client):
    leo_in_march(cast)
    client.force_login(cast.directrice)
    return cast


def test_the_month_table_shows_each_child_with_every_figure_and_the_totals(march, client):
    page = _flat(client.get(_url("statement_month", march)).text)

    assert "Relevés mensuels — Les Lucioles — mars 2026" in page
    assert "Léo Martin" in page and "F-2025-0001" in page
    for figure in ("168,75", "0,50", "27,00", "142,25", "144,50", "1,65 €", "234,71 €"):
        assert figure in page
    assert "Maladie avec certificat médical : 2 j" in page and "Fermeture de l'établissement : 1 j" in page
    assert "toute demi-heure commencée est due" in page


def test_a_missing_rounding_rule_is_explained_in_french_on_the_page(cast, client):
    client.force_login(cast.coordinatrice)

    response = client.get(_url("statement_month", cast))

    assert response.status_code == 200
    assert "Choix local manquant : « Arrondi des heures facturées et réalisées »" in response.text
    assert "Fixer les choix locaux" in response.text


def test_the_exports_send_back_to_the_page_while_the_rounding_rule_is_missing(cast, client):
    client.force_login(cast.coordinatrice)

    response = client.get(_url("statement_export_csv", cast))

    assert response.status_code == 302 and response.url == _url("statement_month", cast)


def test_the_month_picker_leads_to_the_facility_month(cast, client):
    client.force_login(cast.directrice)

    response = client.get(reverse("care:statement_index"), {"facility": cast.lucioles.pk, "month": "2026-03"})

    assert response.status_code == 302 and response.url == _url("statement_month", cast)


def test_the_month_picker_refuses_a_malformed_month_in_french(cast, client):
    client.force_login(cast.directrice)

    page = client.get(reverse("care:statement_index"), {"facility": cast.lucioles.pk, "month": "mars"}).text

    assert "Saisissez un mois, par exemple 2026-03." in page


def test_the_csv_export_follows_french_excel_conventions(march, client):
    response = client.get(_url("statement_export_csv", march))

    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    header, leo = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert header == [column.header for column in COLUMNS]
    row = dict(zip(header, leo, strict=True))
    assert row["Mois"] == "2026-03" and row["N° de dossier"] == "F-2025-0001" and row["Enfant"] == "Léo Martin"
    assert row["Heures mensualisées"] == "168,75" and row["Heures facturées"] == "142,25"
    assert row["Montant (€)"] == "234,71" and row["Tarif horaire (€)"] == "1,65"
    assert row["Motifs des déductions"] == (
        "Maladie avec certificat médical : 2 j, 18,00 h ; Fermeture de l'établissement : 1 j, 9,00 h"
    )
    assert 'filename="releves-2026-03-etablissement-' in response["Content-Disposition"]


def test_the_xlsx_export_holds_numbers_whose_totals_match_the_page(march, client):
    add_children(march, 2)
    page = _flat(client.get(_url("statement_month", march)).text)

    workbook = load_workbook(io.BytesIO(client.get(_url("statement_export_xlsx", march)).content))

    rows = list(workbook["Relevés"].iter_rows(values_only=True))
    amounts = [row[[c.header for c in COLUMNS].index("Montant (€)")] for row in rows[1:]]
    assert all(isinstance(amount, float | int) for amount in amounts)
    totals = dict(workbook["Totaux"].iter_rows(values_only=True))
    assert Decimal(str(totals["Montant (€)"])) == Decimal(str(round(sum(amounts), 2)))
    assert f"{Decimal(str(totals['Montant (€)'])):.2f}".replace(".", ",") in page
    assert totals["Heures facturées"] == pytest.approx(376.92)  # 8,535 + 2 × 7,040 minutes
    assert workbook["Relevés"]["P2"].number_format == '#,##0.00\\ "€"'


def test_the_family_pdf_holds_the_figures_and_totals_of_the_page(march, client):
    response = client.get(_url("statement_family_pdf", march, family_pk=march.martin.pk))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="releve-2026-03-F-2025-0001.pdf"'
    text = _flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
    assert "Relevé mensuel — mars 2026" in text and "Les Lucioles" in text
    assert "Julie MARTIN" in text and "Dossier n° F-2025-0001" in text and "Léo Martin" in text
    assert "Jeudi 12 mars : maladie avec certificat médical" in text
    assert "Mercredi 18 mars : fermeture de l'établissement" in text
    assert "Total à payer pour mars 2026 : 234,71 €" in text
    assert "142,25" in text and "1,65 €" in text
    assert "billing.absence_waiting_days" in text and "Règlement de fonctionnement du 01/09/2025" in text


def test_the_month_table_costs_the_same_queries_with_one_child_or_six(march, client, django_assert_max_num_queries):
    url = _url("statement_month", march)
    with CaptureQueriesContext(connection) as one_child:
        client.get(url)
    add_children(march, 5)

    with django_assert_max_num_queries(len(one_child)):
        page = client.get(url).text

    assert page.count(">PDF<") == 6

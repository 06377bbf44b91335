from __future__ import annotations

import html
from datetime import date

from django.urls import reverse

from ribambelle.territory import services


def _rounding(cast, value="up_30"):
    services.rule_choice_set(
        organisation=cast.organisation,
        facility=None,
        key="billing.rounding",
        value=value,
        valid_from=date(2025, 1, 1),
        act="Règlement de fonctionnement",
        actor=cast.coordinatrice,
    )


def _page(client, query) -> str:
    return html.unescape(client.get(reverse("territory:fee_simulator"), query).content.decode())


def _query(cast, **overrides):
    data = {
        "facility": cast.lucioles.pk,
        "on": "2026-01-15",
        "monthly_resources": "3200",
        "dependent_children": "2",
        "aeeh_children": "0",
        "attendance_weeks": "45",
    }
    for day in range(5):
        data |= {f"arrival_{day}": "08:30", f"departure_{day}": "17:30"}
    return data | overrides


def test_the_simulator_gives_the_hourly_fee_and_the_monthly_bill_with_their_texts(cast, client):
    _rounding(cast)
    client.force_login(cast.coordinatrice)

    page = _page(client, _query(cast))

    # 3 200 € × 0,0516 % = 1,6512 → 1,65 €/h; 45 h × 45 semaines / 12 mois = 168,75 h → 278,44 €.
    assert "1,65\u00a0€" in page and "168,75 h par mois" in page and "278,44\u00a0€" in page
    assert "psu.resources_ceiling" in page and "Règlement de fonctionnement" in page


def test_the_simulator_says_when_the_facility_has_not_chosen_its_rounding_rule(cast, client):
    client.force_login(cast.elu)

    page = _page(client, _query(cast))

    assert "Choix local manquant" in page and "Arrondi des heures" in page


def test_the_simulator_refuses_a_departure_before_the_arrival(cast, client):
    _rounding(cast)
    client.force_login(cast.coordinatrice)

    page = _page(client, _query(cast, departure_2="07:00"))

    assert "Le départ du mercredi doit suivre l'arrivée." in page


def test_the_simulator_refuses_a_date_before_the_barème(cast, client):
    _rounding(cast)
    client.force_login(cast.coordinatrice)

    page = _page(client, _query(cast, on="2010-01-15"))

    assert "n'est pas en vigueur au 15/01/2010" in page

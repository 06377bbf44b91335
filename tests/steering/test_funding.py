"""A facility's PSU side (steering.funding), by hand on Léo's March 2026 at Les Lucioles: billed 142.25 h
for 234.71 € of family fees, attended 144.17 h, capacity 6,930 h, 30 places."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from ribambelle.steering import cockpit
from ribambelle.steering.funding import funding
from ribambelle.steering.models import FacilityMonthFact
from ribambelle.steering.services import facts_refresh
from ribambelle.territory.models import ParameterEntry
from tests.care.statement_month import MARCH, leo_in_march

PERIOD = cockpit.period_of(2026, today=date(2026, 4, 15))  # January to March 2026


@pytest.fixture
def march(cast):
    leo_in_march(cast)
    facts_refresh(start_on=MARCH, end_on=date(2026, 3, 31))
    return cast


def test_the_average_hourly_fee_and_the_social_mix_bonus(march):
    first = funding(facility=march.lucioles, period=PERIOD, hourly_cost_price=None)
    assert (first.places, first.billed_minutes, first.family_fees) == (30, 8535, Decimal("234.71"))
    assert first.average_hourly_fee == Decimal("1.65")  # 234.71 / 142.25 = 1.64998…
    assert first.social_mix.amount == 0  # above 1.25 €/h: no bonus

    FacilityMonthFact.objects.filter(facility=march.lucioles, month=MARCH).update(billed_amount=Decimal("100.00"))
    low = funding(facility=march.lucioles, period=PERIOD, hourly_cost_price=None)

    assert low.average_hourly_fee == Decimal("0.70")  # 100 / 142.25 = 0.70298…
    assert (low.social_mix.per_place, low.social_mix.amount) == (Decimal("2100.00"), Decimal("63000.00"))


def test_children_with_a_disability_are_counted_without_names(march):
    march.leo.disability = True
    march.leo.save()

    figures = funding(facility=march.lucioles, period=PERIOD, hourly_cost_price=None)

    assert (figures.children, figures.children_with_disability, figures.disability_share) == (1, 1, Decimal(1))


def test_the_psu_estimate_needs_the_cost_price_and_the_entered_price_cap(march):
    assert (
        "prix de revient horaire" in funding(facility=march.lucioles, period=PERIOD, hourly_cost_price=None).psu_problem
    )
    missing = funding(facility=march.lucioles, period=PERIOD, hourly_cost_price=Decimal("12.50"))
    assert missing.psu is None and "prix plafond PSU de la période n'est pas saisi" in missing.psu_problem
    ParameterEntry.objects.create(
        key="psu.price_cap_low", effective_on=date(2025, 1, 1), value="8.00", source="Barème Cnaf fictif de test"
    )

    estimate = funding(facility=march.lucioles, period=PERIOD, hourly_cost_price=Decimal("12.50")).psu

    # billing rate 8,535 / 8,650 ≤ 107 %: the highest cap, 8.00 < 12.50; 8.00 × 0.66 × 142.25 h − 234.71 €
    assert (estimate.hourly_price_used, estimate.entitlement_hours) == (Decimal("8.00"), Decimal("142.25"))
    assert estimate.amount == Decimal("516.37")


@time_machine.travel("2026-04-15 10:00 +02:00", tick=False)
def test_the_facility_page_shows_the_estimate_for_the_typed_cost_price(march, client):
    ParameterEntry.objects.create(
        key="psu.price_cap_low", effective_on=date(2025, 1, 1), value="8.00", source="Barème Cnaf fictif de test"
    )
    client.force_login(march.elu)
    url = reverse("steering:facility_activity", args=[march.lucioles.pk])

    page = client.get(url, {"year": 2026, "hourly_cost_price": "12,50"}).content.decode()
    refused = client.get(url, {"year": 2026, "hourly_cost_price": "-3"}).content.decode()

    assert "516,37\u00a0€" in page and "Financement PSU, mixité et inclusion" in page
    assert "Le prix de revient horaire doit être positif." in refused

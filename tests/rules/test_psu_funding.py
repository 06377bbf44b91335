"""The PSU amount estimate: laws of the prix plafond and of the amount, and refused inputs. The € prix
plafonds below are fictitious, entered as an administrator would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ribambelle.rules import ParameterError, ParameterNotInForce, ParameterSet, ParameterValue, Reference
from ribambelle.rules import load_parameters as load
from ribambelle.rules.psu_funding import Sector, attractiveness_bonus, billing_rate, price_cap, psu_amount

ON_2026 = date(2026, 6, 30)
ON_2024 = date(2024, 6, 30)


def _entered(key: str, on: date, value: str) -> ParameterValue:
    return ParameterValue(key, on, Decimal(value), Reference("Saisie fictive"), True, True)


PARAMS = load().with_entries(
    [
        _entered("psu.price_cap_low", date(2024, 1, 1), "7.50"),
        _entered("psu.price_cap_middle", date(2024, 1, 1), "7.20"),
        _entered("psu.price_cap_high", date(2024, 1, 1), "6.90"),
        _entered("psu.price_cap_low", date(2025, 1, 1), "8.00"),
        _entered("psu.price_cap_high", date(2025, 1, 1), "7.00"),
    ]
)
rates = st.decimals(min_value=0, max_value=3, places=4)
hours = st.decimals(min_value=0, max_value=100_000, places=2)


@given(rate=rates, more=rates, on=st.sampled_from([ON_2024, ON_2026]))
def test_a_higher_billing_rate_never_raises_the_price_cap(rate, more, on):
    lower = price_cap(PARAMS, billing_rate=rate, on=on)

    higher = price_cap(PARAMS, billing_rate=rate + more, on=on)

    assert higher.hourly_price_cap <= lower.hourly_price_cap
    assert Decimal("6.90") <= higher.hourly_price_cap <= Decimal("8.00")


@given(billed=hours, attended=hours.filter(bool), capacity=hours, fees=hours, more_fees=hours)
def test_higher_family_fees_never_raise_the_psu_and_it_is_never_negative(billed, attended, capacity, fees, more_fees):
    def amount(family_fees: Decimal) -> Decimal:
        return psu_amount(
            PARAMS,
            on=ON_2026,
            hourly_cost_price=Decimal("9.00"),
            billed_hours=billed,
            attended_hours=attended,
            capacity_hours=capacity,
            family_fees=family_fees,
        ).amount

    assert 0 <= amount(fees + more_fees) <= amount(fees)


def test_the_estimate_names_the_parameters_it_used_entered_ones_included():
    estimate = psu_amount(
        PARAMS,
        on=ON_2026,
        hourly_cost_price=Decimal("10.50"),
        billed_hours=Decimal("55000"),
        attended_hours=Decimal("50000"),
        capacity_hours=Decimal("60000"),
        family_fees=Decimal("90000"),
    )

    assert [(s.key, s.effective_on, s.entered_locally) for s in estimate.sources] == [
        ("psu.cost_share_rate", date(2014, 1, 1), False),
        ("psu.price_cap_formula", date(2025, 1, 1), False),
        ("psu.billing_rate_thresholds", date(2025, 1, 1), False),
        ("psu.price_cap_low", date(2025, 1, 1), True),
        ("psu.price_cap_high", date(2025, 1, 1), True),
    ]


def test_without_entered_price_caps_the_estimate_says_which_value_is_missing():
    with pytest.raises(ParameterNotInForce, match=r"psu\.price_cap_low n'est pas en vigueur au 30/06/2026"):
        price_cap(load(), billing_rate=Decimal("1.00"), on=ON_2026)


def test_the_middle_band_ends_with_the_2025_reform():
    assert price_cap(PARAMS, billing_rate=Decimal("1.10"), on=date(2024, 12, 31)).hourly_price_cap == Decimal("7.20")
    with pytest.raises(ParameterNotInForce):
        PARAMS.at("psu.price_cap_middle", date(2025, 1, 1))


def test_an_unknown_price_cap_formula_is_a_parameter_error():
    base = load()
    formula = base["psu.price_cap_formula"]
    odd = ParameterValue(formula.key, date(2026, 1, 1), "steps", Reference("Forme fictive"), False)
    params = ParameterSet({**base.parameters, formula.key: type(formula)(formula.key, "", "formula", (odd,))})

    with pytest.raises(ParameterError, match="forme inconnue 'steps'"):
        price_cap(params, billing_rate=Decimal("1.00"), on=ON_2026)


def test_the_bonus_attractivite_did_not_exist_before_2024():
    with pytest.raises(ParameterNotInForce):
        attractiveness_bonus(
            load(), on=date(2023, 12, 31), sector=Sector.PUBLIC, places=10, average_net_monthly_raise=Decimal("200")
        )


@pytest.mark.parametrize(
    ("billed", "attended", "message"),
    [("100", "0", "strictement positives"), ("-1", "100", "positif ou nul")],
)
def test_a_billing_rate_needs_attended_hours_and_no_negative_hours(billed, attended, message):
    with pytest.raises(ValueError, match=message):
        billing_rate(billed_hours=Decimal(billed), attended_hours=Decimal(attended))

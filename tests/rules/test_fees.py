"""The PSU family hourly fee: laws of the barème (circulaire Cnaf n° 2019-005) and refused inputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ribambelle.rules import ParameterNotInForce, load_parameters
from ribambelle.rules.choices import CHOICES
from ribambelle.rules.fees import CareMode, EmergencyMethod, care_mode, emergency_hourly_fee, hourly_fee

PARAMS = load_parameters()
ON = date(2026, 1, 15)

# From the first date at which every fee parameter has a value (the 2023 floor) to well after the last.
dates = st.dates(min_value=date(2023, 1, 1), max_value=date(2030, 12, 31))
modes = st.sampled_from(list(CareMode))
children = st.integers(min_value=1, max_value=15)
resources = st.decimals(min_value=0, max_value=20_000, places=2)


def _fee(amount: Decimal, kids: int, on: date = ON, mode: CareMode = CareMode.COLLECTIVE, aeeh: int = 0):
    return hourly_fee(PARAMS, monthly_resources=amount, dependent_children=kids, on=on, mode=mode, aeeh_children=aeeh)


@given(amount=resources, kids=children, on=dates, mode=modes)
def test_more_dependent_children_never_raises_the_rate(amount, kids, on, mode):
    fewer = _fee(amount, kids, on, mode)

    more = _fee(amount, kids + 1, on, mode)

    assert more.effort_rate <= fewer.effort_rate
    assert more.hourly_rate <= fewer.hourly_rate


@given(amount=resources, extra=resources, kids=children, on=dates, mode=modes)
def test_more_resources_never_lower_the_fee(amount, extra, kids, on, mode):
    poorer = _fee(amount, kids, on, mode)

    richer = _fee(amount + extra, kids, on, mode)

    assert richer.hourly_rate_exact >= poorer.hourly_rate_exact
    assert richer.hourly_rate >= poorer.hourly_rate


@given(extra=resources, kids=children, on=dates, mode=modes)
def test_above_the_ceiling_the_fee_no_longer_changes(extra, kids, on, mode):
    ceiling = PARAMS.at("psu.resources_ceiling", on).value
    assert isinstance(ceiling, Decimal)

    above = _fee(ceiling + extra, kids, on, mode)

    assert above.resources_used == ceiling
    assert above.hourly_rate_exact == _fee(ceiling, kids, on, mode).hourly_rate_exact


@given(amount=resources, kids=children, data=st.data(), on=dates, mode=modes)
def test_an_aeeh_child_never_raises_the_rate(amount, kids, data, on, mode):
    """Circulaire 2019-005: a child receiving the AEEH moves the family one row down, once per child."""
    aeeh = data.draw(st.integers(min_value=0, max_value=kids - 1))

    without = _fee(amount, kids, on, mode, aeeh)
    with_one_more = _fee(amount, kids, on, mode, aeeh + 1)

    assert with_one_more.effort_rate <= without.effort_rate
    assert with_one_more.effort_rate == _fee(amount, kids + aeeh + 1, on, mode).effort_rate


@given(amount=resources, kids=children, on=dates, mode=modes)
def test_the_billed_fee_is_the_exact_fee_rounded_to_the_cent(amount, kids, on, mode):
    fee = _fee(amount, kids, on, mode)

    assert abs(fee.hourly_rate - fee.hourly_rate_exact) <= Decimal("0.005")
    assert fee.hourly_rate == fee.hourly_rate.quantize(Decimal("0.01"))


@given(amount=resources, kids=children, on=dates, mode=modes)
def test_a_child_placed_by_the_ase_is_charged_on_the_floor(amount, kids, on, mode):
    fee = hourly_fee(PARAMS, monthly_resources=amount, dependent_children=kids, on=on, mode=mode, ase_placement=True)

    assert fee.resources_used == fee.floor


def test_the_fee_names_the_parameters_it_used():
    fee = _fee(Decimal("3200"), 2)

    assert [(ref.key, ref.effective_on, ref.confirmed) for ref in fee.references] == [
        ("psu.resources_floor", date(2025, 1, 1), False),
        ("psu.resources_ceiling", date(2025, 9, 1), True),
        ("psu.effort_rate_collective", date(2022, 1, 1), True),
    ]


def test_no_fee_before_the_first_rate_table():
    with pytest.raises(ParameterNotInForce, match="31/12/2021"):
        _fee(Decimal("3200"), 2, on=date(2021, 12, 31))


def test_no_fee_in_a_year_whose_floor_the_repository_does_not_know():
    """The 2020–2022 floors were not recorded: nothing falls back on the 2019 floor."""
    with pytest.raises(ParameterNotInForce, match=r"psu\.resources_floor"):
        _fee(Decimal("3200"), 2, on=date(2022, 6, 1))


@pytest.mark.parametrize(
    ("amount", "kids", "aeeh", "message"),
    [
        (Decimal("-0.01"), 1, 0, "ressources"),
        (Decimal("NaN"), 1, 0, "ressources"),
        (Decimal("Infinity"), 1, 0, "ressources"),
        (Decimal("3200"), 0, 0, "enfants à charge"),
        (Decimal("3200"), -1, 0, "enfants à charge"),
        (Decimal("3200"), 2, -1, "AEEH"),
        (Decimal("3200"), 2, 3, "AEEH"),
    ],
    ids=["negative", "not a number", "infinite", "no child", "negative children", "negative AEEH", "AEEH > children"],
)
def test_impossible_family_situations_are_refused_in_french(amount, kids, aeeh, message):
    with pytest.raises(ValueError, match=message):
        _fee(amount, kids, aeeh=aeeh)


def test_an_unknown_care_mode_is_refused_in_french():
    with pytest.raises(ValueError, match="Mode d'accueil inconnu « garderie »"):
        care_mode("garderie")


def test_an_unknown_care_mode_given_to_the_fee_is_refused():
    with pytest.raises(ValueError, match="Mode d'accueil inconnu"):
        hourly_fee(PARAMS, monthly_resources=Decimal(1), dependent_children=1, on=ON, mode="garderie")


def test_the_emergency_methods_are_the_values_of_the_local_choice():
    assert {method.value for method in EmergencyMethod} == set(CHOICES["fee.emergency_tariff"].values)


def test_the_previous_year_average_method_needs_the_average():
    with pytest.raises(ValueError, match="demande cette moyenne"):
        emergency_hourly_fee(PARAMS, on=ON, method="previous_year_average", previous_year_average=None)


def test_a_negative_previous_year_average_is_refused():
    with pytest.raises(ValueError, match="positive ou nulle"):
        emergency_hourly_fee(PARAMS, on=ON, method="previous_year_average", previous_year_average=Decimal("-1"))


def test_an_unknown_emergency_method_is_refused_in_french():
    with pytest.raises(ValueError, match="Méthode de tarif d'urgence inconnue « forfait »"):
        emergency_hourly_fee(PARAMS, on=ON, method="forfait", previous_year_average=None)


def test_the_emergency_floor_fee_is_the_fee_of_a_family_on_the_floor():
    fee = emergency_hourly_fee(PARAMS, on=ON, method="floor", previous_year_average=Decimal("9.99"))

    assert fee.basis is not None and fee.basis.resources_used == fee.basis.floor
    assert fee.hourly_rate == _fee(Decimal(0), 1).hourly_rate

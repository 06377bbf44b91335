from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ribambelle.rules import FacilityKind, ParameterNotInForce, load_parameters
from ribambelle.rules.choices import Decided, MissingChoice, RuleChoices
from ribambelle.rules.facility_norms import (
    PracticeSession,
    direction_time,
    minimum_surface,
    overcapacity,
    practice_analysis,
    referent_health_time,
)
from ribambelle.rules.qualification import Qualification, StaffMonth, qualification_share
from ribambelle.rules.staffing import kindergarten_required_staff, required_staff
from ribambelle.rules.vaccination import vaccination_status

PARAMS = load_parameters()
ON = date(2026, 1, 15)
REFORM_DAYS = st.sampled_from([date(2026, 8, 31), date(2026, 9, 1)])


def _choices(option: str | None = None, rounding: str | None = None) -> RuleChoices:
    decided = {key: Decided(value, "test") for key, value in (("ratio.option", option), ("ratio.rounding", rounding))}
    return RuleChoices({key: value for key, value in decided.items() if value.value is not None})


@pytest.mark.parametrize("option", ["5-8", "6"])
@pytest.mark.parametrize("rounding", ["sum_then_ceil", "ceil_each_group"])
@given(
    capacity=st.integers(1, 100),
    non_walkers=st.integers(0, 60),
    walkers=st.integers(0, 60),
    walking=st.booleans(),
    outing=st.booleans(),
    on=REFORM_DAYS,
)
def test_more_children_present_never_lower_the_required_staff(
    option, rounding, capacity, non_walkers, walkers, walking, outing, on
):
    choices = _choices(option, rounding)

    def staff(non_walkers: int, walkers: int) -> int:
        return required_staff(
            PARAMS,
            choices,
            kind=FacilityKind.COLLECTIVE,
            capacity=capacity,
            non_walkers=non_walkers,
            walkers=walkers,
            outing=outing,
            on=on,
        ).required_staff

    more = staff(non_walkers, walkers + 1) if walking else staff(non_walkers + 1, walkers)

    assert more >= staff(non_walkers, walkers)


@pytest.mark.parametrize("rounding", ["sum_then_ceil", "ceil_each_group"])
@given(
    capacity=st.integers(1, 100),
    under_three=st.integers(0, 60),
    three_and_over=st.integers(0, 60),
    older=st.booleans(),
    outing=st.booleans(),
)
def test_more_children_in_a_kindergarten_never_lower_the_required_staff(
    rounding, capacity, under_three, three_and_over, older, outing
):
    choices = _choices(rounding=rounding)

    def staff(under_three: int, three_and_over: int) -> int:
        return kindergarten_required_staff(
            PARAMS,
            choices,
            capacity=capacity,
            under_three=under_three,
            three_and_over=three_and_over,
            outing=outing,
            on=ON,
        ).required_staff

    more = staff(under_three, three_and_over + 1) if older else staff(under_three + 1, three_and_over)

    assert more >= staff(under_three, three_and_over)


@given(non_walkers=st.integers(0, 60), walkers=st.integers(0, 60), capacity=st.integers(1, 100), on=REFORM_DAYS)
def test_rounding_each_group_never_asks_for_fewer_staff(non_walkers, walkers, capacity, on):
    def staff(rounding: str) -> int:
        return required_staff(
            PARAMS,
            _choices("5-8", rounding),
            kind=FacilityKind.COLLECTIVE,
            capacity=capacity,
            non_walkers=non_walkers,
            walkers=walkers,
            on=on,
        ).required_staff

    assert staff("ceil_each_group") >= staff("sum_then_ceil")


def test_a_negative_count_is_refused_in_french():
    with pytest.raises(ValueError, match="ne peut pas être négatif"):
        required_staff(
            PARAMS, _choices("5-8"), kind=FacilityKind.COLLECTIVE, capacity=20, non_walkers=-1, walkers=3, on=ON
        )
    with pytest.raises(ValueError, match="ne peut pas être négatif"):
        kindergarten_required_staff(PARAMS, RuleChoices(), capacity=20, under_three=0, three_and_over=-2, on=ON)


def test_a_missing_ratio_option_raises_missing_choice_even_with_no_child():
    with pytest.raises(MissingChoice, match="Option du taux d'encadrement"):
        required_staff(
            PARAMS, RuleChoices(), kind=FacilityKind.COLLECTIVE, capacity=20, non_walkers=0, walkers=0, on=ON
        )


def test_a_kindergarten_needs_no_ratio_option():
    result = kindergarten_required_staff(PARAMS, RuleChoices(), capacity=30, under_three=6, three_and_over=15, on=ON)

    assert (result.required_staff, [key for key, _ in result.choices]) == (2, ["ratio.rounding"])


def test_a_familial_creche_has_no_staffing_ratio():
    with pytest.raises(ValueError, match="agrément"):
        required_staff(PARAMS, _choices("6"), kind=FacilityKind.FAMILIAL, capacity=40, non_walkers=1, walkers=1, on=ON)


def test_no_ratio_before_the_2021_reform():
    with pytest.raises(ParameterNotInForce):
        required_staff(
            PARAMS,
            _choices("6"),
            kind=FacilityKind.COLLECTIVE,
            capacity=20,
            non_walkers=1,
            walkers=1,
            on=date(2021, 8, 31),
        )


def test_the_result_names_its_choices_and_its_unconfirmed_parameters():
    result = required_staff(
        PARAMS, _choices("5-8"), kind=FacilityKind.COLLECTIVE, capacity=30, non_walkers=7, walkers=12, on=ON
    )
    data = result.as_dict()

    assert data["choices"] == [
        {"key": "ratio.option", "value": "5-8", "source": "test"},
        {
            "key": "ratio.rounding",
            "value": "sum_then_ceil",
            "source": "valeur par défaut (docs/decisions/0002-ratio-rounding.md)",
        },
    ]
    assert data["unconfirmed"] == ["ratio.non_walkers_per_adult", "ratio.walkers_per_adult"]
    assert "Enfants qui ne marchent pas : 7 ÷ 5 = 1,4 ; enfants qui marchent : 12 ÷ 8 = 1,5." in data["explanation"]


def test_the_lone_adult_of_a_micro_creche_holds_a_diploma_from_september_2026():
    result = required_staff(
        PARAMS,
        _choices("6"),
        kind=FacilityKind.COLLECTIVE,
        capacity=12,
        non_walkers=0,
        walkers=3,
        on=date(2026, 9, 1),
    )

    assert result.qualified_diplomas[0] is Qualification.AUXILIAIRE_PUERICULTURE
    assert Qualification.CAP_AEPE not in result.qualified_diplomas


def test_a_month_without_reference_staffing_has_no_share():
    with pytest.raises(ValueError, match="effectif mensuel de référence est nul"):
        qualification_share(
            PARAMS,
            kind=FacilityKind.COLLECTIVE,
            capacity=30,
            staff=[StaffMonth(Qualification.INFIRMIER, 10)],
            reference_minutes=0,
            on=ON,
        )


def test_staff_with_an_unlisted_qualification_is_flagged():
    result = qualification_share(
        PARAMS,
        kind=FacilityKind.COLLECTIVE,
        capacity=30,
        staff=[StaffMonth(Qualification.INFIRMIER, 400), StaffMonth(Qualification.OTHER, 600)],
        reference_minutes=1000,
        on=ON,
    )

    assert result.unlisted_minutes == 600 and "à vérifier" in result.explanation[-1]


def test_norms_refuse_impossible_inputs_in_french():
    with pytest.raises(ValueError, match="négatives"):
        overcapacity(
            PARAMS,
            kind=FacilityKind.COLLECTIVE,
            capacity=20,
            present=-1,
            weekly_child_minutes=0,
            weekly_opening_minutes=0,
            on=ON,
        )
    with pytest.raises(ValueError, match="crèches familiales"):
        overcapacity(
            PARAMS,
            kind=FacilityKind.FAMILIAL,
            capacity=40,
            present=1,
            weekly_child_minutes=0,
            weekly_opening_minutes=0,
            on=ON,
        )
    with pytest.raises(ValueError, match="au moins une place"):
        direction_time(PARAMS, kind=FacilityKind.COLLECTIVE, capacity=0, on=ON)
    with pytest.raises(ValueError, match="crèche familiale"):
        referent_health_time(PARAMS, kind=FacilityKind.FAMILIAL, capacity=40, on=ON)
    with pytest.raises(ValueError, match="négative"):
        minimum_surface(
            PARAMS,
            kind=FacilityKind.COLLECTIVE,
            capacity=20,
            dense_zone=False,
            outdoor_m2=Decimal(-1),
            extra_indoor_m2=Decimal(0),
            outdoor_activities_nearby=False,
            on=ON,
        )
    with pytest.raises(ValueError, match="en 2026"):
        practice_analysis(PARAMS, year=2026, sessions=[PracticeSession(date(2025, 12, 1), 60, 8)], on=ON)
    with pytest.raises(ValueError, match="précède la date de naissance"):
        vaccination_status(PARAMS, born_on=ON, admitted_on=date(2026, 1, 1), done=(), on=ON)


def test_the_surface_rule_applies_to_requests_filed_after_august_2022():
    with pytest.raises(ParameterNotInForce, match="31/08/2022"):
        minimum_surface(
            PARAMS,
            kind=FacilityKind.COLLECTIVE,
            capacity=20,
            dense_zone=False,
            outdoor_m2=Decimal(40),
            extra_indoor_m2=Decimal(0),
            outdoor_activities_nearby=False,
            on=date(2022, 8, 31),
        )


def test_children_born_before_2018_are_not_covered():
    with pytest.raises(ParameterNotInForce, match="31/12/2017"):
        vaccination_status(PARAMS, born_on=date(2017, 12, 31), admitted_on=date(2018, 9, 1), done=(), on=ON)

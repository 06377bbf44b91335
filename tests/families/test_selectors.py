"""The families' scope: who may see which family."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ribambelle.families import selectors, services
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family, FamilySituation


def _new_family(actor):
    return services.family_create(
        family=Family(
            parent_first_name="Camille", parent_last_name="Durand", address="5 rue", postcode="69100", city="V"
        ),
        situation=FamilySituation(
            valid_from=date(2026, 1, 1),
            monthly_resources=Decimal("2800"),
            resources_source=ResourcesSource.CAF,
            dependent_children=1,
        ),
        child=Child(first_name="Lina", last_name="Durand", birth_on=date(2026, 1, 15)),
        actor=actor,
    )


def test_the_coordinator_sees_every_family_of_her_organisation(cast):
    families = selectors.family_list(user=cast.coordinatrice)

    assert set(families) == {cast.martin, cast.bernard}


def test_a_director_sees_the_families_under_contract_in_her_facility(cast):
    families = selectors.family_list(user=cast.directrice)

    assert list(families) == [cast.martin]


def test_a_director_sees_the_family_she_created_before_any_contract(cast):
    family = _new_family(cast.directrice)

    assert family in selectors.family_list(user=cast.directrice)
    assert family not in selectors.family_list(user=cast.directrice_coccinelles)


@pytest.mark.parametrize("login", ["elu", "rh"])
def test_elected_officials_and_hr_officers_see_no_family(cast, login):
    assert not selectors.family_list(user=getattr(cast, login)).exists()

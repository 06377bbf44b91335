"""Creating a family with its first situation and child, and adding a child: numbered, validated, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ribambelle.families import services
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.territory.enums import OrganisationKind
from ribambelle.territory.models import Organisation, Sector


def _family(**overrides):
    fields = {
        "parent_first_name": "Camille",
        "parent_last_name": "Durand",
        "address": "5 rue des Lilas",
        "postcode": "69100",
        "city": "Villeurbanne",
    }
    return Family(**(fields | overrides))


def _situation():
    return FamilySituation(
        valid_from=date(2026, 1, 1),
        monthly_resources=Decimal("2800.00"),
        resources_source=ResourcesSource.CAF,
        dependent_children=1,
    )


def _create(cast, family=None, child=None, actor=None):
    return services.family_create(
        family=family or _family(),
        situation=_situation(),
        child=child or Child(first_name="Lina", last_name="Durand", birth_on=date(2026, 1, 15)),
        actor=actor or cast.directrice,
    )


@time_machine.travel("2026-03-02 10:00 +01:00", tick=False)
def test_families_are_numbered_by_year_within_the_organisation(cast):
    first = _create(cast)
    second = _create(cast, family=_family(parent_last_name="Petit"))

    assert (first.reference, second.reference) == ("F-2026-0001", "F-2026-0002")
    assert first.organisation == cast.organisation


def test_a_family_that_comes_with_its_dossier_number_keeps_it(cast):
    family = _create(cast, family=_family(reference="DOS-4512"))

    assert Family.objects.get(pk=family.pk).reference == "DOS-4512"


def test_a_dossier_number_already_taken_in_the_organisation_is_refused(cast):
    with pytest.raises(ValidationError, match="existe déjà"):
        _create(cast, family=_family(reference=cast.martin.reference))


def test_a_new_family_comes_with_its_situation_and_child_all_audited(cast):
    family = _create(cast)

    child = family.children.get()
    assert family.situations.get().monthly_resources == Decimal("2800.00") and child.first_name == "Lina"
    for row in (family, family.situations.get(), child):
        assert row.history.get().history_user == cast.directrice


def test_a_sector_of_another_organisation_is_refused(cast):
    other = Organisation.objects.create(
        name="Autre ville", kind=OrganisationKind.COMMUNE, siren="123456789", population=900
    )
    sector = Sector.objects.create(organisation=other, name="Est")

    with pytest.raises(ValidationError, match="Ce secteur appartient à une autre organisation"):
        _create(cast, family=_family(sector=sector))

    assert not Family.objects.filter(parent_last_name="Durand").exists()


def test_a_child_without_any_birth_date_is_refused_and_nothing_is_written(cast):
    with pytest.raises(ValidationError, match="Indiquez la date de naissance ou la date de naissance prévue"):
        _create(cast, child=Child(first_name="Lina", last_name="Durand"))

    assert not Family.objects.filter(parent_last_name="Durand").exists()


def test_a_child_added_to_a_family_is_audited(cast):
    child = services.child_add(
        family=cast.martin,
        child=Child(first_name="Zoé", last_name="Martin", expected_birth_on=date(2027, 2, 1)),
        actor=cast.coordinatrice,
    )

    assert child.family == cast.martin and child.history.get().history_user == cast.coordinatrice

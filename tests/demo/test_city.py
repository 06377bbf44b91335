"""The 2,000-place city, seeded once for the module (tests/demo/conftest.py)."""

from __future__ import annotations

import random

import pytest

from ribambelle.accounts.models import User
from ribambelle.demo.generators.territory_plan import PROFILES
from ribambelle.territory.enums import FacilityType, OrganisationKind
from ribambelle.territory.models import Authorisation, Facility, Organisation, Sector
from tests.demo.conftest import ON
from tests.demo.test_generated_rows import MODELS

# The module's seed is a module-scoped fixture: the mark makes pytest-django set the test database up even
# when this module runs alone.
pytestmark = pytest.mark.django_db


def test_a_city_of_2000_places_authorises_about_that_many_places(city):
    latest: dict[int, int] = {}
    for facility_id, capacity in Authorisation.objects.order_by("valid_from").values_list("facility_id", "capacity"):
        latest[facility_id] = capacity

    assert 2000 <= sum(latest.values()) < 2000 + 90
    assert len(latest) == Facility.objects.count()


def test_a_city_is_an_intercommunality_whose_sectors_include_member_communes(city):
    organisation = Organisation.objects.get()
    seat_sectors = Sector.objects.filter(name__in=["Nord", "Sud"]).count()

    assert organisation.kind == OrganisationKind.INTERCOMMUNALITY
    assert seat_sectors == 2 and Sector.objects.count() > seat_sectors
    assert Facility.objects.values("city").distinct().count() > 1


def test_city_capacities_stay_within_the_realistic_range_of_each_type(city):
    for facility in Facility.objects.all():
        low, high = PROFILES[FacilityType(facility.facility_type)].places
        capacity = facility.authorisations.order_by("-valid_from").first().capacity

        assert low <= capacity <= high, facility.name


def test_a_city_has_the_same_five_logins_and_les_lucioles(city):
    logins = set(
        User.objects.filter(username__in=["coordinatrice", "directrice", "elu", "rh", "admin"]).values_list(
            "username", flat=True
        )
    )
    directrice = User.objects.get(username="directrice")

    assert logins == {"coordinatrice", "directrice", "elu", "rh", "admin"}
    assert list(directrice.directed_facilities.values_list("name", flat=True)) == ["Les Lucioles"]


def test_a_sample_of_the_city_rows_passes_full_clean(city):
    rng = random.Random(0)
    for model in MODELS:
        rows = list(model._default_manager.order_by("pk"))
        for row in rng.sample(rows, min(25, len(rows))):
            row.full_clean()


def test_sections_fill_the_authorised_capacity_within_the_authorised_ages(city):
    for facility in Facility.objects.prefetch_related("sections"):
        authorisation = facility.authorisations.in_force_on(ON).order_by("-valid_from").first()
        sections = list(facility.sections.all())

        assert sum(section.places for section in sections) == authorisation.capacity, facility.name
        for section in sections:
            assert authorisation.min_age_months <= section.min_age_months < section.max_age_months
            assert section.max_age_months <= authorisation.max_age_months

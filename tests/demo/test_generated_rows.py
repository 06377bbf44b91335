from __future__ import annotations

import itertools
from collections import Counter

import pytest
from django.apps import apps

from ribambelle.accounts.models import User
from ribambelle.demo.context import CHANGE_REASON
from ribambelle.rules import RenewalStatus, authorisation_expiry, load_parameters, renewal_status
from ribambelle.territory.enums import ClosureKind, FacilityType, Funding
from ribambelle.territory.models import (
    Authorisation,
    AuthorisationSlot,
    Closure,
    Facility,
    OpeningHours,
    Organisation,
    RuleChoice,
    Section,
    Sector,
)
from ribambelle.territory.selectors import rule_choices_for
from tests.demo.conftest import ON

# The module's seed is a module-scoped fixture: the mark makes pytest-django set the test database up even
# when this module runs alone.
pytestmark = pytest.mark.django_db

MODELS = (
    Organisation,
    Sector,
    Facility,
    OpeningHours,
    Closure,
    Authorisation,
    AuthorisationSlot,
    Section,
    RuleChoice,
    User,
)


@pytest.fixture(scope="module")
def town(town_shared: str) -> str:
    """Every test of this module only reads the town: it is seeded once."""
    return town_shared


def _in_force(facility: Facility) -> Authorisation:
    return facility.authorisations.in_force_on(ON).order_by("-valid_from").first()


def test_every_row_of_the_demo_town_passes_full_clean(town):
    for model in MODELS:
        for row in model._default_manager.all():
            row.full_clean()


def test_modulated_slots_never_exceed_the_authorised_capacity_nor_overlap(town):
    slotted = Authorisation.objects.filter(slots__isnull=False).distinct()

    assert slotted.exists()
    for authorisation in slotted:
        slots = list(authorisation.slots.order_by("starts_at"))
        assert all(slot.capacity <= authorisation.capacity for slot in slots)
        assert all(first.ends_at <= second.starts_at for first, second in itertools.pairwise(slots))


def test_the_demo_town_shows_two_renewals_to_prepare_and_one_overdue(town):
    params = load_parameters()

    statuses = Counter(
        renewal_status(params, expires_on=_in_force(facility).expires_on, on=ON).status
        for facility in Facility.objects.all()
    )

    assert statuses[RenewalStatus.RENEWAL_WINDOW] == 2
    assert statuses[RenewalStatus.RENEWAL_OVERDUE] == 1
    assert statuses[RenewalStatus.EXPIRED] == 0


def test_decisions_under_the_decree_take_their_expiry_from_the_rule(town):
    params = load_parameters()
    ruled = [
        (authorisation, authorisation_expiry(params, decided_on=authorisation.decided_on))
        for authorisation in Authorisation.objects.all()
    ]

    assert any(expiry for _, expiry in ruled)
    for authorisation, expiry in ruled:
        if expiry is not None:
            assert authorisation.expires_on == expiry


def test_some_facilities_were_extended_after_an_older_authorisation(town):
    lucioles = Facility.objects.get(name="Les Lucioles")

    older, newer = lucioles.authorisations.order_by("valid_from")

    assert older.capacity < newer.capacity and older.valid_from < newer.decided_on


def test_every_facility_closes_on_public_holidays_this_year_and_next_without_overlaps(town):
    for facility in Facility.objects.all():
        closures = list(facility.closures.order_by("start_on"))
        holidays = [closure.start_on.year for closure in closures if closure.kind == ClosureKind.PUBLIC_HOLIDAY]

        assert {ON.year, ON.year + 1} <= set(holidays)
        assert any(closure.kind == ClosureKind.ANNUAL and closure.start_on.month == 12 for closure in closures)
        assert all(first.end_on < second.start_on for first, second in itertools.pairwise(closures))


def test_psu_facilities_carry_their_caf_identifiers_and_paje_ones_do_not(town):
    for facility in Facility.objects.all():
        has_ids = bool(facility.caf_file_number and facility.caf_equipment_id)

        assert has_ids == (facility.funding == Funding.PSU)
    assert Facility.objects.filter(funding=Funding.PAJE, facility_type=FacilityType.MICRO_CRECHE).exists()


def test_generated_rows_have_their_history_labelled_as_demo_data(town):
    history = Facility.history.all()

    assert history.count() == Facility.objects.count()
    assert {row.history_change_reason for row in history} == {CHANGE_REASON}
    assert apps.get_model("territory", "HistoricalFacility_directors").objects.count() == Facility.objects.count()
    assert Closure.history.count() == Closure.objects.count() and User.history.count() == User.objects.count()


def test_every_facility_of_the_town_has_its_ratio_option_and_rounding_rule_decided(town):
    for facility in Facility.objects.all():
        choices = rule_choices_for(facility=facility, on=ON)
        assert choices.get("ratio.option") in ("5-8", "6")
        assert choices.get("billing.rounding") == "up_30"

"""The demo town's applications for a place: about three per place, valid, and each wish in a section that
takes the child's age on the wished start."""

from __future__ import annotations

from collections import Counter

import pytest

from ribambelle.families.enums import ApplicationStatus
from ribambelle.families.models import Application, ApplicationChoice
from ribambelle.territory.models import Section

# The module's seed is a module-scoped fixture: the mark makes pytest-django set the test database up even
# when this module runs alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def town(town_shared: str) -> str:
    return town_shared


def test_the_town_holds_about_three_applications_per_place(town):
    places = sum(Section.objects.values_list("places", flat=True))

    assert 2.8 * places <= Application.objects.count() <= 3.0 * places
    assert f"{Application.objects.count()} demandes de place" in town


def test_every_application_and_wish_passes_full_clean(town):
    for application in Application.objects.select_related("child__family"):
        application.full_clean()
    for choice in ApplicationChoice.objects.all():
        choice.full_clean()


def test_wishes_are_ranked_from_one_in_sections_that_take_the_child_on_the_wished_start(town):
    for application in Application.objects.select_related("child").prefetch_related("choices__section"):
        choices = list(application.choices.all())
        assert [choice.rank for choice in choices] == list(range(1, len(choices) + 1)), application.pk
        assert 1 <= len(choices) <= 5 and len({choice.facility_id for choice in choices}) == len(choices)
        age = application.child.expected_age_in_months(application.desired_start_on)
        for choice in choices:
            assert choice.section.min_age_months <= age < choice.section.max_age_months, application.pk


def test_statuses_follow_the_documents_and_starts_fall_on_working_days(town):
    statuses = Counter(Application.objects.values_list("status", flat=True))
    for application in Application.objects.exclude(status=ApplicationStatus.WITHDRAWN):
        expected = ApplicationStatus.RECEIVED if application.missing_documents else ApplicationStatus.COMPLETE
        assert application.status == expected, application.pk
        start = application.desired_start_on
        assert start.weekday() < 5 and (start.month, start.day) != (1, 1)

    assert statuses[ApplicationStatus.COMPLETE] > statuses[ApplicationStatus.RECEIVED] > statuses["withdrawn"] > 0


def test_some_families_apply_for_a_younger_child_and_some_for_two_children(town):
    per_family = Counter(Application.objects.values_list("family_id", flat=True))

    assert Application.objects.filter(family__reference__startswith="F-").exists()  # a family already in care
    assert any(count == 2 for count in per_family.values())


def test_the_town_publishes_a_grid_in_force_and_every_application_answers_it(town):
    from ribambelle.allocation import selectors as allocation_selectors
    from ribambelle.allocation.models import ApplicationAnswer
    from ribambelle.territory.models import Organisation
    from tests.demo.conftest import ON

    grid = allocation_selectors.grid_in_force(organisation_id=Organisation.objects.get().pk, on=ON)
    answered = Counter(ApplicationAnswer.objects.values_list("application_id", flat=True))

    assert grid is not None and grid.criteria.count() == 4 and grid.sibling_bonus > 0
    assert set(answered.values()) == {4} and len(answered) == Application.objects.count()
    assert ApplicationAnswer.objects.filter(option__qualifies_insertion=True).exists()

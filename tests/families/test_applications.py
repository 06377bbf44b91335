"""Applications for a place: the front-desk service, its refusals, the documents and the status moves."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ribambelle.families import selectors, services
from ribambelle.families.enums import ApplicationDocument, ApplicationStatus
from ribambelle.families.models import Child
from tests.families.applications import apply, jade


def test_an_application_ranks_the_wishes_and_picks_the_section_of_the_childs_age(cast):
    application = apply(cast)

    choices = list(application.choices.order_by("rank"))
    assert [(c.rank, c.facility, c.section.name) for c in choices] == [
        (1, cast.lucioles, "Bébés"),
        (2, cast.coccinelles, "Bébés"),
    ]
    assert application.status == ApplicationStatus.COMPLETE
    assert application.week_lines()[-1] == "vendredi : matin"
    assert application.history.latest().history_user == cast.coordinatrice


def test_a_second_open_application_for_the_same_child_is_refused_as_a_duplicate(cast):
    first = apply(cast)

    with pytest.raises(ValidationError, match=rf"Jade Martin a déjà une demande en cours \(n° {first.pk}"):
        apply(cast, child=first.child, facilities=[cast.coccinelles])


def test_once_withdrawn_the_child_may_apply_again(cast):
    first = apply(cast)
    services.application_move(application=first, to=ApplicationStatus.WITHDRAWN, actor=cast.coordinatrice)

    second = apply(cast, child=first.child)

    assert second.pk != first.pk and second.is_open


def test_no_section_for_the_childs_age_is_refused_in_french(cast):
    with pytest.raises(ValidationError, match="Aucune section de Les Lucioles n'accueille un enfant de 1 mois"):
        apply(cast, received_on=date(2026, 6, 1), desired_start_on=date(2026, 6, 25))


def test_a_child_not_born_at_the_wished_start_is_refused(cast):
    unborn = services.child_add(
        family=cast.martin,
        child=Child(first_name="Noé", last_name="Martin", expected_birth_on=date(2027, 3, 1)),
        actor=cast.coordinatrice,
    )

    with pytest.raises(ValidationError, match="Noé Martin ne sera pas né·e le 04/01/2027"):
        apply(cast, child=unborn)


def test_a_facility_asked_twice_or_too_many_wishes_are_refused(cast):
    child = jade(cast)
    with pytest.raises(ValidationError, match="qu'une fois"):
        apply(cast, child=child, facilities=[cast.lucioles, cast.lucioles])
    with pytest.raises(ValidationError, match="de 1 à 5 établissements"):
        apply(cast, child=child, facilities=[])


def test_missing_documents_keep_it_received_until_they_arrive(cast):
    application = apply(cast, documents=[ApplicationDocument.ADDRESS])
    assert application.status == ApplicationStatus.RECEIVED
    assert application.missing_documents == [ApplicationDocument.RESOURCES, ApplicationDocument.FAMILY_RECORD]

    with pytest.raises(ValidationError, match="Pièces manquantes : n° allocataire caf"):
        services.application_move(application=application, to=ApplicationStatus.COMPLETE, actor=cast.coordinatrice)
    completed = services.application_documents_set(
        application=application,
        documents=[ApplicationDocument.ADDRESS, ApplicationDocument.RESOURCES, ApplicationDocument.FAMILY_RECORD],
        actor=cast.coordinatrice,
    )

    assert completed.status == ApplicationStatus.COMPLETE


def test_a_status_moves_only_along_the_workflow(cast):
    application = apply(cast)

    with pytest.raises(ValidationError, match="« complète » ne peut pas passer à « enfant accueilli »"):
        services.application_move(application=application, to=ApplicationStatus.ADMITTED, actor=cast.coordinatrice)
    for status in (ApplicationStatus.IN_COMMITTEE, ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED):
        application = services.application_move(application=application, to=status, actor=cast.coordinatrice)

    assert [row.status for row in application.history.order_by("history_date")] == [
        "complete",
        "in_committee",
        "offered",
        "accepted",
    ]


def test_a_director_reads_the_applications_for_her_facility_only(cast):
    mine = apply(cast)
    elsewhere = apply(cast, child=Child.objects.get(first_name="Inès"), facilities=[cast.coccinelles])

    assert set(selectors.application_list(user=cast.directrice)) == {mine}
    assert set(selectors.application_list(user=cast.coordinatrice)) == {mine, elsewhere}
    assert not selectors.application_list(user=cast.elu).exists()


def test_a_child_of_another_family_with_the_same_name_and_birth_is_a_probable_duplicate(cast):
    application = apply(cast)
    twin = services.child_add(
        family=cast.bernard,
        child=Child(first_name="jade", last_name="Bernard", birth_on=date(2026, 5, 20)),
        actor=cast.coordinatrice,
    )

    assert list(selectors.probable_duplicates(application=application)) == [twin]


def test_the_waiting_list_of_a_section_lists_the_waiting_applications_oldest_first(cast):
    later = apply(cast)
    earlier = apply(cast, child=Child.objects.get(first_name="Inès"), received_on=date(2026, 10, 1))

    waiting = selectors.waiting_list(user=cast.coordinatrice, facility=cast.lucioles)

    assert [choice.application for choice in waiting] == [earlier, later]

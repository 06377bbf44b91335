"""The criteria grid: drafts, publication, versions, answers and the points they give, explained."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ribambelle.allocation import selectors, services
from ribambelle.allocation.models import CriteriaGrid
from ribambelle.allocation.services import OptionInput
from ribambelle.care import services as care_services
from ribambelle.care.enums import ContractKind
from tests.allocation.grid import answer, draft_grid, published_grid
from tests.families.applications import apply


def test_a_published_grid_is_in_force_from_its_date_and_never_changes(cast):
    grid = published_grid(cast)

    assert selectors.grid_in_force(organisation_id=cast.organisation.pk, on=date(2026, 8, 31)) is None
    assert selectors.grid_in_force(organisation_id=cast.organisation.pk, on=date(2026, 9, 1)) == grid
    with pytest.raises(ValidationError, match="est publiée : elle ne change plus"):
        services.criterion_add(
            grid=grid,
            label="Autre",
            proof="",
            insertion=False,
            options=[OptionInput("Oui", Decimal("1")), OptionInput("Non", Decimal("0"))],
            actor=cast.coordinatrice,
        )


def test_a_new_version_copies_the_grid_as_a_draft_and_takes_over_from_its_date(cast):
    grid = published_grid(cast)

    version = services.grid_new_version(grid=grid, valid_from=date(2027, 9, 1), actor=cast.coordinatrice)
    services.grid_publish(grid=version, on=date(2027, 6, 1), actor=cast.coordinatrice)

    labels = [criterion.label for criterion in version.criteria.all()]
    assert labels == [criterion.label for criterion in grid.criteria.all()] and version.sibling_bonus == 15
    assert selectors.grid_in_force(organisation_id=cast.organisation.pk, on=date(2027, 9, 1)) == version
    assert selectors.grid_in_force(organisation_id=cast.organisation.pk, on=date(2027, 8, 31)) == grid


def test_an_empty_grid_or_a_second_one_on_the_same_date_is_not_published(cast):
    published_grid(cast)
    empty = services.grid_create(grid=CriteriaGrid(name="Vide", valid_from=date(2027, 1, 1)), actor=cast.coordinatrice)
    same_date = draft_grid(cast)

    with pytest.raises(ValidationError, match="sans critère"):
        services.grid_publish(grid=empty, on=date(2026, 7, 1), actor=cast.coordinatrice)
    with pytest.raises(ValidationError, match="s'applique déjà à partir du 01/09/2026"):
        services.grid_publish(grid=same_date, on=date(2026, 7, 1), actor=cast.coordinatrice)


def test_a_criterion_needs_two_to_six_distinct_answers(cast):
    grid = draft_grid(cast)

    with pytest.raises(ValidationError, match="de 2 à 6 réponses"):
        services.criterion_add(
            grid=grid,
            label="Seul",
            proof="",
            insertion=False,
            options=[OptionInput("Oui", Decimal("1"))],
            actor=cast.coordinatrice,
        )
    with pytest.raises(ValidationError, match="même libellé"):
        services.criterion_add(
            grid=grid,
            label="Doublon",
            proof="",
            insertion=False,
            options=[OptionInput("Oui", Decimal("1")), OptionInput("oui ", Decimal("2"))],
            actor=cast.coordinatrice,
        )


def test_the_points_are_explained_line_by_line_with_the_bonus_of_each_wish(cast):
    grid = published_grid(cast)
    # Jade Martin's brother Léo is at Les Lucioles until 31/12/2026: extend him so he is there on 4/1/2027.
    care_services.contract_create(
        child=cast.leo,
        facility=cast.lucioles,
        section=None,
        kind=ContractKind.REGULAR,
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 7, 30),
        schedule=[care_services.SchedulePeriod(day, 8 * 60, 17 * 60) for day in range(5)],
        attendance_weeks=28,
        actor=cast.coordinatrice,
    )
    application = apply(cast)
    answer(cast, application, grid, "Les deux parents", "Non", "Oui")

    score = selectors.scores(applications=[application], grid=grid)[application.pk]

    assert [(line.criterion, line.answer, line.points) for line in score.lines] == [
        ("Parents en activité ou en formation", "Les deux parents", Decimal("20")),
        ("Famille monoparentale", "Non", Decimal("0")),
        ("Parent en parcours d'insertion (article L214-7)", "Oui", Decimal("8")),
    ]
    assert score.points == 28 and score.insertion
    sector = cast.martin.sector_id == cast.lucioles.sector_id
    assert score.at(cast.lucioles.pk) == 28 + 15 + (5 if sector else 0)
    assert score.bonuses[cast.lucioles.pk].sibling and not score.bonuses[cast.coccinelles.pk].sibling


def test_an_unanswered_criterion_is_worth_nothing_and_said_so(cast):
    grid = published_grid(cast)
    application = apply(cast)
    answer(cast, application, grid, "Un parent")

    score = selectors.scores(applications=[application], grid=grid)[application.pk]

    assert [line.answer for line in score.lines] == ["Un parent", "non renseigné", "non renseigné"]
    assert score.points == 10 and not score.insertion


def test_changing_an_answer_is_in_the_history_and_an_option_of_another_criterion_is_refused(cast):
    grid = published_grid(cast)
    application = apply(cast)
    answer(cast, application, grid, "Un parent")
    answer(cast, application, grid, "Les deux parents")
    first, second = grid.criteria.all()[:2]

    stored = application.answers.get(criterion=first)
    assert stored.option.label == "Les deux parents" and stored.history.count() == 2
    with pytest.raises(ValidationError, match="Réponse inconnue pour « Parents en activité"):
        services.answers_set(
            application=application,
            grid=grid,
            answers={first.pk: second.options.first().pk},
            actor=cast.coordinatrice,
        )


def test_the_waiting_list_ranks_by_points_then_by_date(cast):
    from ribambelle.families.models import Child

    grid = published_grid(cast)
    early = apply(cast, child=Child.objects.get(first_name="Inès"), received_on=date(2026, 10, 1))
    late = apply(cast)
    answer(cast, late, grid, "Les deux parents")
    answer(cast, early, grid, "Un parent")

    _, rows = selectors.ranked_waiting_list(user=cast.coordinatrice, facility=cast.lucioles, on=date(2026, 11, 29))

    assert [row.choice.application for row in rows] == [late, early]

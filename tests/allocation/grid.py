"""A published grid for the cast's organisation: parents' activity, single parent, disability in the
family, and an integration criterion whose answer opens the reserved places (L214-7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ribambelle.allocation import services
from ribambelle.allocation.models import CriteriaGrid
from ribambelle.allocation.services import OptionInput
from tests.cast import Cast

D = Decimal


def draft_grid(cast: Cast, valid_from: date = date(2026, 9, 1)) -> CriteriaGrid:
    grid = services.grid_create(
        grid=CriteriaGrid(name="Grille 2026", valid_from=valid_from, sibling_bonus=D("15"), sector_bonus=D("5")),
        actor=cast.coordinatrice,
    )
    services.criterion_add(
        grid=grid,
        label="Parents en activité ou en formation",
        proof="attestation d'employeur ou de formation",
        insertion=False,
        options=[
            OptionInput("Les deux parents", D("20")),
            OptionInput("Un parent", D("10")),
            OptionInput("Aucun", D("0")),
        ],
        actor=cast.coordinatrice,
    )
    services.criterion_add(
        grid=grid,
        label="Famille monoparentale",
        proof="",
        insertion=False,
        options=[OptionInput("Oui", D("12")), OptionInput("Non", D("0"))],
        actor=cast.coordinatrice,
    )
    services.criterion_add(
        grid=grid,
        label="Parent en parcours d'insertion (article L214-7)",
        proof="attestation de France Travail ou du référent",
        insertion=True,
        options=[OptionInput("Oui", D("8"), qualifies_insertion=True), OptionInput("Non", D("0"))],
        actor=cast.coordinatrice,
    )
    return grid


def published_grid(cast: Cast) -> CriteriaGrid:
    return services.grid_publish(grid=draft_grid(cast), on=date(2026, 6, 15), actor=cast.coordinatrice)


def answer(cast: Cast, application, grid: CriteriaGrid, *labels: str) -> None:
    """Answer the grid's criteria in order with the options labelled ``labels``."""
    answers = {}
    for criterion, label in zip(grid.criteria.all(), labels, strict=False):
        answers[criterion.pk] = criterion.options.get(label=label).pk
    services.answers_set(application=application, grid=grid, answers=answers, actor=cast.coordinatrice)

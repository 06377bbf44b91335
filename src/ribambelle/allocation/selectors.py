"""Reads of the allocation app: the grid in force and the points of applications, explained line by line,
and the waiting list of a facility ranked by them. Applications are read through families' scoping."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from ribambelle.allocation.models import ApplicationAnswer, CriteriaGrid, Criterion
from ribambelle.care.enums import ContractStatus
from ribambelle.care.models import Contract
from ribambelle.families import selectors as families_selectors
from ribambelle.families.models import Application, ApplicationChoice


def grid_list(*, user: Any) -> QuerySet[CriteriaGrid]:
    if not user.is_authenticated or user.organisation_id is None:
        return CriteriaGrid.objects.none()
    return CriteriaGrid.objects.filter(organisation_id=user.organisation_id).order_by("-valid_from", "-pk")


def grid_get(*, user: Any, pk: int) -> CriteriaGrid | None:
    criteria = Criterion.objects.prefetch_related("options")
    return grid_list(user=user).prefetch_related(Prefetch("criteria", queryset=criteria)).filter(pk=pk).first()


def grid_in_force(*, organisation_id: int, on: date) -> CriteriaGrid | None:
    return (
        CriteriaGrid.objects.filter(organisation_id=organisation_id)
        .in_force_on(on)
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.prefetch_related("options")))
        .first()
    )


@dataclass(frozen=True)
class ScoreLine:
    criterion: str
    answer: str
    points: Decimal


@dataclass(frozen=True)
class Bonus:
    sibling: bool
    sector: bool
    points: Decimal


@dataclass(frozen=True)
class Score:
    """An application's points under a grid, and its bonus at each facility it asks for."""

    points: Decimal
    lines: tuple[ScoreLine, ...]
    insertion: bool
    bonuses: dict[int, Bonus] = field(default_factory=dict)

    def at(self, facility_id: int) -> Decimal:
        bonus = self.bonuses.get(facility_id)
        return self.points + (bonus.points if bonus else Decimal("0"))


def scores(*, applications: Iterable[Application], grid: CriteriaGrid) -> dict[int, Score]:
    """The score of each application under ``grid`` (four queries whatever their number): the points of its
    answers, « non renseigné » for a criterion left without one, and the bonus of each wished facility."""
    applications = list(applications)
    criteria = list(grid.criteria.all())
    answers: dict[int, dict[int, Any]] = defaultdict(dict)
    for answer in ApplicationAnswer.objects.filter(application__in=applications, criterion__grid=grid).select_related(
        "option"
    ):
        answers[answer.application_id][answer.criterion_id] = answer.option
    choices: dict[int, list[ApplicationChoice]] = defaultdict(list)
    for choice in ApplicationChoice.objects.filter(application__in=applications).select_related("facility"):
        choices[choice.application_id].append(choice)
    siblings = _siblings_in_care(applications)
    result: dict[int, Score] = {}
    for application in applications:
        lines, insertion = [], False
        for criterion in criteria:
            option = answers[application.pk].get(criterion.pk)
            if option is None:
                lines.append(ScoreLine(criterion.label, "non renseigné", Decimal("0")))
                continue
            lines.append(ScoreLine(criterion.label, option.label, option.points))
            insertion = insertion or option.qualifies_insertion
        bonuses = {}
        for choice in choices[application.pk]:
            sibling = choice.facility_id in siblings[application.pk]
            sector = (
                application.family.sector_id is not None and choice.facility.sector_id == application.family.sector_id
            )
            points = (grid.sibling_bonus if sibling else Decimal("0")) + (grid.sector_bonus if sector else Decimal("0"))
            bonuses[choice.facility_id] = Bonus(sibling, sector, points)
        result[application.pk] = Score(
            sum((line.points for line in lines), Decimal("0")), tuple(lines), insertion, bonuses
        )
    return result


def _siblings_in_care(applications: list[Application]) -> dict[int, set[int]]:
    """For each application, the facilities where a brother or sister is under contract on its wished start."""
    by_family: dict[int, list[Application]] = defaultdict(list)
    for application in applications:
        by_family[application.family_id].append(application)
    found: dict[int, set[int]] = defaultdict(set)
    contracts = (
        Contract.objects.filter(child__family_id__in=by_family)
        .exclude(status=ContractStatus.CANCELLED)
        .values_list("child__family_id", "child_id", "facility_id", "starts_on", "ends_on")
    )
    for family_id, child_id, facility_id, starts_on, ends_on in contracts:
        for application in by_family[family_id]:
            if child_id != application.child_id and starts_on <= application.desired_start_on <= ends_on:
                found[application.pk].add(facility_id)
    return found


@dataclass(frozen=True)
class WaitingRow:
    choice: ApplicationChoice
    score: Score | None

    @property
    def points(self) -> Decimal | None:
        return self.score.at(self.choice.facility_id) if self.score else None


def ranked_waiting_list(
    *, user: Any, facility: Any, section: Any = None, on: date
) -> tuple[CriteriaGrid | None, list[WaitingRow]]:
    """The waiting list of ``facility`` ranked by the points of the grid in force on ``on`` (then the
    earlier application); without a published grid, by date of application."""
    choices = list(families_selectors.waiting_list(user=user, facility=facility, section=section))
    grid = grid_in_force(organisation_id=facility.organisation_id, on=on)
    if grid is None:
        return None, [WaitingRow(choice, None) for choice in choices]
    by_application = scores(applications=[choice.application for choice in choices], grid=grid)
    rows = [WaitingRow(choice, by_application[choice.application_id]) for choice in choices]
    rows.sort(key=lambda row: (-(row.points or 0), row.choice.application.received_on, row.choice.application_id))
    return grid, rows

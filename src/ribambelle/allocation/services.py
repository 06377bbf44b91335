"""Writes of the allocation app: the criteria grid (draft, criteria, publication, new version) and the
answers of an application to it. Every save is audited (core.audit.save_as)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ribambelle.allocation.models import ApplicationAnswer, CriteriaGrid, Criterion, CriterionOption
from ribambelle.core.audit import delete_as, save_as
from ribambelle.families.models import Application

MIN_OPTIONS, MAX_OPTIONS = 2, 6


@dataclass(frozen=True)
class OptionInput:
    label: str
    points: Decimal
    qualifies_insertion: bool = False


@transaction.atomic
def grid_create(*, grid: CriteriaGrid, actor: Any) -> CriteriaGrid:
    """A draft grid of the actor's organisation: criteria are added to it until it is published."""
    grid.organisation_id = actor.organisation_id
    grid.published_on = None
    grid.full_clean()
    save_as(actor, grid)
    return grid


def _draft(grid: CriteriaGrid) -> CriteriaGrid:
    grid = CriteriaGrid.objects.select_for_update().get(pk=grid.pk)
    if grid.is_published:
        raise ValidationError(
            f"La grille « {grid.name} » est publiée : elle ne change plus. Créez-en une nouvelle version.",
            code="published",
        )
    return grid


@transaction.atomic
def criterion_add(
    *, grid: CriteriaGrid, label: str, proof: str, insertion: bool, options: Sequence[OptionInput], actor: Any
) -> Criterion:
    """Add a criterion with its possible answers (two to six, each worth its points) to a draft grid."""
    grid = _draft(grid)
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise ValidationError(
            f"Un critère propose de {MIN_OPTIONS} à {MAX_OPTIONS} réponses possibles.", code="options_count"
        )
    if len({option.label.strip().lower() for option in options}) != len(options):
        raise ValidationError("Deux réponses d'un critère ne peuvent pas porter le même libellé.", code="options")
    position = (grid.criteria.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    criterion = Criterion(grid=grid, position=position, label=label, proof=proof, insertion=insertion)
    criterion.full_clean()
    save_as(actor, criterion)
    for index, option in enumerate(options, start=1):
        row = CriterionOption(
            criterion=criterion,
            position=index,
            label=option.label,
            points=option.points,
            qualifies_insertion=option.qualifies_insertion,
        )
        row.full_clean()
        save_as(actor, row)
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: Criterion, actor: Any) -> None:
    _draft(criterion.grid)
    for option in criterion.options.all():
        delete_as(actor, option)
    delete_as(actor, criterion)


@transaction.atomic
def grid_publish(*, grid: CriteriaGrid, on: date, actor: Any) -> CriteriaGrid:
    """Publish a draft grid on ``on``: from its date, it scores every application; it never changes again."""
    grid = _draft(grid)
    if not grid.criteria.exists():
        raise ValidationError("Une grille sans critère ne peut pas être publiée.", code="empty")
    clash = CriteriaGrid.objects.filter(organisation_id=grid.organisation_id, valid_from=grid.valid_from)
    if clash.filter(published_on__isnull=False).exists():
        raise ValidationError(
            f"Une grille publiée s'applique déjà à partir du {grid.valid_from:%d/%m/%Y} : choisissez une autre "
            "date pour cette version.",
            code="clash",
        )
    grid.published_on = on
    save_as(actor, grid)
    return grid


@transaction.atomic
def grid_new_version(*, grid: CriteriaGrid, valid_from: date, actor: Any) -> CriteriaGrid:
    """A draft copy of ``grid`` (criteria, answers, points, bonuses) applying from ``valid_from``."""
    copy = grid_create(
        grid=CriteriaGrid(
            name=grid.name,
            valid_from=valid_from,
            sibling_bonus=grid.sibling_bonus,
            sector_bonus=grid.sector_bonus,
        ),
        actor=actor,
    )
    for criterion in grid.criteria.prefetch_related("options"):
        criterion_add(
            grid=copy,
            label=criterion.label,
            proof=criterion.proof,
            insertion=criterion.insertion,
            options=[OptionInput(o.label, o.points, o.qualifies_insertion) for o in criterion.options.all()],
            actor=actor,
        )
    return copy


@transaction.atomic
def answers_set(*, application: Application, grid: CriteriaGrid, answers: Mapping[int, int], actor: Any) -> None:
    """Record the application's answers to ``grid`` (criterion id → option id); a criterion left out keeps
    no answer (zero points, « non renseigné »)."""
    if not grid.is_published:
        raise ValidationError("Les réponses se donnent à une grille publiée.", code="draft")
    criteria = {criterion.pk: criterion for criterion in grid.criteria.prefetch_related("options")}
    unknown = set(answers) - set(criteria)
    if unknown:
        raise ValidationError("Ce critère n'appartient pas à la grille.", code="criterion")
    existing = {answer.criterion_id: answer for answer in application.answers.filter(criterion__grid=grid)}
    for criterion_pk, criterion in criteria.items():
        option_pk = answers.get(criterion_pk)
        answer = existing.get(criterion_pk)
        if option_pk is None:
            if answer is not None:
                delete_as(actor, answer)
            continue
        options = {option.pk: option for option in criterion.options.all()}
        if option_pk not in options:
            raise ValidationError(f"Réponse inconnue pour « {criterion.label} ».", code="option")
        if answer is not None and answer.option_id == option_pk:
            continue
        answer = answer or ApplicationAnswer(application=application, criterion=criterion)
        answer.option = options[option_pk]
        answer.full_clean()
        save_as(actor, answer)

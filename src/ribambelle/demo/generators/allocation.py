"""Allocation generator: the town's published criteria grid and the answers of every application to it.

The grid is the kind a commune publishes: parents' activity, single parent, a disability in the family,
the baby's first year, and the integration path of article L214-7, with bonuses for a brother or sister in
the facility and for the family's sector.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from ribambelle.allocation.models import ApplicationAnswer, CriteriaGrid, Criterion, CriterionOption
from ribambelle.demo.bulk import bulk_load
from ribambelle.demo.context import SeedContext
from ribambelle.families.models import Application

# (label, proof, insertion, ((answer, points, opens the reserved places, share of families), …))
_CRITERIA = (
    (
        "Parents en activité, en formation ou en recherche d'emploi",
        "attestation d'employeur, de formation ou d'inscription à France Travail",
        False,
        (("Les deux parents, ou le parent seul", 30, False, 0.62), ("Un des deux parents", 15, False, 0.30),
         ("Aucun", 0, False, 0.08)),
    ),
    (
        "Famille monoparentale",
        "attestation CAF",
        False,
        (("Oui", 15, False, 0.18), ("Non", 0, False, 0.82)),
    ),
    (
        "Handicap ou maladie chronique de l'enfant ou d'un parent",
        "notification MDPH ou certificat médical",
        False,
        (("Oui", 20, False, 0.03), ("Non", 0, False, 0.97)),
    ),
    (
        "Parent en parcours d'insertion sociale ou professionnelle (article L214-7 du CASF)",
        "attestation du référent d'insertion ou de France Travail",
        True,
        (("Oui", 10, True, 0.05), ("Non", 0, False, 0.95)),
    ),
)  # fmt: skip


def generate(ctx: SeedContext) -> None:
    applications: list[Application] = ctx.created(Application)
    if not applications:
        return
    rng = random.Random(f"allocation:{ctx.seed}")
    with bulk_load(CriteriaGrid, Criterion, CriterionOption, ApplicationAnswer):
        (grid,) = ctx.create(
            CriteriaGrid,
            [
                CriteriaGrid(
                    organisation=ctx.named["organisation"],
                    name=f"Critères d'attribution {ctx.on.year}",
                    valid_from=date(ctx.on.year, 1, 1),
                    published_on=date(ctx.on.year - 1, 12, 15),
                    sibling_bonus=Decimal("20"),
                    sector_bonus=Decimal("10"),
                )
            ],
        )
        criteria = ctx.create(
            Criterion,
            [
                Criterion(grid=grid, position=position, label=label, proof=proof, insertion=insertion)
                for position, (label, proof, insertion, _) in enumerate(_CRITERIA, start=1)
            ],
        )
        options = ctx.create(
            CriterionOption,
            [
                CriterionOption(
                    criterion=criterion,
                    position=position,
                    label=label,
                    points=Decimal(points),
                    qualifies_insertion=opens,
                )
                for criterion, (*_, answers) in zip(criteria, _CRITERIA, strict=True)
                for position, (label, points, opens, _) in enumerate(answers, start=1)
            ],
        )
        by_criterion = {criterion.pk: [o for o in options if o.criterion_id == criterion.pk] for criterion in criteria}
        answers = []
        for application in applications:
            for criterion, (*_, spec) in zip(criteria, _CRITERIA, strict=True):
                weights = [share for *_, share in spec]
                option = rng.choices(by_criterion[criterion.pk], weights)[0]
                answers.append(ApplicationAnswer(application=application, criterion=criterion, option=option))
        ctx.create(ApplicationAnswer, answers)

"""The criteria grid of an organisation's allocation committee, dated and versioned, and the answers of
each application to it. A published grid never changes: a new version is a new grid with a later date.

The points of an application are the sum of its answers' points; two bonuses per facility come from the
data rather than from an answer: a brother or sister under contract in the facility on the wished start,
and a facility of the family's sector.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

_POINTS = {"max_digits": 6, "decimal_places": 2}


class CriteriaGridQuerySet(models.QuerySet["CriteriaGrid"]):
    def in_force_on(self, day: date) -> CriteriaGridQuerySet:
        """The published grids applying on ``day``, the latest first (the first one is in force)."""
        return self.filter(published_on__isnull=False, valid_from__lte=day).order_by("-valid_from", "-pk")


class CriteriaGrid(models.Model):
    organisation = models.ForeignKey(
        "territory.Organisation", models.PROTECT, related_name="criteria_grids", verbose_name="organisation"
    )
    name = models.CharField("nom", max_length=120)
    valid_from = models.DateField("applicable aux commissions à partir du")
    published_on = models.DateField("publiée le", null=True, blank=True)
    sibling_bonus = models.DecimalField(
        "points pour un frère ou une sœur accueilli·e dans l'établissement",
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        **_POINTS,
    )
    sector_bonus = models.DecimalField(
        "points pour un établissement du secteur de la famille",
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        **_POINTS,
    )

    objects = CriteriaGridQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "grille de critères"
        verbose_name_plural = "grilles de critères"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "valid_from"],
                condition=models.Q(published_on__isnull=False),
                name="allocation_grid_one_published_per_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (à partir du {self.valid_from:%d/%m/%Y})"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class Criterion(models.Model):
    grid = models.ForeignKey(CriteriaGrid, models.CASCADE, related_name="criteria", verbose_name="grille")
    position = models.PositiveSmallIntegerField("ordre")
    label = models.CharField("critère", max_length=200)
    proof = models.CharField("justificatif demandé", max_length=200, blank=True)
    # The answers that make a family one of the parents on an integration path (article L214-7 CASF): the
    # committee reserves places for them.
    insertion = models.BooleanField("critère d'insertion sociale et professionnelle (L214-7)", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "critère"
        verbose_name_plural = "critères"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["grid", "position"], name="allocation_criterion_position")]

    def __str__(self) -> str:
        return self.label


class CriterionOption(models.Model):
    criterion = models.ForeignKey(Criterion, models.CASCADE, related_name="options", verbose_name="critère")
    position = models.PositiveSmallIntegerField("ordre")
    label = models.CharField("réponse", max_length=200)
    points = models.DecimalField("points", validators=[MinValueValidator(0)], **_POINTS)
    qualifies_insertion = models.BooleanField("ouvre droit aux places réservées (L214-7)", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "réponse possible"
        verbose_name_plural = "réponses possibles"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["criterion", "position"], name="allocation_option_position")]

    def __str__(self) -> str:
        return f"{self.label} ({self.points} pts)"

    def clean(self) -> None:
        if self.qualifies_insertion and self.criterion_id and not self.criterion.insertion:
            raise ValidationError(
                {"qualifies_insertion": "Seul un critère d'insertion (L214-7) ouvre droit aux places réservées."}
            )


class ApplicationAnswer(models.Model):
    """The answer of an application to one criterion of a grid."""

    application = models.ForeignKey(
        "families.Application", models.CASCADE, related_name="answers", verbose_name="demande"
    )
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="answers", verbose_name="critère")
    option = models.ForeignKey(CriterionOption, models.PROTECT, related_name="answers", verbose_name="réponse")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "réponse à un critère"
        verbose_name_plural = "réponses aux critères"
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="allocation_answer_one_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} : {self.option.label}"

    def clean(self) -> None:
        if self.option_id and self.criterion_id and self.option.criterion_id != self.criterion_id:
            raise ValidationError("Cette réponse appartient à un autre critère.", code="option")

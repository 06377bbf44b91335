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

from ribambelle.allocation.enums import AdjustmentReason, OfferStatus, SessionStatus

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


class CommitteeSession(models.Model):
    """An allocation committee: the places it shares out for a start date, the applications it examines,
    the engine's proposal (input and output kept, so it can be re-run) and its decisions."""

    organisation = models.ForeignKey(
        "territory.Organisation", models.PROTECT, related_name="committee_sessions", verbose_name="organisation"
    )
    title = models.CharField("intitulé", max_length=120)
    held_on = models.DateField("date de la commission")
    start_on = models.DateField("date d'entrée des enfants")
    reply_days = models.PositiveSmallIntegerField("délai de réponse des familles (jours)", default=15)
    seed = models.PositiveIntegerField("graine du tirage au sort")
    grid = models.ForeignKey(CriteriaGrid, models.PROTECT, related_name="sessions", verbose_name="grille appliquée")
    status = models.CharField("état", max_length=20, choices=SessionStatus, default=SessionStatus.PREPARATION)
    engine_input = models.JSONField("entrée du moteur", null=True, blank=True)
    engine_output = models.JSONField("proposition du moteur", null=True, blank=True)
    validated_on = models.DateField("validée le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "commission d'attribution"
        verbose_name_plural = "commissions d'attribution"

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class SessionPlace(models.Model):
    """The places of one section (or of a facility without sections) shared out by the session."""

    session = models.ForeignKey(CommitteeSession, models.CASCADE, related_name="places", verbose_name="commission")
    facility = models.ForeignKey("territory.Facility", models.PROTECT, related_name="+", verbose_name="établissement")
    section = models.ForeignKey(
        "territory.Section", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="section"
    )
    places = models.PositiveSmallIntegerField("places à attribuer")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "places de la commission"
        verbose_name_plural = "places de la commission"
        constraints = [
            models.UniqueConstraint(fields=["session", "facility", "section"], name="allocation_place_unique")
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.section or ''} : {self.places}"


class Decision(models.Model):
    """The committee's decision for one application: the wish it offers, or none. ``reason`` is set when the
    committee departs from the engine's proposal."""

    session = models.ForeignKey(CommitteeSession, models.CASCADE, related_name="decisions", verbose_name="commission")
    application = models.ForeignKey(
        "families.Application", models.PROTECT, related_name="decisions", verbose_name="demande"
    )
    choice = models.ForeignKey(
        "families.ApplicationChoice", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="vœu retenu"
    )
    proposed_choice = models.ForeignKey(
        "families.ApplicationChoice",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vœu proposé par le moteur",
    )
    reason = models.CharField("motif de l'ajustement", max_length=30, choices=AdjustmentReason, blank=True)
    points = models.DecimalField("points", **_POINTS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "décision"
        verbose_name_plural = "décisions"
        constraints = [models.UniqueConstraint(fields=["session", "application"], name="allocation_decision_unique")]

    def __str__(self) -> str:
        return f"{self.application} : {self.choice or 'pas de place'}"

    @property
    def adjusted(self) -> bool:
        return self.choice_id != self.proposed_choice_id


class Offer(models.Model):
    """A place offered to a family after a committee (or to the next in line after a refusal)."""

    decision = models.ForeignKey(Decision, models.PROTECT, related_name="offers", verbose_name="décision")
    choice = models.ForeignKey("families.ApplicationChoice", models.PROTECT, related_name="+", verbose_name="vœu")
    offered_on = models.DateField("proposée le")
    reply_by = models.DateField("réponse attendue avant le")
    status = models.CharField("réponse", max_length=20, choices=OfferStatus, default=OfferStatus.PENDING)
    answered_on = models.DateField("répondu le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "proposition de place"
        verbose_name_plural = "propositions de place"

    def __str__(self) -> str:
        return f"{self.choice.facility} pour {self.decision.application.child}"

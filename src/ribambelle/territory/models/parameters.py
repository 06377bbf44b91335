"""What the manager decides where the law leaves a choice, and legal values entered locally."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.rules.choices import CHOICES
from ribambelle.territory.models.facility import Facility
from ribambelle.territory.models.organisation import Organisation


class RuleChoiceQuerySet(models.QuerySet["RuleChoice"]):
    def in_force_on(self, day: date) -> RuleChoiceQuerySet:
        return self.filter(valid_from__lte=day).exclude(valid_to__lt=day)


class RuleChoice(models.Model):
    """A dated local choice (ratio option, rounding rule…) for the organisation or one facility."""

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="rule_choices", verbose_name="organisation"
    )
    facility = models.ForeignKey(
        Facility,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rule_choices",
        verbose_name="établissement",
        help_text="Vide : le choix vaut pour toute l'organisation, sauf choix propre à un établissement.",
    )
    key = models.CharField("choix", max_length=60, help_text="Une clé déclarée dans rules/choices.py.")
    value = models.CharField("valeur", max_length=40)
    valid_from = models.DateField("à partir du")
    valid_to = models.DateField("jusqu'au (inclus)", null=True, blank=True)
    act = models.CharField(
        "acte", max_length=250, help_text="Délibération, règlement de fonctionnement… qui fonde ce choix."
    )

    objects = RuleChoiceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "choix local"
        verbose_name_plural = "choix locaux"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "valid_from"],
                condition=models.Q(facility__isnull=True),
                name="territory_rulechoice_unique_org_start",
            ),
            models.UniqueConstraint(
                fields=["facility", "key", "valid_from"],
                condition=models.Q(facility__isnull=False),
                name="territory_rulechoice_unique_facility_start",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="territory_rulechoice_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_label} : {self.value_label}"

    def clean(self) -> None:
        choice = CHOICES.get(self.key)
        if choice is None:
            raise ValidationError({"key": "Ce choix n'existe pas."}, code="key")
        if self.value not in choice.values:
            raise ValidationError({"value": "Cette valeur n'est pas permise pour ce choix."}, code="value")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "La fin ne peut pas précéder le début."}, code="order")
        if self.facility_id and self.organisation_id and self.facility.organisation_id != self.organisation_id:
            raise ValidationError({"facility": "Cet établissement appartient à une autre organisation."})

    @property
    def key_label(self) -> str:
        choice = CHOICES.get(self.key)
        return choice.label if choice else self.key

    @property
    def value_label(self) -> str:
        choice = CHOICES.get(self.key)
        return choice.values.get(self.value, self.value) if choice else self.value


class ParameterEntry(models.Model):
    """A dated legal value the repository cannot know yet (a € ceiling…), entered with its source."""

    key = models.CharField("paramètre", max_length=80)
    effective_on = models.DateField("en vigueur à partir du")
    value = models.CharField("valeur", max_length=40, help_text="Nombre décimal, par exemple 7,45.")
    source = models.CharField("source", max_length=250, help_text="Titre du texte ou de la circulaire.")
    href = models.URLField("lien", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "valeur saisie localement"
        verbose_name_plural = "valeurs saisies localement"
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_on"], name="territory_parameterentry_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.key} au {self.effective_on:%d/%m/%Y} : {self.value}"

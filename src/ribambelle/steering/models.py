"""Pre-aggregated facts of the indicators (docs/indicators.md). Derived data, recomputed by
steering.services from the registry, the attendance and the monthly statements: no history."""

from __future__ import annotations

from decimal import Decimal

from django.db import models


class FacilityDayFact(models.Model):
    """Capacity and presence of one facility on one day. Presence counts the closed periods only (a period
    still open has no departure yet): ``children`` present, the ``peak_presence`` of children present at
    once, the surnombre limit in force when that peak was first reached (``peak_limit``, empty when none
    applies) and the ``over_limit_minutes`` during which presence exceeded the limit of the moment."""

    facility = models.ForeignKey(
        "territory.Facility", models.CASCADE, related_name="day_facts", verbose_name="établissement", db_index=False
    )
    on = models.DateField("jour")
    theoretical_minutes = models.PositiveIntegerField("capacité théorique (minutes-places)")
    attended_minutes = models.PositiveIntegerField("présence réalisée (minutes)")
    places = models.PositiveSmallIntegerField("places autorisées")
    opening_minutes = models.PositiveSmallIntegerField("durée d'ouverture (minutes)")
    closed = models.BooleanField("fermé ce jour")
    children = models.PositiveSmallIntegerField("enfants présents", default=0)
    peak_presence = models.PositiveSmallIntegerField("pic de présence simultanée", default=0)
    peak_limit = models.PositiveSmallIntegerField("limite de surnombre au pic", null=True, blank=True)
    over_limit_minutes = models.PositiveSmallIntegerField("minutes au-delà de la limite de surnombre", default=0)

    class Meta:
        verbose_name = "fait journalier d'activité"
        verbose_name_plural = "faits journaliers d'activité"
        constraints = [models.UniqueConstraint(fields=["facility", "on"], name="steering_dayfact_one_per_day")]
        indexes = [models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.on:%d/%m/%Y}"


class FacilityMonthFact(models.Model):
    """One facility over one month (``month`` is its first day).

    - The month's day facts rolled up (sums, and maxima for the peaks), rewritten with every refresh of its
      day facts, so that a month or a year is read from a dozen rows per facility, not from its days; with
      ``over_capacity_days``, the days whose attended minutes exceed their capacity: a week can exceed its
      100 % limit only if one of its days does, so the weekly alerts look at those facilities only; and
      ``open_minutes``, the opening minutes of its open days (days with capacity), a section's capacity
      being its places × those minutes.
    - Minutes (and euros of family fees) billed to families, from the monthly statements, and the children
      ``enrolled`` (a contract in force on at least one day of the month); ``stale`` once attendance,
      absences or contracts of the month changed since (the statements are then recomputed lazily)."""

    facility = models.ForeignKey(
        "territory.Facility", models.CASCADE, related_name="month_facts", verbose_name="établissement", db_index=False
    )
    month = models.DateField("mois")
    theoretical_minutes = models.PositiveIntegerField("capacité théorique (minutes-places)", default=0)
    attended_minutes = models.PositiveIntegerField("présence réalisée (minutes)", default=0)
    child_days = models.PositiveIntegerField("enfants présents, jour par jour cumulés", default=0)
    open_days = models.PositiveSmallIntegerField("jours d'ouverture", default=0)
    peak_daily = models.PositiveSmallIntegerField("enfants présents le jour le plus chargé", default=0)
    peak_presence = models.PositiveSmallIntegerField("pic de présence simultanée", default=0)
    over_limit_minutes = models.PositiveIntegerField("minutes au-delà de la limite de surnombre", default=0)
    over_days = models.PositiveSmallIntegerField("jours au-delà de la limite de surnombre", default=0)
    over_capacity_days = models.PositiveSmallIntegerField("jours de présence au-delà de la capacité", default=0)
    open_minutes = models.PositiveIntegerField("ouverture des jours ouverts (minutes)", default=0)
    billed_minutes = models.PositiveIntegerField("heures facturées (minutes)", default=0)
    billed_amount = models.DecimalField(
        "participations familiales facturées (€)", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    statements = models.PositiveIntegerField("relevés calculés", default=0)
    errors = models.PositiveIntegerField("relevés non calculés", default=0)
    missing_choice = models.CharField("choix local manquant", max_length=300, blank=True)
    enrolled = models.PositiveIntegerField("enfants inscrits", default=0)
    stale = models.BooleanField("à recalculer", default=True)

    class Meta:
        verbose_name = "fait mensuel d'activité"
        verbose_name_plural = "faits mensuels d'activité"
        constraints = [models.UniqueConstraint(fields=["facility", "month"], name="steering_monthfact_one_per_month")]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.month:%m/%Y}"


class SectionMonthFact(models.Model):
    """One section of a facility over one month, from the children's contracts: the minutes of presence
    recorded under a contract of the section, the minutes (and euros) billed by the monthly statements of its
    contracts, and the children enrolled (a contract of the section in force at least one day of the
    month). The facility's row without a section (``section`` empty) holds the presence recorded without a
    contract or under a contract that names no section, and the billing of such contracts. Rewritten with
    its facility's month fact (services.month_facts_refresh); the section's capacity is read from its places
    and the facility's opening (selectors.sections_read)."""

    facility = models.ForeignKey(
        "territory.Facility", models.CASCADE, related_name="section_facts", verbose_name="établissement", db_index=False
    )
    section = models.ForeignKey(
        "territory.Section", models.CASCADE, null=True, blank=True, related_name="facts", verbose_name="section"
    )
    month = models.DateField("mois")
    attended_minutes = models.PositiveIntegerField("présence réalisée (minutes)", default=0)
    billed_minutes = models.PositiveIntegerField("heures facturées (minutes)", default=0)
    billed_amount = models.DecimalField(
        "participations familiales facturées (€)", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    enrolled = models.PositiveIntegerField("enfants inscrits", default=0)

    class Meta:
        verbose_name = "fait mensuel d'activité d'une section"
        verbose_name_plural = "faits mensuels d'activité des sections"
        constraints = [
            models.UniqueConstraint(fields=["section", "month"], name="steering_sectionfact_one_per_month"),
            models.UniqueConstraint(
                fields=["facility", "month"],
                condition=models.Q(section__isnull=True),
                name="steering_sectionfact_one_outside_sections",
            ),
        ]
        indexes = [models.Index(fields=["facility", "month"])]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.section_id or '-'} {self.month:%m/%Y}"

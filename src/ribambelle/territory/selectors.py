"""Reads of the territory registry. Scoping lives here, in one place:

- ``facilities_visible_to(user)``: the facilities whose nominative data (children, families, staff
  records) the user may read: the organisation's for the coordinator and the administrator, her own
  for a director, none for an elected official or an HR officer.
- ``facilities_aggregated_for(user)``: the facilities that appear in the registry and in aggregated
  figures, with no names of persons: every facility of the organisation, except for a director
  (hers only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q, QuerySet

from ribambelle.accounts.enums import Role
from ribambelle.core.models import Job
from ribambelle.rules import (
    CategoryResult,
    Duty,
    ParameterSet,
    Renewal,
    RenewalStatus,
    facility_category,
    load_parameters,
    organising_authority_duties,
    renewal_status,
)
from ribambelle.rules.choices import CHOICES, Decided, MissingChoice, RuleChoices
from ribambelle.rules.parameters import INTEGER_UNITS, ParameterValue, Reference
from ribambelle.territory.enums import FacilityType, OrganisationKind
from ribambelle.territory.models import (
    Authorisation,
    Facility,
    Organisation,
    ParameterEntry,
    RuleChoice,
    Sector,
)


def facilities_visible_to(user: Any) -> QuerySet[Facility]:
    if not user.is_authenticated or not user.is_active:
        return Facility.objects.none()
    if user.role in (Role.COORDINATOR, Role.ADMINISTRATOR):
        return Facility.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.DIRECTOR:
        return Facility.objects.filter(directors=user)
    return Facility.objects.none()


def facilities_aggregated_for(user: Any) -> QuerySet[Facility]:
    if not user.is_authenticated or not user.is_active:
        return Facility.objects.none()
    if user.role == Role.DIRECTOR:
        return Facility.objects.filter(directors=user)
    return Facility.objects.filter(organisation_id=user.organisation_id)


def parameters_in_force() -> ParameterSet:
    """The repository's parameters, with the values administrators entered locally merged in."""
    params = load_parameters()
    entries = [
        ParameterValue(
            key=entry.key,
            effective_on=entry.effective_on,
            value=entry_value(entry, unit=params[entry.key].unit),
            reference=Reference(entry.source, entry.href or None),
            confirmed=True,
            entered_locally=True,
        )
        for entry in ParameterEntry.objects.order_by("key", "effective_on")
        if entry.key in params.parameters
    ]
    return params.with_entries(entries) if entries else params


def entry_value(entry: ParameterEntry, *, unit: str) -> Decimal | int:
    """An entered value as the rules read it: an integer for counts and durations, else a Decimal."""
    try:
        number = Decimal(entry.value.replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"value": "Saisissez un nombre, par exemple 7,45."}, code="number") from None
    if unit in INTEGER_UNITS:
        if number != number.to_integral_value():
            raise ValidationError({"value": "Ce paramètre attend un nombre entier."}, code="integer")
        return int(number)
    return number


def rule_choices_for(*, facility: Facility, on: date) -> RuleChoices:
    """The local choices in force for ``facility`` on ``on``: the facility's beat the organisation's,
    which beat the legal defaults (applied by RuleChoices itself)."""
    rows = (
        RuleChoice.objects.in_force_on(on)
        .filter(organisation_id=facility.organisation_id)
        .filter(Q(facility__isnull=True) | Q(facility=facility))
        .order_by(F("facility").asc(nulls_first=True), "valid_from")
    )
    decided = {row.key: Decided(row.value, f"{row.act} (à partir du {row.valid_from:%d/%m/%Y})") for row in rows}
    return RuleChoices(decided)


@dataclass(frozen=True)
class ChoiceRow:
    label: str
    value: str | None
    source: str


def facility_choice_rows(*, facility: Facility, on: date) -> list[ChoiceRow]:
    """Every declared local choice as it applies to ``facility`` on ``on``, or the fact that it is missing."""
    choices = rule_choices_for(facility=facility, on=on)
    rows = []
    for declared in CHOICES.values():
        try:
            decided = choices.provenance(declared.key)
        except MissingChoice:
            rows.append(ChoiceRow(declared.label, None, "à fixer par le règlement de fonctionnement"))
        else:
            rows.append(ChoiceRow(declared.label, declared.values[decided.value], decided.source))
    return rows


def rule_choice_list(*, user: Any) -> QuerySet[RuleChoice]:
    return (
        RuleChoice.objects.filter(organisation_id=user.organisation_id)
        .select_related("facility")
        .order_by("key", F("facility__name").asc(nulls_first=True), "-valid_from")
    )


def organisation_duties(organisation: Organisation | None, *, on: date) -> list[Duty]:
    """The SPPE duties of a commune or an intercommunality (an association or a company has none)."""
    if organisation is None or organisation.kind not in (OrganisationKind.COMMUNE, OrganisationKind.INTERCOMMUNALITY):
        return []
    return organising_authority_duties(parameters_in_force(), population=organisation.population, on=on)


def sector_list(*, user: Any) -> QuerySet[Sector]:
    return Sector.objects.filter(organisation_id=user.organisation_id).order_by("name")


def organisation_get(*, user: Any) -> Organisation | None:
    return Organisation.objects.filter(pk=user.organisation_id).first()


@dataclass(frozen=True)
class FacilityRow:
    """A facility with what the registry derives from its authorisation in force."""

    facility: Facility
    authorisation: Authorisation | None
    category: CategoryResult | None
    renewal: Renewal | None

    @property
    def capacity(self) -> int:
        return self.authorisation.capacity if self.authorisation else 0

    @property
    def section_places(self) -> int:
        return sum(section.places for section in self.facility.sections.all())


def facility_list(
    *, user: Any, on: date, sector_id: int | None = None, facility_type: str | None = None
) -> QuerySet[Facility]:
    facilities = facilities_aggregated_for(user).active()
    if sector_id:
        facilities = facilities.filter(sector_id=sector_id)
    if facility_type:
        facilities = facilities.filter(facility_type=facility_type)
    return facilities_with_registry(facilities, on=on).order_by("name")


def facilities_with_registry(facilities: QuerySet[Facility], *, on: date) -> QuerySet[Facility]:
    """Plan the queries ``facility_rows`` needs: sector, sections, authorisations in force."""
    return facilities.select_related("sector").prefetch_related(
        "sections",
        Prefetch(
            "authorisations",
            queryset=Authorisation.objects.in_force_on(on).order_by("-valid_from"),
            to_attr="authorisations_in_force",
        ),
    )


def facility_rows(facilities: QuerySet[Facility], *, on: date) -> list[FacilityRow]:
    """Derive category and renewal status for facilities from ``facility_list``."""
    params = parameters_in_force()
    return [_row(facility, params, on) for facility in facilities]


def facility_row(facility: Facility, *, on: date) -> FacilityRow:
    facility.authorisations_in_force = list(  # type: ignore[attr-defined]
        facility.authorisations.in_force_on(on).order_by("-valid_from")[:1]
    )
    return _row(facility, parameters_in_force(), on)


def _row(facility: Facility, params: ParameterSet, on: date) -> FacilityRow:
    in_force = facility.authorisations_in_force  # type: ignore[attr-defined]
    authorisation = in_force[0] if in_force else None
    if authorisation is None:
        return FacilityRow(facility, None, None, None)
    kind = FacilityType(facility.facility_type).regulatory_kind
    category = facility_category(params, kind=kind, capacity=authorisation.capacity, on=on)
    renewal = renewal_status(params, expires_on=authorisation.expires_on, on=on)
    return FacilityRow(facility, authorisation, category, renewal)


@dataclass(frozen=True)
class RegistrySummary:
    facilities: int
    places: int
    by_category: list[tuple[str, int, int]]
    renewals_due: int


def registry_summary(rows: list[FacilityRow]) -> RegistrySummary:
    """Key figures of the registry table: facilities, places, per category, renewals to prepare."""
    by_category: dict[str, list[int]] = {}
    for row in rows:
        label = row.category.label if row.category else "sans autorisation en vigueur"
        counts = by_category.setdefault(label, [0, 0])
        counts[0] += 1
        counts[1] += row.capacity
    due = sum(
        1
        for row in rows
        if row.renewal and row.renewal.status != RenewalStatus.VALID and row.renewal.status != RenewalStatus.NO_EXPIRY
    )
    return RegistrySummary(
        facilities=len(rows),
        places=sum(row.capacity for row in rows),
        by_category=sorted(((label, c[0], c[1]) for label, c in by_category.items()), key=lambda x: -x[2]),
        renewals_due=due,
    )


def registry_check_jobs(*, user: Any) -> QuerySet[Job]:
    return Job.objects.filter(kind="territory.registry_check", started_by=user).order_by("-created_at")[:10]

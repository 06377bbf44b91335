"""Writes to the territory registry: atomic, validated, audited (the history row names the actor)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ribambelle.core.audit import delete_as, save_as
from ribambelle.core.models import Job
from ribambelle.rules import authorisation_expiry, load_parameters
from ribambelle.territory.models import (
    Authorisation,
    AuthorisationSlot,
    Closure,
    Facility,
    OpeningHours,
    Organisation,
    ParameterEntry,
    RuleChoice,
    Section,
)
from ribambelle.territory.selectors import entry_value, parameters_in_force
from ribambelle.territory.signals import parameter_entry_recorded


@dataclass(frozen=True)
class OpeningDay:
    weekday: int
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class Slot:
    starts_at: time
    ends_at: time
    capacity: int


@transaction.atomic
def facility_save(
    *, facility: Facility, opening_days: Sequence[OpeningDay], directors: Iterable[Any] | None, actor: Any
) -> Facility:
    """Create or update a facility with its weekly opening hours and its directors."""
    facility.full_clean()
    save_as(actor, facility)
    if directors is not None:
        facility._history_user = actor  # type: ignore[attr-defined]
        facility.directors.set(directors)
        del facility._history_user  # type: ignore[attr-defined]
    _opening_hours_set(facility=facility, opening_days=opening_days, actor=actor)
    return facility


def _opening_hours_set(*, facility: Facility, opening_days: Sequence[OpeningDay], actor: Any) -> None:
    wanted = {day.weekday: day for day in opening_days}
    for hours in facility.opening_hours.all():
        if hours.weekday not in wanted:
            delete_as(actor, hours)
    current = {hours.weekday: hours for hours in facility.opening_hours.all()}
    for weekday, day in sorted(wanted.items()):
        hours = current.get(weekday) or OpeningHours(facility=facility, weekday=weekday)
        if hours.pk and (hours.opens_at, hours.closes_at) == (day.opens_at, day.closes_at):
            continue
        hours.opens_at, hours.closes_at = day.opens_at, day.closes_at
        hours.full_clean()
        save_as(actor, hours)


@transaction.atomic
def authorisation_create(*, authorisation: Authorisation, slots: Sequence[Slot], actor: Any) -> Authorisation:
    """Record a PMI authorisation; its expiry follows the law in force at the decision when not given."""
    if authorisation.expires_on is None and authorisation.decided_on:
        authorisation.expires_on = authorisation_expiry(parameters_in_force(), decided_on=authorisation.decided_on)
    authorisation.full_clean()
    errors = []
    for slot in slots:
        if slot.capacity > authorisation.capacity:
            errors.append(
                f"La plage {slot.starts_at:%H:%M}–{slot.ends_at:%H:%M} dépasse la capacité autorisée "
                f"({slot.capacity} > {authorisation.capacity})."
            )
    ordered = sorted(slots, key=lambda s: s.starts_at)
    for first, second in itertools.pairwise(ordered):
        if second.starts_at < first.ends_at:
            errors.append(
                f"Les plages qui commencent à {first.starts_at:%H:%M} et {second.starts_at:%H:%M} se chevauchent."
            )
    if errors:
        raise ValidationError(errors, code="slots")
    save_as(actor, authorisation)
    for slot in ordered:
        row = AuthorisationSlot(
            authorisation=authorisation,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            capacity=slot.capacity,
        )
        row.full_clean()
        save_as(actor, row)
    return authorisation


@transaction.atomic
def section_save(*, section: Section, on: date, actor: Any) -> Section:
    """Create or update a section; its ages must fit the authorisation in force."""
    section.full_clean()
    authorisation = (
        Authorisation.objects.in_force_on(on).filter(facility=section.facility).order_by("-valid_from").first()
    )
    if authorisation and (
        section.min_age_months < authorisation.min_age_months or section.max_age_months > authorisation.max_age_months
    ):
        raise ValidationError(
            f"Les âges de la section sortent de ceux de l'autorisation "
            f"({authorisation.min_age_months} à {authorisation.max_age_months} mois).",
            code="section_ages",
        )
    if authorisation:
        others = sum(
            Section.objects.filter(facility=section.facility).exclude(pk=section.pk).values_list("places", flat=True)
        )
        if others + section.places > authorisation.capacity:
            raise ValidationError(
                f"Les sections totaliseraient {others + section.places} places pour une capacité autorisée "
                f"de {authorisation.capacity}.",
                code="section_places",
            )
    save_as(actor, section)
    return section


@transaction.atomic
def closure_create(*, closure: Closure, actor: Any) -> Closure:
    closure.full_clean()
    overlap = Closure.objects.filter(facility=closure.facility).overlapping(closure.start_on, closure.end_on)
    if overlap.exists():
        raise ValidationError("Cette fermeture chevauche une fermeture déjà enregistrée.", code="closure_overlap")
    save_as(actor, closure)
    return closure


@transaction.atomic
def closure_delete(*, closure: Closure, actor: Any) -> None:
    delete_as(actor, closure)


@transaction.atomic
def rule_choice_set(
    *,
    organisation: Organisation,
    facility: Facility | None,
    key: str,
    value: str,
    valid_from: date,
    act: str,
    actor: Any,
) -> RuleChoice:
    """Record a local choice from ``valid_from``: the open choice of the same scope is closed the day
    before; a choice that would overlap a later or closed one is refused (SQLite has no exclusion
    constraint, so the check lives here)."""
    choice = RuleChoice(
        organisation=organisation, facility=facility, key=key, value=value, valid_from=valid_from, act=act
    )
    choice.full_clean()
    same_scope = RuleChoice.objects.select_for_update().filter(organisation=organisation, facility=facility, key=key)
    open_choice = same_scope.filter(valid_to__isnull=True, valid_from__lt=valid_from).first()
    if open_choice is not None:
        open_choice.valid_to = valid_from - timedelta(days=1)
        save_as(actor, open_choice)
    overlapping = same_scope.exclude(valid_to__lt=valid_from)
    if overlapping.exists():
        first = overlapping.order_by("valid_from").first()
        assert first is not None
        raise ValidationError(
            f"Un choix « {choice.key_label} » est déjà enregistré à partir du {first.valid_from:%d/%m/%Y} "
            "pour ce périmètre : les périodes ne peuvent pas se chevaucher.",
            code="rule_choice_overlap",
        )
    save_as(actor, choice)
    return choice


@transaction.atomic
def parameter_entry_create(*, entry: ParameterEntry, actor: Any) -> tuple[ParameterEntry, list[Job]]:
    """Record a legal value the repository does not hold yet; the repository's value wins on its dates.
    Returns the entry and the jobs the layers above started as a consequence (signals.py)."""
    entry.full_clean()
    params = load_parameters()
    if entry.key not in params.parameters:
        raise ValidationError("Ce paramètre n'existe pas.", code="parameter_unknown")
    if any(v.effective_on == entry.effective_on for v in params[entry.key].values):
        raise ValidationError(
            "Le dépôt contient déjà une valeur à cette date : elle fait foi.", code="parameter_in_repository"
        )
    entry_value(entry, unit=params[entry.key].unit)
    save_as(actor, entry)
    answers = parameter_entry_recorded.send(sender=ParameterEntry, entry=entry, actor=actor)
    return entry, [job for _, job in answers if isinstance(job, Job)]

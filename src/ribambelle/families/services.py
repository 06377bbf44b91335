"""Writes of the families app: a new family with its first situation and child, its later edits, more
children; the applications for a place (demandes), their documents and their status.
Every save is audited (core.audit.save_as); a change of situation goes through care, which recomputes
the fees of the running contracts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ribambelle.core.audit import bulk_update_as, save_as
from ribambelle.families.enums import APPLICATION_MOVES, ApplicationStatus
from ribambelle.families.models import Application, ApplicationChoice, Child, Family, FamilySituation
from ribambelle.families.models.application import MAX_CHOICES
from ribambelle.territory.models import Authorisation, Facility, Organisation, Section


@transaction.atomic
def family_create(*, family: Family, situation: FamilySituation, child: Child, actor: Any) -> Family:
    """A family of the actor's organisation, numbered ``F-<year>-<n>`` unless it comes with its dossier number
    (a family migrated from another software keeps its own), with its first situation and child."""
    family.organisation_id = actor.organisation_id
    if family.sector is not None and family.sector.organisation_id != family.organisation_id:
        raise ValidationError("Ce secteur appartient à une autre organisation.", code="sector")
    if not family.reference:
        family.reference = _next_reference(family.organisation_id, timezone.localdate().year)
    family.full_clean()
    save_as(actor, family)
    situation.family = family
    situation.full_clean()
    save_as(actor, situation)
    child_add(family=family, child=child, actor=actor)
    return family


@transaction.atomic
def family_update(*, family: Family, actor: Any) -> Family:
    """Save the family's identity, address, CAF number, social-security scheme and FILOUE consent as edited
    (its situation changes through care, which recomputes the fees)."""
    if family.organisation_id != actor.organisation_id:
        raise ValidationError("Cette famille appartient à une autre organisation.", code="organisation")
    if family.sector is not None and family.sector.organisation_id != family.organisation_id:
        raise ValidationError("Ce secteur appartient à une autre organisation.", code="sector")
    family.full_clean()
    save_as(actor, family)
    return family


@transaction.atomic
def child_add(*, family: Family, child: Child, actor: Any) -> Child:
    child.family = family
    child.full_clean()
    save_as(actor, child)
    return child


def _next_reference(organisation_id: int, year: int) -> str:
    # Locking the organisation serialises two creations that would otherwise take the same number.
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()
    prefix = f"F-{year}-"
    taken = Family.objects.filter(organisation_id=organisation_id, reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    numbers = [int(reference.removeprefix(prefix)) for reference in taken if reference.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def application_create(
    *,
    child: Child,
    received_on: date,
    desired_start_on: date,
    week: list[dict[str, Any]],
    facilities: Sequence[Facility],
    documents: Sequence[str],
    accepts_separate_facilities: bool,
    actor: Any,
) -> Application:
    """An application for ``child``, its wished facilities ranked in the order given. Refused when the child
    already has an open application (a duplicate), when a facility is closed, belongs to another
    organisation or is asked twice, or when no section of a facility takes the child's age at the start."""
    family = child.family
    if family.organisation_id != actor.organisation_id:
        raise ValidationError("Cette famille appartient à une autre organisation.", code="organisation")
    earlier = Application.objects.open().filter(child=child).first()
    if earlier is not None:
        raise ValidationError(
            f"{child} a déjà une demande en cours (n° {earlier.pk}, reçue le {earlier.received_on:%d/%m/%Y}, "
            f"{earlier.get_status_display().lower()}) : complétez-la plutôt que d'en créer une autre.",
            code="duplicate",
        )
    if not 1 <= len(facilities) <= MAX_CHOICES:
        raise ValidationError(f"Indiquez de 1 à {MAX_CHOICES} établissements souhaités.", code="choices")
    if len({facility.pk for facility in facilities}) != len(facilities):
        raise ValidationError("Un établissement ne peut être demandé qu'une fois.", code="choices_twice")
    application = Application(
        family=family,
        child=child,
        received_on=received_on,
        desired_start_on=desired_start_on,
        week=sorted(week, key=lambda entry: entry["weekday"]),
        documents=sorted(set(documents)),
        accepts_separate_facilities=accepts_separate_facilities,
    )
    application.status = ApplicationStatus.RECEIVED if application.missing_documents else ApplicationStatus.COMPLETE
    application.full_clean()
    choices = [
        ApplicationChoice(rank=rank, facility=facility, section=_section_for(child, facility, desired_start_on))
        for rank, facility in enumerate(facilities, start=1)
    ]
    save_as(actor, application)
    for choice in choices:
        choice.application = application
        save_as(actor, choice)
    return application


@transaction.atomic
def application_documents_set(*, application: Application, documents: Sequence[str], actor: Any) -> Application:
    """Record the documents received; the application becomes complete when none required is missing (and
    goes back to received if one is withdrawn before the committee)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.documents = sorted(set(documents))
    complete = not application.missing_documents
    if complete and application.status == ApplicationStatus.RECEIVED:
        application.status = ApplicationStatus.COMPLETE
    elif not complete and application.status == ApplicationStatus.COMPLETE:
        application.status = ApplicationStatus.RECEIVED
    application.full_clean()
    save_as(actor, application)
    return application


@transaction.atomic
def application_move(*, application: Application, to: ApplicationStatus, actor: Any) -> Application:
    """Change the status along APPLICATION_MOVES (the committee, the offers and the family's answers use it);
    a complete application needs every required document."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to not in APPLICATION_MOVES[application.status]:
        raise ValidationError(
            f"Une demande « {application.get_status_display().lower()} » ne peut pas passer à "
            f"« {ApplicationStatus(to).label.lower()} ».",
            code="status",
        )
    if to == ApplicationStatus.COMPLETE and application.missing_documents:
        missing = ", ".join(document.label.lower() for document in application.missing_documents)
        raise ValidationError(f"Pièces manquantes : {missing}.", code="documents_missing")
    application.status = to
    save_as(actor, application)
    return application


@transaction.atomic
def applications_move(*, applications: Sequence[Application], to: ApplicationStatus, actor: Any) -> None:
    """``application_move`` for many applications at once (a committee moves thousands): every move is
    checked first, then written in a few statements, each with its history row."""
    rows = list(Application.objects.select_for_update().filter(pk__in=[a.pk for a in applications]))
    for application in rows:
        if to not in APPLICATION_MOVES[application.status]:
            raise ValidationError(
                f"La demande n° {application.pk} « {application.get_status_display().lower()} » ne peut pas passer "
                f"à « {ApplicationStatus(to).label.lower()} ».",
                code="status",
            )
        application.status = to
    bulk_update_as(actor, Application, rows, ["status"])


def _section_for(child: Child, facility: Facility, on: date) -> Section | None:
    """The facility's section for the child's age on ``on`` (from the expected birth for a child not born
    yet); without sections, the authorisation in force must take that age."""
    if facility.closed_on is not None or facility.organisation_id != child.family.organisation_id:
        raise ValidationError(f"{facility} ne reçoit pas de demandes.", code="facility")
    age = child.expected_age_in_months(on)
    if age is None:
        raise ValidationError(f"{child} ne sera pas né·e le {on:%d/%m/%Y} : reportez l'accueil souhaité.", code="age")
    sections = list(facility.sections.order_by("min_age_months"))
    if sections:
        for section in sections:
            if section.min_age_months <= age < section.max_age_months:
                return section
        raise ValidationError(
            f"Aucune section de {facility} n'accueille un enfant de {age} mois au {on:%d/%m/%Y}.", code="section"
        )
    authorisation = Authorisation.objects.in_force_on(on).filter(facility=facility).order_by("-valid_from").first()
    if authorisation is None or not authorisation.min_age_months <= age < authorisation.max_age_months:
        raise ValidationError(f"{facility} n'accueille pas un enfant de {age} mois au {on:%d/%m/%Y}.", code="age")
    return None

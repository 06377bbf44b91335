"""Writes of the families app: a new family with its first situation and child, then more children.
Every save is audited (core.audit.save_as); a change of situation goes through care, which recomputes
the fees of the running contracts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ribambelle.core.audit import save_as
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.territory.models import Organisation


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

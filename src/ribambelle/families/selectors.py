"""Reads of the families app, always through the scope: a family exists for a user only if she may read it.

- the coordinator and the administrator: every family of their organisation;
- a director: the families with a child under contract in one of her facilities, and those she
  created (the creation row of the audit history names her), so that she can draw up their first
  contract;
- an elected official or an HR officer: none.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ribambelle.accounts.enums import Role
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.territory.selectors import facilities_visible_to


def family_list(*, user: Any) -> QuerySet[Family]:
    if not user.is_authenticated or not user.is_active:
        return Family.objects.none()
    families = Family.objects.filter(organisation_id=user.organisation_id)
    if user.role in (Role.COORDINATOR, Role.ADMINISTRATOR):
        return families
    if user.role == Role.DIRECTOR:
        # The care app's contracts are reached by name: families sits below care and never imports it.
        under_contract = Child.objects.filter(contracts__facility__in=facilities_visible_to(user)).values("family_id")
        created = Family.history.filter(history_type="+", history_user_id=user.pk).values("id")
        return families.filter(Q(pk__in=under_contract) | Q(pk__in=created))
    return Family.objects.none()


def family_get(*, user: Any, pk: int) -> Family | None:
    """The family with its situations (newest first), children and their contracts, or None out of scope."""
    return (
        family_list(user=user)
        .select_related("sector", "organisation")
        .prefetch_related(
            Prefetch("situations", queryset=FamilySituation.objects.order_by("-valid_from")),
            Prefetch(
                "children",
                queryset=Child.objects.order_by("birth_on", "expected_birth_on", "first_name").prefetch_related(
                    "contracts__facility"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )

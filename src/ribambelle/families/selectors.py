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
from ribambelle.families.enums import WAITING_STATUSES
from ribambelle.families.models import Application, ApplicationChoice, Child, Family, FamilySituation
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


def application_list(*, user: Any) -> QuerySet[Application]:
    """The applications a user may read: the coordinator's and administrator's organisation's; for a
    director, those asking for one of her facilities; none for other roles."""
    if not user.is_authenticated or not user.is_active:
        return Application.objects.none()
    applications = Application.objects.filter(family__organisation_id=user.organisation_id)
    if user.role in (Role.COORDINATOR, Role.ADMINISTRATOR):
        return applications
    if user.role == Role.DIRECTOR:
        asked = ApplicationChoice.objects.filter(facility__in=facilities_visible_to(user)).values("application_id")
        return applications.filter(pk__in=asked)
    return Application.objects.none()


def application_get(*, user: Any, pk: int) -> Application | None:
    return (
        application_list(user=user)
        .select_related("family", "child")
        .prefetch_related(Prefetch("choices", queryset=ApplicationChoice.objects.select_related("facility", "section")))
        .filter(pk=pk)
        .first()
    )


def application_siblings(*, application: Application) -> QuerySet[Application]:
    """The family's other open applications (brothers and sisters applying too)."""
    return Application.objects.open().filter(family_id=application.family_id).exclude(pk=application.pk)


def probable_duplicates(*, application: Application) -> QuerySet[Child]:
    """Children of other families of the organisation with the same first name and (expected) birth date:
    perhaps the same child entered twice (by the other parent, or before a move)."""
    child = application.child
    same_birth = Q(birth_on=child.birth_on) if child.birth_on else Q(expected_birth_on=child.expected_birth_on)
    return (
        Child.objects.filter(family__organisation_id=application.family.organisation_id)
        .filter(same_birth, first_name__iexact=child.first_name)
        .exclude(family_id=application.family_id)
        .select_related("family")
    )


def waiting_list(*, user: Any, facility: Any, section: Any = None) -> QuerySet[ApplicationChoice]:
    """The wishes for ``facility`` (and ``section``) of the applications still waiting, oldest first (the
    committee's order comes from the criteria grid, in the allocation app)."""
    choices = ApplicationChoice.objects.filter(
        application__in=application_list(user=user).filter(status__in=WAITING_STATUSES), facility=facility
    )
    if section is not None:
        choices = choices.filter(section=section)
    return choices.select_related("application__child", "application__family", "section").order_by(
        "application__received_on", "application_id"
    )

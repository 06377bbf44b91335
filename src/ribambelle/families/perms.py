"""Who may do what with families (django-rules). Scoping (does the family exist for you?) is in
families.selectors.family_list: a family outside it is a 404 before any of these."""

from __future__ import annotations

from typing import Any

from rules import add_perm, predicate

from ribambelle.accounts.perms import is_administrator, is_coordinator, is_director
from ribambelle.families.selectors import application_list, family_list


@predicate
def family_in_scope(user: Any, family: Any) -> bool:
    if family is None:
        return False
    return bool(family_list(user=user).filter(pk=family.pk).exists())


@predicate
def application_in_scope(user: Any, application: Any) -> bool:
    if application is None:
        return False
    return bool(application_list(user=user).filter(pk=application.pk).exists())


handles_families = is_coordinator | is_administrator | is_director
# The front desk (guichet unique) records and follows applications; a director reads those for her facility.
runs_front_desk = is_coordinator | is_administrator

add_perm("families.view_family", handles_families & family_in_scope)
add_perm("families.add_family", handles_families)
add_perm("families.change_family", handles_families & family_in_scope)
add_perm("families.view_applications", handles_families)
add_perm("families.view_application", handles_families & application_in_scope)
add_perm("families.add_application", runs_front_desk)
add_perm("families.change_application", runs_front_desk & application_in_scope)

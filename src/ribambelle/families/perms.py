"""Who may do what with families (django-rules). Scoping (does the family exist for you?) is in
families.selectors.family_list: a family outside it is a 404 before any of these."""

from __future__ import annotations

from typing import Any

from rules import add_perm, predicate

from ribambelle.accounts.perms import is_administrator, is_coordinator, is_director
from ribambelle.families.selectors import family_list


@predicate
def family_in_scope(user: Any, family: Any) -> bool:
    if family is None:
        return False
    return bool(family_list(user=user).filter(pk=family.pk).exists())


handles_families = is_coordinator | is_administrator | is_director

add_perm("families.view_family", handles_families & family_in_scope)
add_perm("families.add_family", handles_families)
add_perm("families.change_family", handles_families & family_in_scope)

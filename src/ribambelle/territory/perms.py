"""Who may do what in the registry (django-rules). Scoping (does the row exist for you?) is in selectors."""

from __future__ import annotations

from typing import Any

from rules import add_perm, predicate

from ribambelle.accounts.perms import is_administrator, is_coordinator, is_director, is_elected, is_hr


@predicate
def directs_facility(user: Any, facility: Any) -> bool:
    if facility is None:
        return False
    return bool(facility.directors.filter(pk=user.pk).exists())


steers_registry = is_coordinator | is_administrator

add_perm("territory.view_facility", steers_registry | is_elected | is_hr | (is_director & directs_facility))
add_perm("territory.add_facility", steers_registry)
add_perm("territory.change_facility", steers_registry)
add_perm("territory.view_facility_history", steers_registry | (is_director & directs_facility))
add_perm("territory.check_registry", steers_registry)
add_perm("territory.view_parameters", is_coordinator | is_administrator | is_director | is_elected | is_hr)
add_perm("territory.add_parameter_entry", is_administrator)
add_perm("territory.set_rule_choice", steers_registry)

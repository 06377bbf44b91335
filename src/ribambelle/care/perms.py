"""Who may do what with contracts, attendance and statements (django-rules). Scoping is in
territory.selectors.facilities_visible_to: a facility outside it is a 404 before any of these."""

from __future__ import annotations

from typing import Any

from rules import add_perm, predicate

from ribambelle.accounts.perms import is_administrator, is_coordinator, is_director
from ribambelle.care.selectors import facility_for_care
from ribambelle.territory.perms import directs_facility


@predicate
def sees_a_facility(user: Any) -> bool:
    """Object-free (navigation entries): the user sees the children of at least one facility. Cached on the
    user object, like Django's own permission cache, so that every entry of a page costs one query."""
    if not hasattr(user, "_sees_a_care_facility"):
        user._sees_a_care_facility = facility_for_care(user=user).exists()
    return bool(user._sees_a_care_facility)


runs_facility = is_coordinator | is_administrator | (is_director & directs_facility)

add_perm("care.view_care", runs_facility)
add_perm("care.view_care_facilities", sees_a_facility)
add_perm("care.record_attendance", runs_facility)
add_perm("care.change_contract", runs_facility)
add_perm("care.view_statements", runs_facility)
add_perm("care.import_care_data", is_coordinator | is_administrator)

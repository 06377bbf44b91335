"""Who may read the activity cockpit (django-rules). What each one reads is scoped by
territory.selectors.facilities_aggregated_for: a director her facilities, the others the organisation's;
the pages show figures, never a person's name, so elected officials read them as they are."""

from __future__ import annotations

from rules import add_perm

from ribambelle.accounts.perms import is_administrator, is_coordinator, is_director, is_elected

add_perm("steering.view_activity", is_coordinator | is_administrator | is_director | is_elected)
# Recomputing the billed hours of the organisation's stale months (every facility's monthly statements).
add_perm("steering.refresh_billing", is_coordinator | is_administrator)

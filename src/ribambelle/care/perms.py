"""Who may do what with contracts, attendance and statements (django-rules). Scoping is in
territory.selectors.facilities_visible_to: a facility outside it is a 404 before any of these."""

from __future__ import annotations

from rules import add_perm

from ribambelle.accounts.perms import is_administrator, is_coordinator, is_director
from ribambelle.territory.perms import directs_facility

runs_facility = is_coordinator | is_administrator | (is_director & directs_facility)

add_perm("care.view_care", runs_facility)
add_perm("care.record_attendance", runs_facility)
add_perm("care.change_contract", runs_facility)
add_perm("care.view_statements", runs_facility)
add_perm("care.import_care_data", is_coordinator | is_administrator)

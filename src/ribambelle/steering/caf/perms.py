"""Who may download the CAF reports (django-rules). The activity file has no person's name: the elected
officials may read it; FILOUE carries the families' identifiers: the people who run the facility only."""

from __future__ import annotations

from rules import add_perm

from ribambelle.accounts.perms import is_administrator, is_coordinator, is_director, is_elected
from ribambelle.territory.perms import directs_facility

runs_facility = is_coordinator | is_administrator | (is_director & directs_facility)

add_perm("steering.view_caf_reports", is_coordinator | is_administrator | is_director | is_elected)
add_perm("steering.export_caf_activity", runs_facility | is_elected)
add_perm("steering.export_filoue", runs_facility)

"""Who may do what with the criteria grids, the answers and the waiting lists (django-rules)."""

from __future__ import annotations

from rules import add_perm

from ribambelle.accounts.perms import is_administrator, is_coordinator, is_director, is_elected
from ribambelle.families.perms import application_in_scope

runs_allocation = is_coordinator | is_administrator

# A published grid is public (families read it): every role but HR reads the grids; drafts are the
# coordinator's (the pages hide them from the others).
add_perm("allocation.view_grids", runs_allocation | is_director | is_elected)
add_perm("allocation.change_grid", runs_allocation)
add_perm("allocation.answer_criteria", runs_allocation & application_in_scope)
add_perm("allocation.view_waiting_list", runs_allocation | is_director)
add_perm("allocation.run_committee", runs_allocation)
# Figures without names: the elected officials read them too.
add_perm("allocation.view_figures", runs_allocation | is_elected)

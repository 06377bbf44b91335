"""Role predicates (django-rules); apps combine them into their permissions."""

from __future__ import annotations

from typing import Any

from rules import predicate

from ribambelle.accounts.enums import Role


def _has_role(role: Role) -> Any:
    @predicate(f"is_{role.value}")
    def check(user: Any) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role == role)

    return check


is_coordinator = _has_role(Role.COORDINATOR)
is_director = _has_role(Role.DIRECTOR)
is_elected = _has_role(Role.ELECTED)
is_hr = _has_role(Role.HR)
is_administrator = _has_role(Role.ADMINISTRATOR)

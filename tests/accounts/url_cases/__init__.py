"""Expected answers of every URL for every role, one module per area (a ``CASES`` mapping each).

Shared vocabulary: the roles, ``Case``, and helpers for the usual answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.cast import Cast

ANON, COORD, DIRECTOR, ELECTED, HR, ADMIN = "anonymous", "coordinator", "director", "elected", "hr", "administrator"
ROLES = [ANON, COORD, DIRECTOR, ELECTED, HR, ADMIN]


@dataclass(frozen=True)
class Case:
    """One request: which URL with which arguments, and the answer expected for each role."""

    label: str
    kwargs: Callable[[Cast], dict[str, Any]]
    expect: dict[str, int]
    method: str = "get"


def everyone(status: int, **overrides: int) -> dict[str, int]:
    return {ANON: 302, COORD: status, DIRECTOR: status, ELECTED: status, HR: status, ADMIN: status} | overrides


STEERING_ONLY = everyone(403, **{COORD: 200, ADMIN: 200})


def no_args(cast: Cast) -> dict[str, Any]:
    return {}


def own_facility(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.lucioles.pk}


def other_facility(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.coccinelles.pk}

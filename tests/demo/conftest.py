from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

ON = date(2026, 11, 29)
# Attendance is the slow part of a seed: the fixtures of the territory's tests skip it.
WITHOUT_ATTENDANCE = ("--attendance-months", "0")


def seed(*arguments: str) -> str:
    """Run `ribambelle seed` dated ``ON`` and return what it printed."""
    out = StringIO()
    call_command("seed", "--on", ON.isoformat(), *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture
def town(db: None) -> str:
    """The demo town with its families and contracts, without attendance, in the test's own database."""
    return seed(*WITHOUT_ATTENDANCE)


def _shared(*arguments: str) -> Any:
    """A fixture seeding once for a whole module, rolled back after it: every test of a module that uses it
    must only read, and the module must hold no test that needs an empty database."""

    @pytest.fixture(scope="module")
    def shared(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
        with django_db_blocker.unblock(), transaction.atomic():
            yield seed(*arguments)
            transaction.set_rollback(True)

    return shared


# The demo town without attendance, the 2,000-place city without attendance, the demo town with its year of
# attendance.
town_shared = _shared(*WITHOUT_ATTENDANCE)
city = _shared("--places", "2000", "--seed", "7", *WITHOUT_ATTENDANCE)
town_year = _shared()

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

ON = date(2026, 11, 29)


def seed(*arguments: str) -> str:
    """Run `ribambelle seed` dated ``ON`` and return what it printed."""
    out = StringIO()
    call_command("seed", "--on", ON.isoformat(), *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture
def town(db: None) -> str:
    return seed()


@pytest.fixture
def city(db: None) -> str:
    return seed("--places", "2000", "--seed", "7")

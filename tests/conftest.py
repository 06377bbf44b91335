from __future__ import annotations

from typing import Any

import pytest

from tests.cast import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _cheap_password_hashing(settings: Any) -> None:
    """Argon2 is the production hasher (tests/accounts/test_security.py checks it); hashing the
    cast's passwords with it in every test would cost seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

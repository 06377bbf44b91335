"""Typed readers of environment variables; a missing or malformed value names the variable."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


def _raw(name: str, default: object) -> str | object:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_str(name: str, default: str | object = _MISSING) -> str:
    value = _raw(name, default)
    return str(value)


def env_file(name: str) -> Path | None:
    """An optional path to an existing file (None when the variable is unset or empty)."""
    value = os.environ.get(name)
    if not value:
        return None
    path = Path(value).expanduser().resolve()
    if not path.is_file():
        raise ImproperlyConfigured(f"{name} must name an existing file, not {value!r}.")
    return path


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name, default)
    if isinstance(value, bool):
        return value
    if value not in ("true", "false"):
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}.")
    return value == "true"


def env_int(name: str, default: int) -> int:
    value = _raw(name, default)
    try:
        return int(str(value))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name, default)
    if isinstance(value, list):
        return value
    return [item.strip() for item in str(value).split(",") if item.strip()]


def env_secret(name: str, default: str | object = _MISSING) -> str:
    """Read NAME, or the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {exc}.") from None
    return env_str(name, default)


def env_database(name: str, data_dir: Path) -> dict[str, Any]:
    """No value: SQLite in data_dir; sqlite:///path: that file; postgres://: PostgreSQL."""
    url = os.environ.get(name, "")
    if not url:
        return _sqlite(data_dir / "ribambelle.sqlite3")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return _sqlite(Path(unquote(parts.path)))
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"{name} must start with sqlite:// or postgres://, not {parts.scheme!r}.")


def _sqlite(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # A file, not shared-cache memory, so that a Celery worker thread or the live server of the
        # browser tests can write while the test thread reads (busy timeout instead of table locks).
        "TEST": {"NAME": path.with_name(f"{path.stem}-test.sqlite3")},
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }

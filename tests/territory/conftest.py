from __future__ import annotations

import pytest

from tests.territory.cli import run_cli


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite file for the command-line tests (commands read locally entered values)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli')}/cli.sqlite3"
    result = run_cli(url, "migrate", "-v0")
    assert result.returncode == 0, result.stderr
    return url

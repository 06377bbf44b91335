"""Running `ribambelle` as a real process, as a user would, against a migrated database of its own."""

from __future__ import annotations

import os
import subprocess
import sys


def run_cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ribambelle.cli", *args],
        env=os.environ | {"DEBUG": "true", "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )

"""Running a `ribambelle` command in-process, on the test database, as the console script would."""

from __future__ import annotations

from io import StringIO
from typing import Any


def run_command(command_class: Any, name: str, *argv: str) -> tuple[int, str, str]:
    """Run a command as the console script does (without the system checks, which pytest-django's template
    settings fail); returns (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    command = command_class(stdout=out, stderr=err)
    try:
        command.run_from_argv(["ribambelle", name, *argv, "--skip-checks"])
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()

"""The `ribambelle` console script: sets the settings module and hands over to Django."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ribambelle.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ribambelle", *sys.argv[1:]])


if __name__ == "__main__":
    main()

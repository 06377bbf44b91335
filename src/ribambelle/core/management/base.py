"""The base of every `ribambelle` command: one French error line and exit status 2, never a traceback."""

from __future__ import annotations

import json
import re
import sys
from argparse import ArgumentTypeError
from datetime import date
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError


def iso_date(text: str) -> date:
    """An argparse type: a date written AAAA-MM-JJ, with a French message otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, pas « {text} »") from None


# argparse speaks English; its usual messages, in French.
_ARGPARSE_FRENCH = (
    (re.compile(r"the following arguments are required: (.+)"), r"arguments obligatoires manquants : \1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"arguments inconnus : \1"),
    (
        re.compile(r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.+)\)"),
        r"argument \1 : valeur « \2 » non permise (valeurs possibles : \3)",
    ),
    (re.compile(r"argument (\S+): invalid (\w+) value: '?([^']*)'?"), r"argument \1 : valeur invalide « \3 »"),
    (re.compile(r"argument (\S+): expected one argument"), r"argument \1 : une valeur est attendue"),
)


def _in_french(message: str) -> str:
    for pattern, french in _ARGPARSE_FRENCH:
        message = pattern.sub(french, message)
    return message


class _OneLineParser(CommandParser):
    def error(self, message: str) -> NoReturn:
        raise CommandError(f"argument invalide : {_in_french(message)}", returncode=2)


class RibambelleCommand(BaseCommand):
    """Subclasses implement ``run(**options)``; bad input raises CommandError or ValidationError."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _OneLineParser
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        self._called_from_command_line = True
        name = argv[1] if len(argv) > 1 else "ribambelle"
        try:
            parser = self.create_parser(argv[0], name)
            options = parser.parse_args(argv[2:])
            cmd_options = vars(options)
            args = cmd_options.pop("args", ())
            self.execute(*args, **cmd_options)
        except CommandError as exc:
            if "--traceback" in argv:
                raise
            self.stderr.write(f"ribambelle {name}: erreur : {exc}")
            sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.run(**options)
        except ValidationError as exc:
            raise CommandError(" ; ".join(exc.messages), returncode=2) from exc
        except (ValueError, LookupError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except DatabaseError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CommandError(
                f"base de données indisponible ou non migrée (ribambelle migrate) : {message}", returncode=2
            ) from exc

    def run(self, **options: Any) -> None:
        raise NotImplementedError

    def acting_user(self, username: str) -> Any:
        """The active user named by ``--as``: the one whose scope applies and whose name the audit keeps."""
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"utilisateur « {username} » inconnu ou inactif.", returncode=2)
        return user

    def write_json(self, data: object) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))

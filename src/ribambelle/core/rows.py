"""Writing plain rows into a table in bulk, past the model layer (no model instance, signal nor history
row): COPY on PostgreSQL (psycopg 3), one executemany per batch elsewhere. The seed (demo.bulk) and the
attendance import (care.importing.writing) write through it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

Row = tuple[Any, ...]


def table_columns(model: type[models.Model], fields: Sequence[str]) -> tuple[str, list[str]]:
    """``model``'s table and the columns of its ``fields`` (field names)."""
    return model._meta.db_table, [model._meta.get_field(name).column for name in fields]


def _target(table: str, columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return f"{quote(table)} ({', '.join(quote(column) for column in columns)})"


@contextmanager
def rows_writer(table: str, columns: Sequence[str]) -> Iterator[Callable[[Sequence[Row]], None]]:
    """A writer of batches of value tuples into ``table``: one COPY for the whole block on PostgreSQL (the
    server inserts a batch while the next one is made; nothing else may use the connection meanwhile), one
    executemany per batch elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_target(table, columns)} FROM STDIN") as copy:

                def copy_rows(rows: Sequence[Row]) -> None:
                    for row in rows:
                        copy.write_row(row)

                yield copy_rows
            return
        statement = f"INSERT INTO {_target(table, columns)} VALUES ({', '.join(['%s'] * len(columns))})"

        def insert_rows(rows: Sequence[Row]) -> None:
            if rows:
                cursor.executemany(statement, rows)

        yield insert_rows


def copy_text(table: str, columns: Sequence[str], text: str) -> None:
    """PostgreSQL only: one COPY of ``text`` in COPY's text format (tab-separated lines, ``\\N`` for NULL),
    for a caller that formats its rows faster than psycopg adapts them one by one."""
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {_target(table, columns)} FROM STDIN") as copy:
        copy.write(text)

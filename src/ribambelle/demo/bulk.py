"""Writing the seed's rows fast, inside its transaction.

``create_with_history`` writes exactly the rows bulk_create_with_history would (the objects, then one "+"
history row each, dated now, with the seed's change reason and no user), with their primary keys taken
beforehand (from the sequence on PostgreSQL, after the table's highest on SQLite) and the values written
straight: COPY on PostgreSQL, one executemany elsewhere. Django's bulk insert spends most of a large seed
preparing parameters (on PostgreSQL its UNNEST arrays escape every quote of the JSON fields one regular
expression match at a time).

Plain rows go through ``core.rows`` (tuples of integers, booleans, dates and times as ISO text, without
model instances nor history rows). On PostgreSQL, ``bulk_load`` sets the tables' foreign keys, unique constraints and
secondary indexes aside during the load and rebuilds them after it, exactly as they were (the way pg_restore
loads data): checking three foreign keys row by row at commit and updating five indexes for each of seven
million rows would take minutes, while rebuilding them takes seconds. The rebuild validates every foreign key,
and a failure rolls the whole seed back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import attrgetter
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from ribambelle.core.rows import Row, rows_writer

M = TypeVar("M", bound=models.Model)

_CONSTRAINTS = """
    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY conname
"""
_INDEXES = """
    SELECT index_class.relname, pg_get_indexdef(ix.indexrelid) FROM pg_index ix
    JOIN pg_class index_class ON index_class.oid = ix.indexrelid
    WHERE ix.indrelid = %s::regclass AND NOT ix.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
    ORDER BY index_class.relname
"""
# Memory for rebuilding the indexes, for this transaction only (the server default is 64 MB).
_MAINTENANCE_WORK_MEM = "256MB"
_AUTO_FIELDS = ("AutoField", "BigAutoField", "SmallAutoField")
_NEXT_IDS = "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"


def _copies() -> bool:
    return connection.vendor == "postgresql"


def create_with_history(model: type[M], objs: list[M], *, history: bool, change_reason: str) -> list[M]:
    """Give ``objs`` their primary keys, write them, then their history rows unless ``history`` is false."""
    meta = model._meta
    if not objs or meta.pk is None or meta.pk.get_internal_type() not in _AUTO_FIELDS:
        raise ValueError(f"{meta.label} : écriture impossible (clé primaire non automatique ou aucune ligne).")
    for obj, pk in zip(objs, _next_ids(meta.db_table, meta.pk.column, len(objs)), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    fields = meta.local_concrete_fields
    getters = [_getter(field) for field in fields]
    rows = [tuple(get(obj) for get in getters) for obj in objs]
    with rows_writer(meta.db_table, [field.column for field in fields]) as write:
        write(rows)
    if history:
        _write_history(model, [field.attname for field in fields], rows, change_reason)
    return objs


def _next_ids(table: str, column: str, count: int) -> list[int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if _copies():
            cursor.execute(_NEXT_IDS, [table, column, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        first = max(highest, cursor.fetchone()[0]) + 1
    return list(range(first, first + count))


def _write_history(model: type[models.Model], attnames: list[str], rows: list[Row], change_reason: str) -> None:
    """One "+" row per written row: the tracked values as just written, then the history's own columns."""
    historical = get_history_manager_for_model(model).model
    tracked = {field.attname for field in historical.tracked_fields}
    own = {"history_date": timezone.now(), "history_change_reason": change_reason, "history_type": "+"}
    own["history_user_id"] = None
    database = connections[DEFAULT_DB_ALIAS]
    copied, columns, constants = [], [], []
    for field in historical._meta.local_concrete_fields:
        if field.attname in tracked and field.attname in attnames:
            copied.append((field.column, attnames.index(field.attname)))
        elif field.attname in own:
            columns.append(field.column)
            constants.append(field.get_db_prep_save(own[field.attname], database))
        elif field.attname != "history_id":
            raise ValueError(f"{historical._meta.label} : champ d'historique inattendu {field.attname}.")
    positions, extra = [position for _, position in copied], tuple(constants)
    history_rows = [tuple([row[position] for position in positions]) + extra for row in rows]
    with rows_writer(historical._meta.db_table, [column for column, _ in copied] + columns) as write:
        write(history_rows)


def _getter(field: models.Field[Any, Any]) -> Callable[[models.Model], Any]:
    """How to read ``field``'s value: as Django prepares it for the database; on PostgreSQL the attribute
    itself, which psycopg adapts, or for JSON its text, except where Django computes it on save (auto_now)."""
    database = connections[DEFAULT_DB_ALIAS]
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) or not _copies():
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), database)
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda obj: json.dumps(getattr(obj, field.attname), cls=encoder)
    return attrgetter(field.attname)


@contextmanager
def bulk_load(*tables: type[models.Model]) -> Iterator[None]:
    """On PostgreSQL, load ``tables`` without their foreign keys, unique constraints and secondary indexes,
    then rebuild them; elsewhere, nothing changes."""
    if not _copies():
        yield
        return
    quote = connection.ops.quote_name
    rebuild: list[str] = []
    # Run the deferred checks of the rows written so far: a table with pending checks cannot be altered.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for model in tables:
            table = quote(model._meta.db_table)
            cursor.execute(_CONSTRAINTS, [model._meta.db_table])
            for name, definition in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                rebuild.append(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
            cursor.execute(_INDEXES, [model._meta.db_table])
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {quote(name)}")
                rebuild.insert(0, definition)
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{_MAINTENANCE_WORK_MEM}'")
        for statement in rebuild:
            cursor.execute(statement)

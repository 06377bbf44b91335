"""Time `ribambelle seed` on PostgreSQL: the demo town, then the benchmark city of 30,000 places.

Each case gets a fresh database (dropped and created), is migrated, then seeded by the real command line;
only the seed is timed. Prints one JSON object. Run with `make bench` or `uv run python benchmarks/seed_city.py`.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = os.environ.get("RIBAMBELLE_BENCH_DATABASE", "ribambelle_bench")
ON = "2026-11-29"
CITY = ["seed", "--places", "30000", "--seed", "1", "--on", ON]
CASES = {
    "ville de démonstration": ["seed", "--seed", "1", "--on", ON],
    "30 000 places, sans pointage": [*CITY, "--attendance-months", "0"],
    "30 000 places, un an de pointage": CITY,
}
RIBAMBELLE = str(Path(sys.executable).with_name("ribambelle"))

_PLACES_IN_FORCE = """
    SELECT count(*), coalesce(sum(capacity), 0) FROM (
        SELECT DISTINCT ON (facility_id) capacity FROM territory_authorisation
        ORDER BY facility_id, valid_from DESC
    ) AS latest
"""
_SEEDED_TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND (
        table_name LIKE 'territory\\_%' OR table_name LIKE 'accounts\\_%'
        OR table_name LIKE 'families\\_%' OR table_name LIKE 'care\\_%' OR table_name LIKE 'allocation\\_%'
    )
    ORDER BY table_name
"""


def _recreate_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def _drop_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))


def _figures() -> dict[str, object]:
    with psycopg.connect(f"{SERVER}/{DATABASE}") as conn:
        facilities, places = conn.execute(_PLACES_IN_FORCE).fetchone() or (0, 0)
        tables = [name for (name,) in conn.execute(_SEEDED_TABLES).fetchall()]
        by_table: dict[str, int] = {}
        for table in tables:
            (count,) = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone() or (0,)
            if count:
                by_table[table] = count
    return {"facilities": facilities, "places": int(places), "rows": sum(by_table.values()), "by_table": by_table}


def _run(name: str, arguments: list[str], env: dict[str, str]) -> dict[str, object]:
    _recreate_database()
    subprocess.run([RIBAMBELLE, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([RIBAMBELLE, *arguments], env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return {"case": name, "command": " ".join(["ribambelle", *arguments]), "seconds": round(seconds, 2), **_figures()}


def main() -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "DEBUG": "false",
        # A throwaway key for this run only: the settings require one when DEBUG is off.
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    try:
        results = [_run(name, arguments, env) for name, arguments in CASES.items()]
    finally:
        _drop_database()
    with psycopg.connect(f"{SERVER}/postgres") as conn:
        server = conn.execute("SHOW server_version").fetchone()
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "postgresql": server[0] if server else ""}
    print(json.dumps({"machine": machine, "seed": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

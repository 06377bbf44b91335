"""Time the attendance import and export on PostgreSQL: a 1,000,000-row CSV, checked (dry run), imported
(wet run), imported again under another name (every row already recorded), then exported to CSV and to
Parquet. Last, the floor of the writes: COPY of 200,000 rows into scratch copies of `care_attendance` with
its primary key only, with its indexes, and with its indexes and its three deferred foreign keys.

Creates its own database (`h_imports_bench`, dropped at the end), migrates it, then writes in bulk an
organisation, 100 facilities, 4,000 children with a regular contract each, and a year of their weekdays
(about 5 % absences). The import runs in this process through the service the job runner and
`ribambelle import` call. Prints one JSON object. Run with `uv run python benchmarks/attendance_import.py`.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

from scratch import SERVER, scratch_database, town
from scratch import families as scratch_families

DATABASE = "h_imports_bench"
FACILITIES = 100
CHILDREN = 4_000
ROWS = 1_000_000
FIRST_DAY = date(2025, 1, 6)  # a Monday
ABSENCE_SHARE = 0.05
REASONS = ("MAL", "MAL-CM", "CONGES", "HOSP")


def _timed(action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, round(time.perf_counter() - started, 2)


def main() -> None:
    with scratch_database(DATABASE):
        print(json.dumps(_measure(), ensure_ascii=False, indent=2))


def _world() -> tuple[Any, list[tuple[int, str]]]:
    """The organisation, its coordinator, the facilities and the children with their contracts; returns the
    coordinator and, per child, (id, facility name)."""
    from ribambelle.care.enums import ContractKind, ContractStatus, VersionReason
    from ribambelle.care.models import Contract, ContractVersion
    from ribambelle.families.models import Child

    coordinator, facilities = town(facilities=FACILITIES, population=45000)
    organisation = coordinator.organisation
    families = scratch_families(organisation, CHILDREN)
    children = Child.objects.bulk_create(
        Child(family=family, first_name="Enfant", last_name=family.parent_last_name, birth_on=date(2024, 3, 1))
        for family in families
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            child=child,
            facility=facilities[index % FACILITIES],
            kind=ContractKind.REGULAR,
            status=ContractStatus.SIGNED,
            starts_on=FIRST_DAY,
            ends_on=date(2026, 7, 31),
        )
        for index, child in enumerate(children)
    )
    ContractVersion.objects.bulk_create(
        ContractVersion(
            contract=contract,
            valid_from=FIRST_DAY,
            reason=VersionReason.INITIAL,
            schedule=[{"weekday": day, "start": 510, "end": 1050} for day in range(5)],
            attendance_weeks=45,
            monthly_resources=Decimal("3200.00"),
            dependent_children=2,
            hourly_fee=Decimal("1.50"),
        )
        for contract in contracts
    )
    names = {facility.pk: facility.name for facility in facilities}
    return coordinator, [(contract.child_id, names[contract.facility_id]) for contract in contracts]


def _write_csv(path: Path, children: list[tuple[int, str]]) -> tuple[date, date]:
    """One row a child and weekday until ROWS rows; some absences, some late pickups."""
    rng = random.Random(1)
    rows, day, last = 0, FIRST_DAY, FIRST_DAY
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("N° enfant;Structure;Date;Arrivée;Départ;Motif\r\n")
        while rows < ROWS:
            if day.weekday() < 5:
                shown = f"{day:%d/%m/%Y}"
                batch = children[: ROWS - rows]
                for child, facility in batch:
                    if rng.random() < ABSENCE_SHARE:
                        out.write(f"{child};{facility};{shown};;;{rng.choice(REASONS)}\r\n")
                    else:
                        arrival, departure = 480 + rng.randrange(0, 60, 5), 990 + rng.randrange(0, 90, 5)
                        out.write(
                            f"{child};{facility};{shown};{arrival // 60:02d}:{arrival % 60:02d};"
                            f"{departure // 60:02d}:{departure % 60:02d};\r\n"
                        )
                rows, last = rows + len(batch), day
            day += timedelta(days=1)
    return FIRST_DAY, last


def _measure() -> dict[str, object]:
    import django

    django.setup()
    from django.db import connection, transaction

    from ribambelle.care import exports, services
    from ribambelle.care.models import Absence, Attendance, ImportMapping
    from ribambelle.territory.models import Facility

    (coordinator, children), world_s = _timed(_world)
    mapping = services.import_mapping_save(
        mapping=ImportMapping(
            source="Logiciel Petits Pas",
            columns={
                "N° enfant": "child_id",
                "Structure": "facility_name",
                "Date": "on",
                "Arrivée": "arrived_at",
                "Départ": "left_at",
                "Motif": "absence_reason",
            },
            labels={
                "MAL": "illness_without_certificate",
                "MAL-CM": "illness_with_certificate",
                "CONGES": "family_leave",
                "HOSP": "hospitalisation",
            },
            date_format="dd/mm/yyyy",
            time_format="hh:mm",
        ),
        actor=coordinator,
    )
    results: dict[str, object] = {"world_seconds": world_s}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pointages.csv"
        (first_on, last_on), results["csv_write_seconds"] = _timed(lambda: _write_csv(path, children))
        content = path.read_bytes()
        results["csv_megabytes"] = round(len(content) / 1e6, 1)

        def run(commit: bool, data: bytes = content, name: str = "pointages.csv") -> dict[str, object]:
            """Import through the service; an outer transaction holds the service's commit back so that the
            commit, where PostgreSQL checks the deferred foreign keys, is timed on its own."""
            started = time.perf_counter()
            with transaction.atomic():
                report = services.attendance_import(
                    content=data, file_name=name, mapping=mapping, actor=coordinator, commit=commit
                )
                written = time.perf_counter()
            assert report.ok, report.errors[:5]
            return {
                "seconds": round(time.perf_counter() - started, 2),
                "commit_seconds": round(time.perf_counter() - written, 2),
                "rows": report.rows,
                "presences": report.presences,
                "absences": report.absences,
                "unchanged": report.unchanged,
                "committed": report.committed,
            }

        results["dry_run"] = run(commit=False)
        results["wet_run"] = run(commit=True)
        results["rows_in_database"] = Attendance.objects.count() + Absence.objects.count()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE care_attendance; ANALYZE care_absence")
        # The same rows under another name and separator: every row is found already recorded.
        results["same_rows_again"] = run(commit=True, data=content.replace(b";", b","), name="copie.csv")
        for export_format in exports.FORMATS:
            target = Path(folder) / f"export.{export_format}"

            def export(fmt: str = export_format, out: Path = target) -> int:
                rows = exports.attendance_rows(facilities=Facility.objects.all(), start_on=first_on, end_on=last_on)
                with out.open("wb") as sink:
                    return exports.write_export(rows, fmt, sink)

            count, seconds = _timed(export)
            results[f"export_{export_format}"] = {
                "seconds": seconds,
                "rows": count,
                "megabytes": round(target.stat().st_size / 1e6, 1),
            }
    results["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results["copy_floor_200k"] = _copy_floor()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "postgresql": server}
    return results


_BARE = (
    "CREATE TABLE scratch (LIKE care_attendance INCLUDING DEFAULTS INCLUDING IDENTITY)",
    "ALTER TABLE scratch ADD PRIMARY KEY (id)",
)
_INDEXED = ("CREATE TABLE scratch (LIKE care_attendance INCLUDING ALL)",)
_FOREIGN_KEYS = """
    SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'care_attendance'::regclass AND contype = 'f'
"""


def _copy_floor() -> dict[str, dict[str, float]]:
    """COPY 200,000 of the imported rows (in COPY's text format, as the import sends them) into scratch tables:
    what the database costs whatever the Python side does. The foreign keys are checked at commit (deferred)."""
    columns = '(child_id, facility_id, contract_id, "on", arrived_at, left_at, late_pickup, source)'
    floor: dict[str, dict[str, float]] = {}
    with psycopg.connect(f"{SERVER}/{DATABASE}") as conn:
        with conn.cursor().copy(
            f'COPY (SELECT {columns[1:-1]} FROM care_attendance ORDER BY child_id, "on" LIMIT 200000) TO STDOUT'
        ) as out:
            rows = b"".join(bytes(block) for block in out)
        foreign_keys = [definition for (definition,) in conn.execute(_FOREIGN_KEYS)]
        cases = {
            "primary key only": _BARE,
            "with its indexes": _INDEXED,
            "with its indexes and 3 foreign keys": _INDEXED,
        }
        for case, statements in cases.items():
            conn.execute("DROP TABLE IF EXISTS scratch")
            for statement in statements:
                conn.execute(statement)
            if "foreign keys" in case:
                for definition in foreign_keys:
                    conn.execute(f"ALTER TABLE scratch ADD {definition}")
            conn.commit()
            started = time.perf_counter()
            with conn.cursor().copy(f"COPY scratch {columns} FROM STDIN") as copy:
                copy.write(rows)
            copied = time.perf_counter()
            conn.commit()
            floor[case] = {
                "copy_seconds": round(copied - started, 2),
                "commit_seconds": round(time.perf_counter() - copied, 2),
            }
        conn.execute("DROP TABLE scratch")
        conn.commit()
    return floor


if __name__ == "__main__":
    main()

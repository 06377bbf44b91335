"""Time the contract import on PostgreSQL: the 35,000-row file of a big city migrating from another crèche
software, checked (dry run), imported (wet run), then the same rows again under another name (every contract
found already recorded).

Creates its own database (`h_contracts_bench`, dropped at the end), migrates it, then writes in bulk an
organisation, 350 facilities (Monday to Friday, 7:30 to 18:30, an authorisation for 2 to 48 months) and
the 3,500 families (with their situation and first child) that Ribambelle already knows. The file holds
35,000 contracts: two for each known family (its known child, and a new sibling to add to it), then 28,000
for some 16,800 families to create with one to three children each; 90 % regular contracts of three to
five days a week, the rest occasional or emergency. The import runs in this process through the service
the job runner and `ribambelle import` call; the queries are counted. Prints one JSON object. Run with
`uv run python benchmarks/contract_import.py`.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from scratch import families as scratch_families
from scratch import scratch_database, town

DATABASE = "h_contracts_bench"
FACILITIES = 350
KNOWN_FAMILIES = 3_500
ROWS = 35_000
STARTS = (date(2025, 9, 1), date(2026, 1, 5), date(2026, 9, 1))
DAYS = ("Lun", "Mar", "Mer", "Jeu", "Ven", "Sam")
HEADER = (
    "Dossier",
    "Prénom",
    "Nom",
    "Né le",
    "Responsable",
    "Prénom responsable",
    "Adresse",
    "CP",
    "Ville",
    "Structure",
    "Type",
    "Début",
    "Fin",
    "Semaines",
    *(f"{day} {edge}" for day in DAYS for edge in ("arrivée", "départ")),
    "Ressources",
    "Enfants à charge",
    "AEEH",
)
FIELDS = (
    "family_reference",
    "child_first_name",
    "child_last_name",
    "child_birth_on",
    "parent_last_name",
    "parent_first_name",
    "address",
    "postcode",
    "city",
    "facility_name",
    "kind",
    "starts_on",
    "ends_on",
    "attendance_weeks",
    *(
        f"{day}_{edge}"
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
        for edge in ("start", "end")
    ),
    "monthly_resources",
    "dependent_children",
    "aeeh_children",
)
FIRST_NAMES = ("Lina", "Noé", "Jade", "Léo", "Inès", "Gabriel", "Louise", "Adam", "Emma", "Malo")


def main() -> None:
    with scratch_database(DATABASE):
        print(json.dumps(_measure(), ensure_ascii=False, indent=2))


def _world() -> tuple[Any, list[str], list[tuple[str, str, date, int]]]:
    """The organisation, its coordinator, its facilities and the families it knows; returns the coordinator,
    the facility names and, per known family, (dossier number, child's first name, birth date, resources)."""
    from ribambelle.families.enums import ResourcesSource
    from ribambelle.families.models import Child, FamilySituation
    from ribambelle.territory.models import Authorisation, OpeningHours

    rng = random.Random(2)
    coordinator, facilities = town(facilities=FACILITIES, population=480_000)
    organisation = coordinator.organisation
    OpeningHours.objects.bulk_create(
        OpeningHours(facility=facility, weekday=day, opens_at="07:30", closes_at="18:30")
        for facility in facilities
        for day in range(5)
    )
    Authorisation.objects.bulk_create(
        Authorisation(
            facility=facility,
            decided_on=date(2024, 6, 3),
            valid_from=date(2024, 7, 1),
            expires_on=date(2039, 6, 30),
            capacity=110,
            min_age_months=2,
            max_age_months=48,
        )
        for facility in facilities
    )
    families = scratch_families(organisation, KNOWN_FAMILIES)
    resources = [rng.randrange(900, 6000) for _ in families]
    FamilySituation.objects.bulk_create(
        FamilySituation(
            family=family,
            valid_from=date(2025, 1, 1),
            monthly_resources=Decimal(amount),
            resources_source=ResourcesSource.CAF,
            dependent_children=2,
        )
        for family, amount in zip(families, resources, strict=True)
    )
    births = [date(2023, 3, 1) + timedelta(days=rng.randrange(900)) for _ in families]
    Child.objects.bulk_create(
        Child(family=family, first_name="Enfant", last_name=family.parent_last_name, birth_on=born)
        for family, born in zip(families, births, strict=True)
    )
    known = [
        (family.reference, "Enfant", born, amount)
        for family, born, amount in zip(families, births, resources, strict=True)
    ]
    return coordinator, [facility.name for facility in facilities], known


def _contract_cells(rng: random.Random, born: date) -> dict[str, str]:
    """A contract the rules accept for a child born on ``born``: after 3 months of age, before 48."""
    starts_on = next((start for start in STARTS if start >= born + timedelta(days=92)), STARTS[-1])
    ends_on = min(starts_on + timedelta(days=364), born + timedelta(days=47 * 30))
    spanned = -(-((ends_on - starts_on).days + 1) // 7)
    kind = rng.choices(("REG", "OCC", "URG"), weights=(90, 8, 2))[0]
    cells = {"kind": kind, "starts_on": f"{starts_on:%d/%m/%Y}", "ends_on": f"{ends_on:%d/%m/%Y}"}
    if kind != "OCC":
        cells["attendance_weeks"] = str(min(spanned, rng.choice((36, 40, 44, 45, 47))))
        arrival, departure = rng.choice(("07h45", "08h00", "08h30", "09h00")), rng.choice(("16h30", "17h30", "18h00"))
        for day in sorted(rng.sample(("monday", "tuesday", "wednesday", "thursday", "friday"), rng.randint(3, 5))):
            cells[f"{day}_start"], cells[f"{day}_end"] = arrival, departure
    return cells


def _rows(facilities: list[str], known: list[tuple[str, str, date, int]]) -> Iterator[dict[str, str]]:
    """ROWS contracts: two per known family (its child and a new sibling), then families to create with one
    to three children each."""
    rng = random.Random(1)
    written = 0
    number = 0

    def row(reference: str, first_name: str, born: date, resources: str, children: int) -> dict[str, str]:
        return {
            "family_reference": reference,
            "child_first_name": first_name,
            "child_last_name": "Dupont",
            "child_birth_on": f"{born:%d/%m/%Y}",
            "parent_last_name": "Dupont",
            "parent_first_name": "Camille",
            "address": f"{rng.randint(1, 200)} avenue de la République",
            "postcode": "69100",
            "city": "Villeurbanne",
            "facility_name": rng.choice(facilities),
            "monthly_resources": resources,
            "dependent_children": str(children),
            "aeeh_children": "0",
            **_contract_cells(rng, born),
        }

    for reference, first_name, born, resources in known:
        yield row(reference, first_name, born, f"{resources},00", 2)
        sibling = date(2024, 6, 1) + timedelta(days=rng.randrange(500))
        yield row(reference, "Cadet", sibling, f"{resources},00", 2)
        written += 2
    while written < ROWS:
        number += 1
        children = min(rng.choice((1, 1, 1, 2, 2, 3)), ROWS - written)
        euros = rng.randrange(900, 7000)
        resources = f"{euros // 1000} {euros % 1000:03d},{rng.randrange(100):02d}"  # « 2 345,67 »
        for index in range(children):
            born = date(2023, 3, 1) + timedelta(days=rng.randrange(1000))
            yield row(f"DOS-{number:06d}", FIRST_NAMES[index], born, resources, children)
        written += children


def _write_csv(path: Path, rows: Iterator[dict[str, str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(";".join(HEADER) + "\r\n")
        for row in rows:
            out.write(";".join(row.get(field, "") for field in FIELDS) + "\r\n")
            count += 1
    return count


@contextmanager
def _counted_queries() -> Iterator[list[int]]:
    from django.db import connection

    count = [0]

    def counter(execute: Callable[..., Any], *args: Any) -> Any:
        count[0] += 1
        return execute(*args)

    with connection.execute_wrapper(counter):
        yield count


def _measure() -> dict[str, object]:
    import django

    django.setup()
    from django.db import connection

    from ribambelle.care import services
    from ribambelle.care.models import Contract, ContractVersion, ImportMapping
    from ribambelle.families.models import Child, Family

    started = time.perf_counter()
    coordinator, facilities, known = _world()
    results: dict[str, object] = {"world_seconds": round(time.perf_counter() - started, 2)}
    mapping = services.import_mapping_save(
        mapping=ImportMapping(
            source="Logiciel Câlins",
            kind="contracts",
            columns=dict(zip(HEADER, FIELDS, strict=True)),
            labels={"REG": "regular", "OCC": "occasional", "URG": "emergency"},
            date_format="dd/mm/yyyy",
            time_format="hhhmm",
        ),
        actor=coordinator,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contrats.csv"
        results["rows"] = _write_csv(path, _rows(facilities, known))
        content = path.read_bytes()
        results["csv_megabytes"] = round(len(content) / 1e6, 1)

        def run(commit: bool, data: bytes = content, name: str = "contrats.csv") -> dict[str, object]:
            with _counted_queries() as queries:
                started = time.perf_counter()
                report = services.contract_import(
                    content=data, file_name=name, mapping=mapping, actor=coordinator, commit=commit
                )
                seconds = time.perf_counter() - started
            assert report.ok, report.errors[:5]
            return {
                "seconds": round(seconds, 2),
                "rows_per_second": round(report.rows / seconds),
                "queries_per_row": round(queries[0] / report.rows, 1),
                "contracts": report.contracts,
                "families": report.families,
                "children": report.children,
                "unchanged": report.unchanged,
                "committed": report.committed,
            }

        results["dry_run"] = run(commit=False)
        results["wet_run"] = run(commit=True)
        results["in_database"] = {
            "families": Family.objects.count(),
            "children": Child.objects.count(),
            "contracts": Contract.objects.count(),
            "versions": ContractVersion.objects.count(),
            "contract_history_rows": Contract.history.count(),
        }
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # The same rows under another name (a different line ending): every contract is found recorded.
        results["same_rows_again"] = run(commit=True, data=content.replace(b"\r\n", b"\n"), name="copie.csv")
    results["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    results["machine"] = {
        "cpus": os.cpu_count(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": server,
    }
    return results


if __name__ == "__main__":
    main()

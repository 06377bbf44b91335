"""Time the monthly statements of every facility of the 30,000-place city for one month (PostgreSQL).

Seeds the city into a fresh database (`ribambelle seed --places 30000`, with its contracts and twelve
months of attendance; see seed_city.py) and analyses it, as autovacuum would after such a load. Then, in
this process: every statement of October 2026 for every facility in one call
(`care.statements.facilities_month_statements`; wall clock and this process's CPU time), the CSV export of
all of them, and the median of the month table page of the largest facility through Django's test
client. Prints one JSON object. Run with `uv run python benchmarks/statements_month.py`.
"""

from __future__ import annotations

import os
from datetime import date
from time import perf_counter, process_time
from typing import Any

from scratch import median_seconds, on_seeded_city

DATABASE = "ribambelle_bench_statements"
MONTH = date(2026, 10, 1)
REPEATS = 5


def main() -> None:
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the month page goes through Django's test client
    on_seeded_city(DATABASE, _measure)


def _measure() -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from ribambelle.accounts.models import User
    from ribambelle.care.statement_files import csv_bytes
    from ribambelle.care.statements import facilities_month_statements, month_statements, statement_totals
    from ribambelle.territory.models import Facility

    facilities = list(Facility.objects.order_by("pk"))
    if not month_statements(facility=facilities[0], month=MONTH):  # also the warm-up: parameter files
        raise SystemExit("ribambelle seed made no contract: the statements have nothing to compute.")
    connection.force_debug_cursor = True
    reset_queries()
    started, cpu_started = perf_counter(), process_time()
    results = facilities_month_statements(facilities=facilities, month=MONTH)
    seconds, cpu_seconds = perf_counter() - started, process_time() - cpu_started
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    statements = [statement for result in results for statement in result.statements]
    started = perf_counter()
    csv = csv_bytes(statements)
    csv_seconds = perf_counter() - started
    totals = statement_totals(statements)
    largest = max(results, key=lambda result: len(result.statements)).facility
    client = Client()
    client.force_login(User.objects.get(username="coordinatrice"))
    page = reverse("care:statement_month", kwargs={"pk": largest.pk, "month": MONTH})
    return {
        "month": f"{MONTH:%Y-%m}",
        "facilities": len(facilities),
        "facilities_without_rounding_rule": sum(1 for result in results if result.missing_choice),
        "statements": len(statements),
        "statements_not_computed": totals.errors,
        "billed_hours": str(totals.billed_hours),
        "amount": str(totals.amount),
        "queries": queries,
        "every_statement_seconds": round(seconds, 2),
        # This process's CPU time (the database server's excluded): steadier than the wall clock when
        # other work shares the machine.
        "every_statement_cpu_seconds": round(cpu_seconds, 2),
        "csv_seconds": round(csv_seconds, 2),
        "csv_megabytes": round(len(csv) / 1e6, 1),
        "largest_facility_statements": len(month_statements(facility=largest, month=MONTH)),
        "largest_facility_page_ms": _ms(lambda: client.get(page)),
        "repeats": REPEATS,
    }


if __name__ == "__main__":
    main()


def _ms(action: Any) -> float:
    """Median milliseconds of a few runs after a warm-up (scratch.median_seconds)."""
    return round(median_seconds(action, REPEATS)[0] * 1000, 1)

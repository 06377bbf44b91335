"""Time the CAF reports on the 30,000-place city with a year of attendance (PostgreSQL).

Seeds the city into its own database (`ribambelle seed --places 30000`, twelve months of attendance up to
the day before 2026-11-29) and analyses it, computes the facts of January to October 2026 (the months over
on 29 November; timed, it is the indicators' work, not the report's), then, as on 29 November 2026:

- the activity data of 2026 for every facility and its XLSX file (`steering.caf.activity.facilities_activity`
  and `activity_xlsx.xlsx_bytes`: what the « Activité de tous les établissements » button and `ribambelle
  caf activity --year 2026` do), once (it costs twelve months of statements);
- the FILOUE file of 2026 of the facility with the most children (`steering.caf.filoue.filoue_file` and
  `csv_bytes`), median of three runs.

Prints one JSON object. Run with `uv run python benchmarks/caf.py`.
"""

from __future__ import annotations

import statistics
from datetime import date
from time import perf_counter
from typing import Any

from scratch import on_seeded_city

DATABASE = "ribambelle_bench_caf"
YEAR = 2026
TODAY = date(2026, 11, 29)
REPEATS = 3


def main() -> None:
    on_seeded_city(DATABASE, _measure)


def _measure() -> dict[str, Any]:
    import django

    django.setup()
    from django.db.models import Count

    from ribambelle.care.models import Attendance
    from ribambelle.steering import services
    from ribambelle.steering.caf import activity, activity_xlsx, filoue
    from ribambelle.territory.models import Facility

    started = perf_counter()
    services.facts_refresh(start_on=date(YEAR, 1, 1), end_on=date(YEAR, 10, 31))
    facts_seconds = perf_counter() - started

    facilities = list(Facility.objects.select_related("organisation").order_by("name"))
    started = perf_counter()
    found = activity.facilities_activity(facilities=facilities, year=YEAR, today=TODAY)
    computed_seconds = perf_counter() - started
    content = activity_xlsx.xlsx_bytes(found, year=YEAR, elapsed=10)
    activity_seconds = perf_counter() - started

    busiest = (
        Attendance.objects.filter(on__year=YEAR)
        .values("facility_id")
        .annotate(children=Count("child_id", distinct=True))
        .order_by("-children")
        .first()
    )
    assert busiest is not None
    facility = Facility.objects.select_related("organisation").get(pk=busiest["facility_id"])
    mapping = filoue.load_mapping()
    samples, rows = [], None
    for _ in range(REPEATS):
        started = perf_counter()
        rows = filoue.filoue_file(facility=facility, year=YEAR, today=TODAY)
        csv_content = filoue.csv_bytes(rows, mapping)
        samples.append(perf_counter() - started)
    assert rows is not None
    return {
        "facilities": len(facilities),
        "facts_jan_oct_seconds": round(facts_seconds, 1),
        "activity_all_facilities_seconds": round(activity_seconds, 1),
        "activity_computation_seconds": round(computed_seconds, 1),
        "activity_xlsx_bytes": len(content),
        "filoue_facility_children": busiest["children"],
        "filoue_rows": len(rows.rows),
        "filoue_without_consent": rows.without_consent,
        "filoue_seconds_median": round(statistics.median(samples), 2),
        "filoue_csv_bytes": len(csv_content),
    }


if __name__ == "__main__":
    main()

"""Profile, step by step, one new day of the whole city's attendance reflected in the facts (PostgreSQL).

What `benchmarks/indicators.py` times as « a new day of every facility »: each of the new days after the
seeded year gets a copy of the same weekday a week before (one `INSERT … SELECT`, as an import's COPY would
write it), then `steering.services.day_facts_refresh` over the 737 facilities and that day is timed, whole
and by step (each step a function of `steering.services`' namespace wrapped with a timer, and the commit;
« rest » is what no step holds: the facilities read and the Python loop around the sweep). Median of the
days after the first (a warm-up). Last, one facility's day (what a tap costs after its commit), median of
five. The appended attendance and its facts are deleted at the end and November's month facts rolled up
again, so that a seeded city serves any number of runs.

    uv run python benchmarks/day_refresh.py                         # seeds its own city, drops it at the end
    uv run python benchmarks/day_refresh.py --database perf_city    # a city already seeded (scratch.city_seeded)
    uv run python benchmarks/day_refresh.py --database perf_city --against main --rounds 3

`--against REV` runs the code of git revision REV (its `src/`, exported to a temporary directory and put
first on the path) and the working tree's in turn, `--rounds` times each on the same database, and prints
both breakdowns side by side (medians of every sample of each). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from io import BytesIO
from pathlib import Path
from time import perf_counter
from typing import Any

from indicators import _APPEND, NEW_DAYS
from scratch import SERVER, on_seeded_city, use_database

DATABASE = "ribambelle_bench_day_refresh"
# Step → the functions of steering.services' namespace it times (whichever of them the code has); the commit
# (with the deferred foreign-key checks of the facts written) is timed apart.
STEPS = {
    "capacities": ["day_capacities"],
    "periods": ["periods"],
    "parameters": ["parameters_in_force"],
    "sweep": ["day_presence", "day_presence_columns", "limit_spans"],
    "upsert": ["_upsert"],
    "roll_up": ["months_roll_up"],
    "commit": [],
}
REPEATS = 5
MONTH = date(2026, 11, 1)  # the seeded year's last month, which the first new day (30 November) touches


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", help="an already seeded database (left as found); default: seed one")
    parser.add_argument("--against", help="a git revision whose code is measured in turn with the working tree's")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.against:
        print(json.dumps(_side_by_side(args.database, args.against, args.rounds), indent=2))
    elif args.database:
        use_database(f"{SERVER}/{args.database}")
        print(json.dumps(_measure(), indent=2))
    else:
        on_seeded_city(DATABASE, _measure)


def _timed(name: str, function: Callable[..., Any], spent: defaultdict[str, float]) -> Callable[..., Any]:
    @wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += perf_counter() - started

    return timed


def _measure() -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    from ribambelle.steering import services
    from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
    from ribambelle.territory.models import Facility

    ids = list(Facility.objects.order_by("pk").values_list("pk", flat=True))
    spent: defaultdict[str, float] = defaultdict(float)
    for step, names in STEPS.items():
        for name in names:
            if hasattr(services, name):
                setattr(services, name, _timed(step, getattr(services, name), spent))
    connection.commit = _timed("commit", connection.commit, spent)
    samples: list[dict[str, float]] = []
    try:
        for day in NEW_DAYS:
            with connection.cursor() as cursor:
                cursor.execute(_APPEND, [day, day - timedelta(days=7)])
            spent.clear()
            started = perf_counter()
            services.day_facts_refresh(facility_ids=ids, start_on=day, end_on=day)
            total = perf_counter() - started
            samples.append({"total": total, **spent, "rest": total - sum(spent.values())})
        tap = []  # one facility's day, what a tap costs after its commit
        for _ in range(REPEATS):
            started = perf_counter()
            services.day_facts_refresh(facility_ids=ids[:1], start_on=NEW_DAYS[-1], end_on=NEW_DAYS[-1])
            tap.append(perf_counter() - started)
    finally:
        with connection.cursor() as cursor:
            cursor.execute('DELETE FROM care_attendance WHERE "on" >= %s', [NEW_DAYS[0]])
        FacilityDayFact.objects.filter(on__gte=NEW_DAYS[0]).delete()
        FacilityMonthFact.objects.filter(month__gt=MONTH).delete()
        services.months_roll_up(facility_ids=ids, start_on=MONTH, end_on=NEW_DAYS[0])
    samples = [{**sample, "one_facility": statistics.median(tap)} for sample in samples[1:]]
    return {"code": services.__file__, "facilities": len(ids), "ms": _medians(samples), "samples": samples}


def _medians(samples: list[dict[str, float]]) -> dict[str, float]:
    steps = ["total", *STEPS, "rest", "one_facility"]
    return {step: round(statistics.median(s.get(step, 0.0) for s in samples) * 1000, 1) for step in steps}


def _side_by_side(database: str | None, revision: str, rounds: int) -> dict[str, Any]:
    if database is None:
        raise SystemExit("--against needs --database (a city already seeded)")
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(["git", "archive", revision, "src"], cwd=root, check=True, capture_output=True).stdout
    found: dict[str, list[dict[str, float]]] = {revision: [], "working tree": []}
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        for _ in range(rounds):
            for case, path in ((revision, str(Path(folder) / "src")), ("working tree", "")):
                run = subprocess.run(
                    [sys.executable, __file__, "--database", database],
                    check=True,
                    capture_output=True,
                    text=True,
                    env={**os.environ, "PYTHONPATH": path},
                )
                found[case] += json.loads(run.stdout)["samples"]
    return {case: {"samples": len(samples), "ms": _medians(samples)} for case, samples in found.items()}


if __name__ == "__main__":
    main()

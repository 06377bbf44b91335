"""Time the activity indicators on the 30,000-place city with a year of attendance (PostgreSQL).

Seeds the city into its own database (`ribambelle seed --places 30000`, twelve months of attendance up to
the day before 2026-11-29) and analyses it. Then, in this process, for December 2025 to November 2026:

- the first computation of every fact (`steering.services.facts_refresh`: day facts, then the billed
  minutes of each month from the monthly statements);
- the facility × month table from the facts (`steering.selectors.indicator_table` and its JSON file, what
  `ribambelle indicators --by facility,month` does once the facts are up to date);
- the same table from an independent DuckDB SQL query over the attendance export (Parquet through
  care.exports, timed apart) and the registry tables handed over as Arrow: the practical limit;
- the same table from a naive loop over the facilities through the ORM;
- one day of attendance of every facility reflected in the day facts (`day_facts_refresh`, capacity and
  presence with its surnombre sweep): for a new day appended after the seeded year (the rows of the same
  weekday a week before, copied in one INSERT as an import's COPY would write them: a new day's rows lie
  together), and for a day of the seeded year re-read (its rows scattered, the seed writing the year
  facility by facility); and one facility's day (what a tap costs after its commit).

The three tables must agree exactly (integer minutes and rates in ten-thousandths). Billed minutes come
from the monthly statements in all three (the billing rules are not SQL). Prints one JSON object. Run with
`uv run python benchmarks/indicators.py`.
"""

from __future__ import annotations

import io
import statistics
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

from scratch import median_seconds, on_seeded_city

DATABASE = "ribambelle_bench_indicators"
START, END = date(2025, 12, 1), date(2026, 11, 30)
DAY = date(2026, 11, 27)  # the last weekday of attendance
# New days appended after the seeded year (weekdays), each a copy of the same weekday a week before.
NEW_DAYS = [date(2026, 11, 30) + timedelta(days=n) for n in (0, 1, 2, 3, 4, 7)]
_APPEND = """
    INSERT INTO care_attendance (child_id, facility_id, contract_id, "on", arrived_at, left_at, late_pickup, source)
    SELECT child_id, facility_id, contract_id, %s, arrived_at, left_at, late_pickup, source
    FROM care_attendance WHERE "on" = %s ORDER BY facility_id, id
"""
REPEATS = 5
# (facility_id, month) → theoretical, attended, billed minutes, then the three rates in ten-thousandths
Table = dict[tuple[int, date], tuple[int | None, ...]]


def main() -> None:
    on_seeded_city(DATABASE, _measure)


def _ten_thousandths(numerator: int, denominator: int) -> int | None:
    return None if denominator == 0 else (20_000 * numerator + denominator) // (2 * denominator)


def _row(theoretical: int, attended: int, billed: int) -> tuple[int | None, ...]:
    return (
        theoretical,
        attended,
        billed,
        _ten_thousandths(attended, theoretical),
        _ten_thousandths(billed, theoretical),
        _ten_thousandths(billed, attended),
    )


def _measure() -> dict[str, Any]:
    import django

    django.setup()
    from ribambelle.care.models import Attendance
    from ribambelle.engines.indicators import Grain, Level
    from ribambelle.steering import output, selectors, services

    started = perf_counter()
    day_facts, month_facts = services.facts_refresh(start_on=START, end_on=END)
    refresh_seconds = perf_counter() - started

    def facts_table() -> Any:
        table = selectors.indicator_table(start_on=START, end_on=END, level=Level.FACILITY, grain=Grain.MONTH)
        output.write(table, "json", io.BytesIO())
        return table

    facts_seconds, table = median_seconds(facts_table)

    def sections_table() -> Any:
        found = selectors.indicator_table(start_on=START, end_on=END, level=Level.SECTION, grain=Grain.MONTH)
        output.write(found, "json", io.BytesIO())
        return found

    sections_seconds, sections = median_seconds(sections_table)
    sections_add_up = _sections_add_up()  # before new days are appended (their months' sections are stale)
    from_facts: Table = {
        (row.group_id, row.period): (
            row.theoretical_minutes,
            row.attended_minutes,
            row.billed_minutes,
            *(
                None if r is None or r.value is None else int(r.value * 10_000)
                for r in (row.real_occupancy, row.financial_occupancy, row.billing_rate)
            ),
        )
        for row in table.rows
    }
    with tempfile.TemporaryDirectory() as folder:
        parquet = Path(folder) / "attendance.parquet"
        export_seconds, rows = _export(parquet)
        duckdb_seconds, from_duckdb = median_seconds(lambda: _duckdb_table(parquet))
    naive_started = perf_counter()
    from_naive = _naive_table()
    naive_seconds = perf_counter() - naive_started
    ids = list(table.names)
    appended_seconds, appended_rows = _appended_days(ids)
    day_seconds, _ = median_seconds(lambda: services.day_facts_refresh(facility_ids=ids, start_on=DAY, end_on=DAY))
    tap_seconds, _ = median_seconds(lambda: services.day_facts_refresh(facility_ids=ids[:1], start_on=DAY, end_on=DAY))
    presence_started = perf_counter()
    presence_agree, presence_days = _presence_agrees()
    presence_seconds = perf_counter() - presence_started
    zero = (0, 0, 0, None, None, None)
    agree = all(
        from_facts.get(k, zero) == from_duckdb.get(k, zero) == from_naive.get(k, zero)
        for k in set(from_facts) | set(from_duckdb) | set(from_naive)
    )
    return {
        "period": f"{START} – {END}",
        "facilities": len(ids),
        "attendance_rows": Attendance.objects.filter(on__range=(START, END)).count(),
        "day_facts": day_facts,
        "month_facts": month_facts,
        "stale_months": table.stale_months,
        "table_rows": len(table.rows),
        "first_refresh_seconds": round(refresh_seconds, 1),
        "table_from_facts_seconds": round(facts_seconds, 3),
        "section_month_table_rows": len(sections.rows),
        "section_month_table_seconds": round(sections_seconds, 3),
        "sections_add_up_to_facilities": sections_add_up,
        "export_parquet_rows": rows,
        "export_parquet_seconds": round(export_seconds, 1),
        "table_from_duckdb_seconds": round(duckdb_seconds, 3),
        "table_from_naive_orm_seconds": round(naive_seconds, 1),
        "facts_over_duckdb": round(facts_seconds / duckdb_seconds, 1),
        "naive_over_facts": round(naive_seconds / facts_seconds, 1),
        "three_tables_agree": agree,
        "presence_agrees_with_sql": presence_agree,
        "presence_facility_days_checked": presence_days,
        "presence_sql_check_seconds": round(presence_seconds, 1),
        "new_day_rows": appended_rows,
        "new_day_all_facilities_ms": round(appended_seconds * 1000, 1),
        "one_day_all_facilities_ms": round(day_seconds * 1000, 1),
        "one_day_one_facility_ms": round(tap_seconds * 1000, 1),
        "repeats": REPEATS,
    }


def _sections_add_up() -> bool:
    """Every facility-month's sections and its row outside them sum to its attended and billed minutes."""
    from django.db.models import Sum

    from ribambelle.steering.models import FacilityMonthFact, SectionMonthFact

    months = {
        (f, m): (attended, billed)
        for f, m, attended, billed in FacilityMonthFact.objects.filter(month__range=(START, END)).values_list(
            "facility_id", "month", "attended_minutes", "billed_minutes"
        )
    }
    summed = {
        (f, m): (attended, billed)
        for f, m, attended, billed in SectionMonthFact.objects.filter(month__range=(START, END))
        .values("facility_id", "month")
        .annotate(attended=Sum("attended_minutes"), billed=Sum("billed_minutes"))
        .values_list("facility_id", "month", "attended", "billed")
        .order_by()
    }
    return all(summed.get(key, (0, 0)) == value for key, value in months.items())


# Children and peak of every facility-day of the year, by an independent SQL sweep on PostgreSQL: the
# per-minute deltas of arrivals (+1) and departures (−1), summed by minute, then a running sum.
_PRESENCE_SQL = """
WITH p AS (
    SELECT facility_id, "on", child_id,
        date_part('hour', arrived_at)::int * 60 + date_part('minute', arrived_at)::int AS s,
        date_part('hour', left_at)::int * 60 + date_part('minute', left_at)::int AS e
    FROM care_attendance WHERE left_at IS NOT NULL AND "on" BETWEEN %(start)s AND %(end)s
), deltas AS (
    SELECT facility_id, "on", t, sum(d) AS d FROM (
        SELECT facility_id, "on", s AS t, 1 AS d FROM p UNION ALL SELECT facility_id, "on", e, -1 FROM p
    ) events GROUP BY facility_id, "on", t
), running AS (
    SELECT facility_id, "on", sum(d) OVER (PARTITION BY facility_id, "on" ORDER BY t) AS present FROM deltas
), peaks AS (
    SELECT facility_id, "on", max(present) AS peak FROM running GROUP BY facility_id, "on"
), children AS (
    SELECT facility_id, "on", count(DISTINCT child_id) AS children FROM p GROUP BY facility_id, "on"
)
SELECT c.facility_id, c."on", c.children, k.peak FROM children c JOIN peaks k USING (facility_id, "on")
"""


def _presence_agrees() -> tuple[bool, int]:
    """The day facts' children and peak against the SQL sweep, for every facility-day with presence (a
    child's overlapping periods would count twice in SQL: the seed writes none)."""
    from django.db import connection

    from ribambelle.steering.models import FacilityDayFact

    with connection.cursor() as cursor:
        cursor.execute(_PRESENCE_SQL, {"start": START, "end": END})
        expected = {(f, on): (int(children), int(peak)) for f, on, children, peak in cursor.fetchall()}
    found = {
        (f, on): (children, peak)
        for f, on, children, peak in FacilityDayFact.objects.filter(on__range=(START, END), children__gt=0).values_list(
            "facility_id", "on", "children", "peak_presence"
        )
    }
    return found == expected, len(expected)


def _appended_days(ids: list[int]) -> tuple[float, int]:
    """Append each new day's attendance, then time its first refresh; median over NEW_DAYS after the first
    (a warm-up), and the rows of the last day appended."""
    from django.db import connection

    from ribambelle.steering import services

    samples, rows = [], 0
    for day in NEW_DAYS:
        with connection.cursor() as cursor:
            cursor.execute(_APPEND, [day, day - timedelta(days=7)])
            rows = cursor.rowcount
        started = perf_counter()
        services.day_facts_refresh(facility_ids=ids, start_on=day, end_on=day)
        samples.append(perf_counter() - started)
    return statistics.median(samples[1:]), rows


def _export(parquet: Path) -> tuple[float, int]:
    from ribambelle.care import exports
    from ribambelle.territory.models import Facility

    started = perf_counter()
    with parquet.open("wb") as sink:
        count = exports.write_export(
            exports.attendance_rows(facilities=Facility.objects.all(), start_on=START, end_on=END), "parquet", sink
        )
    return perf_counter() - started, count


def _arrow(query: Any, names: list[str]) -> Any:
    import pyarrow as pa

    rows = list(query)
    return pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})


def _minutes(moment: Any) -> int:
    return moment.hour * 60 + moment.minute


_SQL = """
WITH days AS (
    SELECT CAST(d AS DATE) AS on_day FROM generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 DAY) t(d)
), open_days AS (
    SELECT f.facility_id, d.on_day FROM facilities f CROSS JOIN days d
    WHERE (f.opened_on IS NULL OR d.on_day >= f.opened_on) AND (f.closed_on IS NULL OR d.on_day <= f.closed_on)
      AND NOT EXISTS (
          SELECT 1 FROM closures c WHERE c.facility_id = f.facility_id AND d.on_day BETWEEN c.start_on AND c.end_on
      )
), in_force AS (
    SELECT o.facility_id, o.on_day, arg_max(a.id, a.valid_from) AS authorisation_id
    FROM open_days o JOIN auths a ON a.facility_id = o.facility_id AND a.valid_from <= o.on_day
        AND (a.expires_on IS NULL OR a.expires_on >= o.on_day)
    GROUP BY o.facility_id, o.on_day
), capacity AS (
    SELECT i.facility_id, CAST(date_trunc('month', i.on_day) AS DATE) AS month,
        a.capacity * (h.closes - h.opens) + coalesce((
            SELECT sum(
                (s.places - a.capacity) * greatest(0, least(s.end_min, h.closes) - greatest(s.start_min, h.opens))
            ) FROM slots s WHERE s.authorisation_id = a.id
        ), 0) AS theoretical
    FROM in_force i JOIN auths a ON a.id = i.authorisation_id
        JOIN hours h ON h.facility_id = i.facility_id AND h.weekday = isodow(i.on_day) - 1
), theoretical AS (
    SELECT facility_id, month, sum(theoretical) AS theoretical FROM capacity GROUP BY ALL
), attended AS (
    SELECT facility_id, CAST(date_trunc('month', "date") AS DATE) AS month, sum(minutes) AS attended
    FROM read_parquet(?) WHERE minutes IS NOT NULL GROUP BY ALL
)
SELECT facility_id, month, coalesce(theoretical, 0), coalesce(attended, 0), coalesce(billed, 0)
FROM theoretical FULL JOIN attended USING (facility_id, month) FULL JOIN billed USING (facility_id, month)
"""


def _duckdb_table(parquet: Path) -> Table:
    import duckdb

    from ribambelle.steering.models import FacilityMonthFact
    from ribambelle.territory.models import Authorisation, AuthorisationSlot, Closure, Facility, OpeningHours

    con = duckdb.connect()
    con.register(
        "facilities",
        _arrow(Facility.objects.values_list("pk", "opened_on", "closed_on"), ["facility_id", "opened_on", "closed_on"]),
    )
    con.register(
        "hours",
        _arrow(
            (
                (f, w, _minutes(o), _minutes(c))
                for f, w, o, c in OpeningHours.objects.values_list("facility_id", "weekday", "opens_at", "closes_at")
            ),
            ["facility_id", "weekday", "opens", "closes"],
        ),
    )
    con.register(
        "auths",
        _arrow(
            Authorisation.objects.values_list("pk", "facility_id", "valid_from", "expires_on", "capacity"),
            ["id", "facility_id", "valid_from", "expires_on", "capacity"],
        ),
    )
    con.register(
        "slots",
        _arrow(
            (
                (a, _minutes(s), _minutes(e), p)
                for a, s, e, p in AuthorisationSlot.objects.values_list(
                    "authorisation_id", "starts_at", "ends_at", "capacity"
                )
            ),
            ["authorisation_id", "start_min", "end_min", "places"],
        ),
    )
    con.register(
        "closures",
        _arrow(Closure.objects.values_list("facility_id", "start_on", "end_on"), ["facility_id", "start_on", "end_on"]),
    )
    con.register(
        "billed",
        _arrow(
            FacilityMonthFact.objects.filter(month__range=(START, END)).values_list(
                "facility_id", "month", "billed_minutes"
            ),
            ["facility_id", "month", "billed"],
        ),
    )
    rows = con.execute(_SQL, [START, END, str(parquet)]).fetchall()
    con.close()
    return {(f, month): _row(int(t), int(a), int(b)) for f, month, t, a, b in rows}


def _naive_table() -> Table:
    """Facility by facility, day by day, through model instances: what one would first write."""
    from ribambelle.care.models import Attendance
    from ribambelle.engines.indicators import DayCapacity, Slot, theoretical_minutes
    from ribambelle.steering.models import FacilityMonthFact
    from ribambelle.territory.models import Facility

    found: Table = {}
    for facility in Facility.objects.all():
        hours = {h.weekday: h for h in facility.opening_hours.all()}
        authorisations = list(facility.authorisations.order_by("valid_from"))
        closures = list(facility.closures.all())
        theoretical: defaultdict[date, int] = defaultdict(int)
        attended: defaultdict[date, int] = defaultdict(int)
        day = START
        while day <= END:
            month = day.replace(day=1)
            theoretical[month] += 0
            in_force = [
                a for a in authorisations if a.valid_from <= day and (a.expires_on is None or a.expires_on >= day)
            ]
            opening = hours.get(day.weekday())
            if in_force and opening is not None:
                authorisation = in_force[-1]
                theoretical[month] += theoretical_minutes(
                    DayCapacity(
                        places=authorisation.capacity,
                        opens=_minutes(opening.opens_at),
                        closes=_minutes(opening.closes_at),
                        slots=tuple(
                            Slot(_minutes(s.starts_at), _minutes(s.ends_at), s.capacity)
                            for s in authorisation.slots.all()
                        ),
                        closed=any(c.start_on <= day <= c.end_on for c in closures)
                        or (facility.opened_on is not None and day < facility.opened_on)
                        or (facility.closed_on is not None and day > facility.closed_on),
                    )
                )
            day += timedelta(days=1)
        for attendance in Attendance.objects.filter(facility=facility, on__range=(START, END), left_at__isnull=False):
            attended[attendance.on.replace(day=1)] += attendance.minutes or 0
        billed = {
            m.month: m.billed_minutes
            for m in FacilityMonthFact.objects.filter(facility=facility, month__range=(START, END))
        }
        for month in theoretical:
            found[facility.pk, month] = _row(theoretical[month], attended[month], billed.get(month, 0))
    return found


if __name__ == "__main__":
    main()

"""Time the activity cockpit's pages on the 30,000-place city with a year of attendance (PostgreSQL).

Seeds the city into its own database (`ribambelle seed --places 30000`, attendance up to the day before
2026-11-29), computes the billed hours of every month (what « Recalculer les heures facturées » does),
then, on 2026-11-29, times each page as the server answers it (Django's test client: middleware, views,
templates; no network, no browser), the median of five after a warm-up, as the coordinator (every
facility) and as a director (her facilities). Prints one JSON object. Run with
`uv run python benchmarks/cockpit.py`.
"""

from __future__ import annotations

from datetime import date
from time import perf_counter
from typing import Any

from scratch import median_seconds, on_seeded_city
from seed_city import ON

DATABASE = "ribambelle_bench_cockpit"


def main() -> None:
    on_seeded_city(DATABASE, _measure)


def _measure() -> dict[str, Any]:
    import django

    django.setup()
    import time_machine
    from django.test import Client

    from ribambelle.accounts.enums import Role
    from ribambelle.accounts.models import User
    from ribambelle.steering.models import FacilityMonthFact
    from ribambelle.steering.services import month_facts_refresh_stale
    from ribambelle.territory.models import Facility, Sector

    started = perf_counter()
    month_facts_refresh_stale(start_on=date(2025, 1, 1), end_on=date(2026, 11, 30))
    billing_seconds = perf_counter() - started
    sections = _section_share(list(Facility.objects.order_by("pk")), date(2026, 10, 1))
    coordinator = User.objects.filter(role=Role.COORDINATOR).first()
    director = User.objects.filter(role=Role.DIRECTOR, directed_facilities__isnull=False).first()
    sector = Sector.objects.first()
    facility = Facility.objects.filter(day_facts__attended_minutes__gt=0).first()
    assert coordinator and director and sector and facility
    pages = {
        "territory (every facility)": (coordinator, "/pilotage/?year=2026"),
        "one sector": (coordinator, f"/pilotage/?year=2026&sector={sector.pk}"),
        "director's facilities": (director, "/pilotage/?year=2026"),
        "one facility's year": (coordinator, f"/pilotage/etablissements/{facility.pk}/?year=2026"),
        "one facility's month": (coordinator, f"/pilotage/etablissements/{facility.pk}/2026/10/"),
        "facilities table as XLSX": (coordinator, "/pilotage/?year=2026&export=etablissements&format=xlsx"),
        "territory PDF report": (coordinator, "/pilotage/rapport.pdf?year=2026"),
    }
    timings = {}
    with time_machine.travel(f"{ON} 09:00 +01:00", tick=True):
        for label, (user, url) in pages.items():
            client = Client()
            client.force_login(user)
            seconds, response = median_seconds(lambda client=client, url=url: client.get(url, HTTP_HOST="localhost"))
            assert response.status_code == 200, (label, response.status_code)
            timings[label] = {"ms": round(seconds * 1000, 1), "bytes": len(response.content)}
    return {
        "facilities": Facility.objects.count(),
        "facility_months": FacilityMonthFact.objects.count(),
        "billing_of_every_month_seconds": round(billing_seconds, 1),
        "one month of every facility (statements, then their section facts)": sections,
        "pages": timings,
    }


def _section_share(facilities: list[Any], month: date) -> dict[str, float]:
    """A month's statements of every facility and the section facts written from them, side by side: what
    the sections add to « Recalculer les heures facturées »."""
    from ribambelle.care.statements import facilities_month_statements
    from ribambelle.steering.sections import section_facts_write

    started = perf_counter()
    results = facilities_month_statements(facilities=facilities, month=month)
    statements = perf_counter() - started
    started = perf_counter()
    section_facts_write(results=results, month=month)
    sections = perf_counter() - started
    return {"statements_seconds": round(statements, 2), "section_facts_seconds": round(sections, 2)}


if __name__ == "__main__":
    main()

"""Time the registry pages and the registry check on the 30,000-place city (PostgreSQL).

Seeds a fresh `ribambelle_bench` database (see seed_city.py), then, in this process: the cockpit as the
coordinator (every facility), the cockpit filtered by one sector, a facility page, and the registry check
job run in-process. Prints one JSON object. Run with `uv run python benchmarks/registry_city.py`.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from collections.abc import Callable

from scratch import median_seconds
from seed_city import DATABASE, ON, RIBAMBELLE, SERVER, _drop_database, _recreate_database

REPEATS = 5


def main() -> None:
    os.environ |= {
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RIBAMBELLE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "testserver",
    }
    _recreate_database()
    try:
        subprocess.run([RIBAMBELLE, "migrate", "--no-input", "-v", "0"], check=True)
        subprocess.run(
            [RIBAMBELLE, "seed", "--places", "30000", "--seed", "1", "--on", ON], check=True, stdout=subprocess.DEVNULL
        )
        print(json.dumps(_measure(), ensure_ascii=False, indent=2))
    finally:
        from django.db import connections

        connections.close_all()
        _drop_database()


def _measure() -> dict[str, object]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ribambelle.config.settings")
    django.setup()
    from django.test import Client
    from django.urls import reverse

    from ribambelle.accounts.models import User
    from ribambelle.core.jobs import job_start
    from ribambelle.core.models import Job
    from ribambelle.territory.models import Facility, Sector

    coordinator = User.objects.get(username="coordinatrice")
    client = Client()
    client.force_login(coordinator)
    cockpit = reverse("territory:cockpit")
    sector = Sector.objects.order_by("name").first()
    facility = Facility.objects.order_by("pk").first()
    assert sector is not None and facility is not None

    def get(url: str, **params: object) -> None:
        response = client.get(url, params)
        assert response.status_code == 200

    def registry_check() -> None:
        job = job_start(
            kind="territory.registry_check",
            label="Contrôle du registre",
            params={"organisation_id": coordinator.organisation_id},
            actor=coordinator,
        )
        assert Job.objects.get(pk=job.pk).result["facilities"] > 0

    return {
        "facilities": Facility.objects.count(),
        "cockpit_ms": _ms(lambda: get(cockpit)),
        "cockpit_one_sector_ms": _ms(lambda: get(cockpit, sector=sector.pk)),
        "facility_page_ms": _ms(lambda: get(reverse("territory:facility_detail", args=[facility.pk]))),
        "registry_check_ms": _ms(registry_check),
        "repeats": REPEATS,
        "statistic": "median",
    }


if __name__ == "__main__":
    main()


def _ms(action: Callable[[], object]) -> float:
    """Median milliseconds of a few runs after a warm-up (scratch.median_seconds)."""
    return round(median_seconds(action, REPEATS)[0] * 1000, 1)

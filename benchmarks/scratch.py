"""A benchmark's own PostgreSQL database: created empty, migrated with production settings, dropped at the
end, so that a benchmark never touches another database; and the town and families an import benchmark
starts from."""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

SERVER = "postgres://postgres@127.0.0.1:5432"
RIBAMBELLE = str(Path(sys.executable).with_name("ribambelle"))


def city_seeded(url: str) -> float:
    """Seed the 30,000-place city (a year of attendance up to the day before seed_city.ON) into the database
    at ``url``, analyse it, and return the seconds the seed took."""
    from seed_city import ON

    started = time.perf_counter()
    subprocess.run(
        [RIBAMBELLE, "seed", "--places", "30000", "--seed", "1", "--on", ON], check=True, stdout=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return seconds


def on_seeded_city(name: str, measure: Callable[[], dict[str, Any]]) -> None:
    """Seed the city into the scratch database ``name``, run ``measure`` in this process and print one JSON
    object: the seed's seconds and what ``measure`` returns."""
    with scratch_database(name) as url:
        seconds = city_seeded(url)
        print(json.dumps({"seed_seconds": round(seconds, 1), **measure()}, ensure_ascii=False, indent=2))


def median_seconds(action: Callable[[], Any], repeats: int = 5) -> tuple[float, Any]:
    """Median seconds of ``repeats`` runs after a warm-up run (templates, parameter files, connection), and
    the last run's result."""
    result = action()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def _drop(name: str, *, create: bool) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def use_database(url: str) -> None:
    """Point this process's Django (and the commands it starts) at ``url``, with production settings."""
    os.environ |= {
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RIBAMBELLE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "ribambelle.config.settings",
    }


@contextmanager
def scratch_database(name: str) -> Iterator[str]:
    """Point this process's Django at a new database ``name``, migrate it, and drop it on the way out;
    yields its URL."""
    url = f"{SERVER}/{name}"
    use_database(url)
    _drop(name, create=True)
    try:
        subprocess.run([RIBAMBELLE, "migrate", "--no-input", "-v", "0"], check=True)
        yield url
    finally:
        from django.db import connections

        connections.close_all()
        _drop(name, create=False)


def town(*, facilities: int, population: int) -> tuple[Any, list[Any]]:
    """An organisation with its coordinator and ``facilities`` multi-accueils « Crèche n° 001 »…, written in
    bulk; returns the coordinator and the facilities."""
    from ribambelle.accounts.enums import Role
    from ribambelle.accounts.models import User
    from ribambelle.territory.enums import FacilityType, Funding, ManagementMode, OrganisationKind
    from ribambelle.territory.models import Facility, Organisation

    organisation = Organisation.objects.create(
        name="Ville de Banc-d'Essai",
        kind=OrganisationKind.COMMUNE,
        siren="216902662",
        insee_code="69266",
        population=population,
    )
    coordinator = User.objects.create(username="coordinatrice", role=Role.COORDINATOR, organisation=organisation)
    places = Facility.objects.bulk_create(
        Facility(
            organisation=organisation,
            name=f"Crèche n° {number:03d}",
            facility_type=FacilityType.MULTI_ACCUEIL,
            management_mode=ManagementMode.REGIE,
            funding=Funding.PSU,
            address="1 rue des Écoles",
            postcode="69100",
            city="Villeurbanne",
        )
        for number in range(1, facilities + 1)
    )
    return coordinator, places


def families(organisation: Any, count: int) -> list[Any]:
    """``count`` families of the organisation, « F-00000 »…, written in bulk (without situation or child)."""
    from ribambelle.families.models import Family

    return Family.objects.bulk_create(
        Family(
            organisation=organisation,
            reference=f"F-{number:05d}",
            parent_first_name="Camille",
            parent_last_name=f"Parent{number}",
            address="2 rue des Tilleuls",
            postcode="69100",
            city="Villeurbanne",
        )
        for number in range(count)
    )

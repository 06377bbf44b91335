"""Loading generated data: one transaction, into an empty database only."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ribambelle.accounts.models import User
from ribambelle.care.models import Absence, Attendance, Contract
from ribambelle.demo.context import SeedContext
from ribambelle.demo.generators import GENERATORS
from ribambelle.families.models import Application
from ribambelle.territory.models import Authorisation, Facility, Organisation, Sector

# The seed of `ribambelle demo`, so that the demo town is the same on every machine.
DEMO_SEED = 1
MAX_ATTENDANCE_MONTHS = 24


@dataclass(frozen=True)
class SeedReport:
    seed: int
    on: date
    organisation: str
    sectors: int
    facilities: int
    places: int
    users: int
    contracts: int
    attendances: int
    absences: int
    applications: int
    rows: int


def database_is_empty() -> bool:
    """No organisation and no user: nothing a seed could clash with or mix into."""
    return not Organisation.objects.exists() and not User.objects.exists()


@transaction.atomic
def demo_seed(*, places: int | None, seed: int, on: date, attendance_months: int = 12) -> SeedReport:
    """Generate the demo town (``places`` None) or a territory of about ``places`` places, deterministically
    from ``seed``, dated from ``on``, with ``attendance_months`` months of attendance before ``on``."""
    if places is not None and places < 1:
        raise ValidationError("le nombre de places doit être un entier positif.", code="places")
    if not 0 <= attendance_months <= MAX_ATTENDANCE_MONTHS:
        raise ValidationError(
            f"le nombre de mois de pointage va de 0 à {MAX_ATTENDANCE_MONTHS}.", code="attendance_months"
        )
    if not database_is_empty():
        raise ValidationError(
            "la base contient déjà des données (organisation ou utilisateurs) ; "
            "la génération ne se fait que dans une base vide.",
            code="not_empty",
        )
    ctx = SeedContext(seed=seed, on=on, places=places, attendance_months=attendance_months)
    with _collector_paused():
        for generate in GENERATORS:
            generate(ctx)
    in_force: dict[int, Authorisation] = {}
    for authorisation in ctx.created(Authorisation):
        latest = in_force.get(authorisation.facility_id)
        if latest is None or authorisation.valid_from > latest.valid_from:
            in_force[authorisation.facility_id] = authorisation
    return SeedReport(
        seed=seed,
        on=on,
        organisation=ctx.named["organisation"].name,
        sectors=len(ctx.created(Sector)),
        facilities=len(ctx.created(Facility)),
        places=sum(authorisation.capacity for authorisation in in_force.values()),
        users=len(ctx.created(User)),
        contracts=ctx.written[Contract._meta.label],
        attendances=ctx.written[Attendance._meta.label],
        absences=ctx.written[Absence._meta.label],
        applications=ctx.written[Application._meta.label],
        rows=sum(ctx.written.values()),
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while generating: it would walk the hundreds of thousands of
    rows kept in the context again and again (a tenth of a large seed); the generators make no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""Steering generator: the indicator facts of the attendance just generated, so that `ribambelle indicators`
answers at once. The day facts are computed for every facility; the billed minutes of each month (the
monthly statements) are computed for the demo town only — for the benchmark city they would double the seed,
so its months stay marked stale and are computed at the first `ribambelle indicators`."""

from __future__ import annotations

from datetime import timedelta

from ribambelle.demo.context import SeedContext
from ribambelle.steering.services import day_facts_refresh, month_facts_refresh_stale
from ribambelle.territory.models import Facility


def generate(ctx: SeedContext) -> None:
    first, last = ctx.named["attendance_from"], ctx.on - timedelta(days=1)
    if first > last:
        return
    day_facts_refresh(facility_ids=[facility.pk for facility in ctx.created(Facility)], start_on=first, end_on=last)
    if ctx.places is None:
        month_facts_refresh_stale(start_on=first, end_on=last)

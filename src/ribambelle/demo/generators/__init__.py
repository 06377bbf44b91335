"""The demo generators, one per app, in layer order (bottom first): each reads what the earlier ones made.

A new capability adds its module here, after the apps it depends on, with a ``generate(ctx)`` function
that builds its rows from ``ctx.faker`` and ``ctx.rng``, dates them from ``ctx.on`` and saves them with
``ctx.create``.
"""

from __future__ import annotations

from collections.abc import Callable

from ribambelle.demo.context import SeedContext
from ribambelle.demo.generators import (
    accounts,
    allocation,
    applications,
    care,
    care_attendance,
    families,
    steering,
    territory,
    territory_rules,
)

Generator = Callable[[SeedContext], None]

GENERATORS: tuple[Generator, ...] = (
    territory.generate,
    territory_rules.generate,
    accounts.generate,
    families.generate,
    care.generate,
    care_attendance.generate,
    steering.generate,
    applications.generate,
    allocation.generate,
)

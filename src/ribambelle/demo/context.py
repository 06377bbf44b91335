"""What every demo generator shares: the seeded randomness, the reference date and the rows made so far."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models
from faker import Faker

from ribambelle.core.rows import rows_writer, table_columns
from ribambelle.demo.bulk import create_with_history

DEMO_PASSWORD = "ribambelle"
CHANGE_REASON = "Données de démonstration (ribambelle seed)"

M = TypeVar("M", bound=models.Model)


@dataclass
class SeedContext:
    """One seeding run. Generators draw only from ``faker`` and ``rng``, in a fixed order, so that the
    same seed gives the same data; they date everything from ``on``, never from the clock."""

    seed: int
    on: date
    places: int | None
    attendance_months: int = 12
    faker: Faker = field(init=False)
    rng: random.Random = field(init=False)
    password_hash: str = field(init=False)
    named: dict[str, Any] = field(default_factory=dict)
    rows: dict[type[models.Model], list[Any]] = field(default_factory=dict)
    written: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.faker = Faker("fr_FR")
        self.faker.seed_instance(self.seed)
        self.rng = random.Random(self.seed)
        # Hashing is slow by design: hash once, with the active hasher, and share the result.
        self.password_hash = make_password(DEMO_PASSWORD)

    def create(self, model: type[M], objs: list[M], *, history: bool = True) -> list[M]:
        """Insert ``objs`` in bulk, with their history rows unless ``history`` is false: the rows
        bulk_create_with_history would write, written faster (see demo/bulk.py)."""
        if not objs:
            return objs
        created = create_with_history(model, objs, history=history, change_reason=CHANGE_REASON)
        if history:
            self.written[f"{model._meta.label} (historique)"] += len(created)
        self.written[model._meta.label] += len(created)
        self.rows.setdefault(model, []).extend(created)
        return created

    @contextmanager
    def row_writer(
        self, model: type[models.Model], fields: tuple[str, ...]
    ) -> Iterator[Callable[[list[tuple[Any, ...]]], None]]:
        """A writer of plain value tuples, without model instances nor history rows, none of them kept in
        ``rows``: for the demo attendance, whose audit is the seed run itself (see demo/bulk.py)."""
        with rows_writer(*table_columns(model, fields)) as write:

            def counted(rows: list[tuple[Any, ...]]) -> None:
                write(rows)
                self.written[model._meta.label] += len(rows)

            yield counted

    def created(self, model: type[M]) -> list[M]:
        return self.rows.get(model, [])

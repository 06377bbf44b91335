"""Time a committee session of the demo town on PostgreSQL: prepare, run the engine, validate.

Seeds the demo town (`ribambelle seed --seed 1 --on 2026-11-29`) into its own database, then, in this
process, through the services the pages' jobs call: the preparation of a session for the September 2027
entries (places from the forecast), its run (engine input, engine, decisions in bulk) and its validation
(offers, application moves, the letters e-mailed to Django's in-memory backend). Prints one JSON object.
Run with `uv run python benchmarks/committee.py`.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from time import perf_counter
from typing import Any

from scratch import RIBAMBELLE, scratch_database
from seed_city import ON

DATABASE = "ribambelle_bench_committee"


def main() -> None:
    with scratch_database(DATABASE):
        subprocess.run([RIBAMBELLE, "seed", "--seed", "1", "--on", ON], check=True, stdout=subprocess.DEVNULL)
        print(json.dumps(_measure(), ensure_ascii=False, indent=2))


def _measure() -> dict[str, Any]:
    import django

    django.setup()
    from django.core import mail
    from django.db import transaction
    from django.test.utils import override_settings

    from ribambelle.accounts.models import User
    from ribambelle.allocation import committee
    from ribambelle.allocation.models import CommitteeSession

    actor = User.objects.get(username="coordinatrice")
    session = CommitteeSession(title="Commission de septembre", held_on=date(2026, 11, 29), start_on=date(2027, 9, 1))
    started = perf_counter()
    session = committee.session_prepare(session=session, actor=actor)
    prepared = perf_counter()
    session = committee.session_run(session=session, actor=actor)
    ran = perf_counter()
    mail.outbox = []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        committee.session_validate(session=session, on=date(2026, 11, 30), actor=actor)
    validated = perf_counter()
    stats = session.engine_output["stats"]
    return {
        "places": sum(place.places for place in session.places.all()),
        "applications": session.decisions.count(),
        "placed": stats["placed"],
        "engine_seconds": stats["seconds"],
        "explain_seconds": stats["explain_seconds"],
        "prepare_seconds": round(prepared - started, 2),
        "run_seconds": round(ran - prepared, 2),
        "validate_seconds": round(validated - ran, 2),
        "emails": len(mail.outbox),
    }


if __name__ == "__main__":
    main()

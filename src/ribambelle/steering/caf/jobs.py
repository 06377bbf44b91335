"""The activity file of many facilities, as a background job (core.jobs): twelve months of statements take
minutes for a city. The file waits in RIBAMBELLE_DATA_DIR/caf/ (a worker needs the same data directory);
the job's page links to it, for the user who started the job only."""

from __future__ import annotations

import secrets
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from ribambelle.core.jobs import JobFailure, Progress, job_runner
from ribambelle.steering.caf import activity, activity_xlsx
from ribambelle.steering.caf.storage import write_whole
from ribambelle.steering.caf.year import elapsed_months
from ribambelle.territory.models import Facility

KIND = "steering.caf_activity"
KEPT_DAYS = 7  # a finished file is downloadable for a week; each new job removes the older ones


def files_dir() -> Path:
    return Path(settings.DATA_DIR) / "caf"


def purge_old_files(*, now: float) -> int:
    """Remove the activity files older than KEPT_DAYS (``now`` is a POSIX timestamp); returns how many."""
    removed = 0
    for path in files_dir().glob("caf-activite-*.xlsx"):
        if now - path.stat().st_mtime > KEPT_DAYS * 86_400:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def activity_params(*, year: int, facility_ids: list[int], today: date) -> dict[str, Any]:
    """The job's parameters; the file name is drawn now, so that no two jobs share a file."""
    return {
        "year": year,
        "facility_ids": facility_ids,
        "today": today.isoformat(),
        "file": f"caf-activite-{year}-{secrets.token_hex(8)}.xlsx",
    }


@job_runner(KIND)
def caf_activity(params: dict[str, Any], on_progress: Progress) -> dict[str, Any]:
    year, today = int(params["year"]), date.fromisoformat(params["today"])
    facilities = list(
        Facility.objects.filter(pk__in=params["facility_ids"]).select_related("organisation").order_by("name")
    )
    if not facilities:
        raise JobFailure("Aucun établissement à déclarer : le fichier n'a pas été produit.")
    on_progress(0, 12)
    found = activity.facilities_activity(
        facilities=facilities, year=year, today=today, on_month=lambda month: on_progress(month, 12)
    )
    content = activity_xlsx.xlsx_bytes(found, year=year, elapsed=elapsed_months(year, today))
    files_dir().mkdir(parents=True, exist_ok=True)
    purge_old_files(now=time.time())
    try:
        write_whole(files_dir() / params["file"], content)
    except OSError as exc:
        raise JobFailure(f"Le fichier n'a pas pu être écrit : {exc.strerror}.") from None
    return {
        "year": year,
        "facilities": len(found),
        "file": params["file"],
        "notes": sum(len(found_activity.notes) for found_activity in found),
    }

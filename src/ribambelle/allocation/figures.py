"""The committees' figures, without any name (the elected officials read them): by facility and by sector,
the applications examined, the places offered, the answers, the admission rate and the waiting time.

- **Examined**: the decisions of validated sessions whose application asked for the facility (one per
  application and session); by sector, those asking for a facility of the sector.
- **Offered / accepted / refused / expired**: the offers of places in the facility, by answer (no answer in
  time: expired).
- **Admission rate**: accepted offers / applications examined.
- **Waiting time**: the median number of days from the application to its first offer in the facility.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from ribambelle.allocation.enums import OfferStatus, SessionStatus
from ribambelle.allocation.models import Decision, Offer
from ribambelle.families.models import ApplicationChoice
from ribambelle.territory.models import Facility


@dataclass
class Figures:
    label: str
    pk: int | None = None  # the facility's or the sector's id; None for the territory
    examined: int = 0
    offered: int = 0
    accepted: int = 0
    refused: int = 0
    expired: int = 0
    waits: list[int] = field(default_factory=list)

    @property
    def admission_rate(self) -> float | None:
        return self.accepted / self.examined if self.examined else None

    @property
    def waiting_days(self) -> float | None:
        return median(self.waits) if self.waits else None


def committee_figures(*, organisation_id: int) -> tuple[list[Figures], list[Figures], Figures]:
    """The figures by facility, by sector, and for the whole territory (three queries)."""
    facilities = list(
        Facility.objects.filter(organisation_id=organisation_id).select_related("sector").order_by("name")
    )
    by_facility = {f.pk: Figures(f.name, f.pk) for f in facilities}
    sector_of = {f.pk: f.sector_id for f in facilities}
    by_sector = {f.sector_id: Figures(str(f.sector), f.sector_id) for f in facilities if f.sector_id}
    total = Figures("Territoire")
    decisions = Decision.objects.filter(
        session__organisation_id=organisation_id, session__status=SessionStatus.VALIDATED
    ).values_list("application_id", flat=True)
    asked: dict[int, set[int]] = defaultdict(set)
    for application_id, facility_id in ApplicationChoice.objects.filter(application__in=decisions).values_list(
        "application_id", "facility_id"
    ):
        asked[application_id].add(facility_id)
    for application_id in decisions:
        facilities_asked = asked[application_id]
        for facility_id in facilities_asked:
            by_facility[facility_id].examined += 1
        for sector_id in {sector_of[f] for f in facilities_asked if sector_of[f]}:
            by_sector[sector_id].examined += 1
        total.examined += 1
    offers = Offer.objects.filter(decision__session__organisation_id=organisation_id).values_list(
        "choice__facility_id", "status", "offered_on", "decision__application__received_on", "decision__application_id"
    )
    first_offer: dict[tuple[int, int], int] = {}
    for facility_id, status, offered_on, received_on, application_id in offers:
        rows = [by_facility[facility_id], total]
        if sector_of[facility_id]:
            rows.append(by_sector[sector_of[facility_id]])
        for row in rows:
            _count(row, status)
        wait = (offered_on - received_on).days
        key = (facility_id, application_id)
        first_offer[key] = min(first_offer.get(key, wait), wait)
    for (facility_id, _), wait in first_offer.items():
        by_facility[facility_id].waits.append(wait)
        total.waits.append(wait)
        if sector_of[facility_id]:
            by_sector[sector_of[facility_id]].waits.append(wait)
    return list(by_facility.values()), sorted(by_sector.values(), key=lambda row: row.label), total


def _count(row: Figures, status: Any) -> None:
    row.offered += 1
    if status == OfferStatus.ACCEPTED:
        row.accepted += 1
    elif status == OfferStatus.REFUSED:
        row.refused += 1
    elif status == OfferStatus.EXPIRED:
        row.expired += 1

"""The places a facility can offer on a start date, section by section: what an allocation committee
shares out.

On the start date, every child under a regular or emergency contract then (occasional care reserves no
place) holds a place in the section of its age that day: babies who have grown up free their place in the
babies' section and take one in the next. A child of school age that day leaves, as families do: école
maternelle takes children in the September of the year they turn three (compulsory since 2019), except in a
jardin d'enfants, which keeps them until six. A child whom no section takes any more has left too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ribambelle.care.enums import ContractKind
from ribambelle.care.models import Contract
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Authorisation, Facility, Section

_HOLDING_A_PLACE = (ContractKind.REGULAR, ContractKind.EMERGENCY)


@dataclass(frozen=True)
class SectionForecast:
    """One section (or a facility without sections) on the start date."""

    facility: Facility
    section: Section | None
    places: int
    staying: int
    leaving_for_school: int

    @property
    def free(self) -> int:
        return max(0, self.places - self.staying)


def school_age_on(birth_on: date, on: date) -> bool:
    """Whether a child born on ``birth_on`` is in école maternelle on ``on`` (from the September of the year
    it turns three)."""
    return on >= date(birth_on.year + 3, 9, 1)


def places_forecast(*, facilities: Iterable[Facility], on: date) -> list[SectionForecast]:
    """The forecast of each section of ``facilities`` on ``on`` (three queries whatever their number)."""
    facilities = list(facilities)
    sections: dict[int, list[Section]] = {facility.pk: [] for facility in facilities}
    for section in Section.objects.filter(facility__in=facilities).order_by("min_age_months", "name"):
        sections[section.facility_id].append(section)
    capacity = {
        authorisation.facility_id: authorisation.capacity
        for authorisation in Authorisation.objects.in_force_on(on)
        .filter(facility__in=facilities)
        .order_by("facility_id", "valid_from")
    }
    staying: Counter[tuple[int, int | None]] = Counter()
    leaving: Counter[tuple[int, int | None]] = Counter()
    by_pk = {facility.pk: facility for facility in facilities}
    contracts = (
        Contract.objects.active_on(on)
        .filter(facility__in=facilities, kind__in=_HOLDING_A_PLACE)
        .select_related("child")
        .order_by("pk")
    )
    for contract in contracts:
        facility = by_pk[contract.facility_id]
        age = contract.child.age_in_months(on)
        section = _section_of(sections[facility.pk], age)
        key = (facility.pk, section.pk if section else None)
        born = contract.child.birth_on
        keeps_older = facility.facility_type == FacilityType.JARDIN_ENFANTS
        if born is not None and school_age_on(born, on) and not keeps_older:
            leaving[key] += 1
        elif section is not None or not sections[facility.pk]:
            staying[key] += 1
    forecast: list[SectionForecast] = []
    for facility in facilities:
        if not sections[facility.pk]:
            key = (facility.pk, None)
            places = capacity.get(facility.pk, 0)
            forecast.append(SectionForecast(facility, None, places, staying[key], leaving[key]))
        for section in sections[facility.pk]:
            key = (facility.pk, section.pk)
            forecast.append(SectionForecast(facility, section, section.places, staying[key], leaving[key]))
    return forecast


def _section_of(sections: list[Section], age: int | None) -> Section | None:
    if age is None:
        return None
    return next((s for s in sections if s.min_age_months <= age < s.max_age_months), None)

"""Territory generator: the organisation, its sectors and facilities, their PMI authorisations, sections,
opening hours and closures."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from ribambelle.demo.context import SeedContext
from ribambelle.demo.generators.territory_calendar import closures, day_hours, opening_hours
from ribambelle.demo.generators.territory_plan import (
    FacilitySpec,
    SectorSpec,
    Story,
    TerritoryPlan,
    city_plan,
    town_plan,
)
from ribambelle.rules import ParameterSet, authorisation_expiry
from ribambelle.rules.authorisation import add_months
from ribambelle.territory.enums import FacilityType, Funding, ManagementMode, OrganisationKind, SectionKind
from ribambelle.territory.models import (
    Authorisation,
    AuthorisationSlot,
    Closure,
    Facility,
    OpeningHours,
    Organisation,
    Section,
    Sector,
)
from ribambelle.territory.selectors import parameters_in_force

# Metropolitan departments with numeric codes (Corsica's 2A and 2B left out for simplicity).
_DEPARTMENTS = tuple(f"{number:02d}" for number in range(1, 96) if number != 20)
_METROPOLIS_FROM_POPULATION = 400_000
_AREA_PER_PLACE_M2 = 7.0
_UNDERSIZED_SHARE = 0.15
_MIXED_SECTIONS_SHARE = 0.2


@dataclass(frozen=True)
class _Location:
    """Where a sector's facilities stand."""

    city: str
    postcodes: tuple[str, ...]


def generate(ctx: SeedContext) -> None:
    department, seat = ctx.rng.choice(_DEPARTMENTS), ctx.faker.city()
    plan = town_plan(ctx.rng) if ctx.places is None else city_plan(ctx.rng, ctx.faker, places=ctx.places, seat=seat)
    organisation = ctx.create(Organisation, [_organisation(ctx.rng, plan, seat=seat, department=department)])[0]
    ctx.named["organisation"] = organisation
    sectors = ctx.create(Sector, [Sector(organisation=organisation, name=spec.name) for spec in plan.sectors])
    seat_location = _Location(seat, _postcodes(ctx.rng, department, count=2))
    locations = [_sector_location(ctx.rng, spec, seat_location, department) for spec in plan.sectors]
    facilities = ctx.create(
        Facility,
        [
            _facility(ctx, spec, organisation, sectors[spec.sector], locations[spec.sector], serial=index)
            for index, spec in enumerate(plan.facilities)
        ],
    )
    for spec, facility in zip(plan.facilities, facilities, strict=True):
        if spec.cast_key:
            ctx.named[spec.cast_key] = facility
    _calendar_and_authorisations(ctx, plan, facilities, department)


def _calendar_and_authorisations(
    ctx: SeedContext, plan: TerritoryPlan, facilities: list[Facility], department: str
) -> None:
    params = parameters_in_force()
    # From the first year of the demo attendance, which respects the closures, to the next year.
    first_year = add_months(ctx.on, -ctx.attendance_months).year
    years = tuple(range(first_year, ctx.on.year + 2))
    hours: list[OpeningHours] = []
    closed: list[Closure] = []
    authorisations: list[Authorisation] = []
    current: list[tuple[FacilitySpec, Facility, Authorisation, tuple[time, time]]] = []
    for spec, facility in zip(plan.facilities, facilities, strict=True):
        day = day_hours(ctx.rng, spec.facility_type)
        hours += opening_hours(ctx.rng, facility, *day)
        closed += closures(ctx.rng, facility, years=years, department=department)
        story = _authorisations(ctx, params, spec, facility)
        authorisations += story
        current.append((spec, facility, story[-1], day))
    ctx.create(OpeningHours, hours)
    ctx.create(Closure, closed)
    ctx.create(Authorisation, authorisations)
    slots: list[AuthorisationSlot] = []
    sections: list[Section] = []
    for spec, facility, authorisation, day in current:
        if spec.modulated:
            slots += _slots(authorisation, *day)
        sections += _sections(ctx.rng, spec, facility, authorisation)
    ctx.create(AuthorisationSlot, slots)
    ctx.create(Section, sections)


def _organisation(rng: random.Random, plan: TerritoryPlan, *, seat: str, department: str) -> Organisation:
    commune_number = f"{rng.randint(1, 899):03d}"
    if plan.intercommunality:
        prefix = "Métropole" if plan.population >= _METROPOLIS_FROM_POPULATION else "Communauté d'agglomération"
        name, kind = f"{prefix} de {seat}", OrganisationKind.INTERCOMMUNALITY
        siren = f"2000{rng.randint(0, 9999):04d}"
    else:
        name, kind = f"Ville de {seat}", OrganisationKind.COMMUNE
        # A commune's SIREN: 21, its department, 0, its number within the department, then the key.
        siren = f"21{department}0{commune_number}"
    return Organisation(
        name=name,
        kind=kind,
        siren=siren + _luhn_key(siren),
        insee_code=f"{department}{commune_number}",
        population=plan.population,
        # The CAF of the department: its code is the department followed by 1 (941 for the Val-de-Marne).
        caf_code=f"{department}1",
    )


def _luhn_key(digits: str) -> str:
    """The digit that completes ``digits`` into a number with a valid Luhn checksum (the SIREN key)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char) * (1 if index % 2 else 2)
        total += digit - 9 if digit > 9 else digit
    return str(-total % 10)


def _postcodes(rng: random.Random, department: str, *, count: int) -> tuple[str, ...]:
    return tuple(f"{department}{rng.randint(0, 9)}{rng.randint(0, 9)}0" for _ in range(count))


def _sector_location(rng: random.Random, spec: SectorSpec, seat: _Location, department: str) -> _Location:
    if spec.commune is None:
        return seat
    return _Location(spec.commune, _postcodes(rng, department, count=1))


def _facility(
    ctx: SeedContext,
    spec: FacilitySpec,
    organisation: Organisation,
    sector: Sector,
    location: _Location,
    *,
    serial: int,
) -> Facility:
    rng, faker = ctx.rng, ctx.faker
    manager_name = ""
    if spec.management_mode == ManagementMode.ASSOCIATION:
        manager_name = f"Association {spec.name}"
    elif spec.management_mode != ManagementMode.REGIE:
        manager_name = faker.company()
    opened_on = _opened_on(rng, ctx.on, spec)
    is_psu = spec.funding == Funding.PSU
    return Facility(
        organisation=organisation,
        sector=sector,
        name=spec.name,
        facility_type=spec.facility_type,
        management_mode=spec.management_mode,
        manager_name=manager_name,
        funding=spec.funding,
        address=f"{rng.randint(1, 150)} {faker.street_name()}",
        postcode=rng.choice(location.postcodes),
        city=location.city,
        caf_file_number=f"AFC-{opened_on.year}-{serial + 1:04d}" if is_psu else "",
        caf_equipment_id=f"IDEQU-{100_000 + 37 * serial:06d}" if is_psu else "",
        children_area_m2=_children_area(rng, spec),
        opened_on=opened_on,
    )


def _opened_on(rng: random.Random, on: date, spec: FacilitySpec) -> date:
    if spec.story == Story.RECENT:
        return on - timedelta(days=rng.randint(30, 480))
    years = rng.randint(4, spec.profile.first_opened_years_ago)
    return on - timedelta(days=365 * years + rng.randint(0, 364))


def _children_area(rng: random.Random, spec: FacilitySpec) -> Decimal | None:
    """About 7 m² per place, a few facilities a little under; none for a crèche familiale (children are
    at the assistantes maternelles' homes)."""
    if spec.facility_type == FacilityType.CRECHE_FAMILIALE:
        return None
    undersized = rng.random() < _UNDERSIZED_SHARE
    low, high = (
        (_AREA_PER_PLACE_M2 - 1, _AREA_PER_PLACE_M2 - 0.1)
        if undersized
        else (_AREA_PER_PLACE_M2, _AREA_PER_PLACE_M2 + 1.5)
    )
    per_place = rng.uniform(low, high)
    return Decimal(f"{spec.capacity * per_place:.1f}")


def _authorisations(
    ctx: SeedContext, params: ParameterSet, spec: FacilitySpec, facility: Facility
) -> list[Authorisation]:
    """The facility's authorisations, oldest first; the last one is in force on the reference date."""
    rng, on = ctx.rng, ctx.on
    min_age, max_age = rng.choice(spec.profile.min_ages), rng.choice(spec.profile.max_ages)
    assert facility.opened_on is not None
    first_from = facility.opened_on
    first_decided = first_from - timedelta(days=rng.randint(20, 90))

    def authorisation(decided_on: date, valid_from: date, capacity: int) -> Authorisation:
        return Authorisation(
            facility=facility,
            reference=f"Arrêté n° {decided_on.year}-PMI-{rng.randint(100, 9999):04d}",
            decided_on=decided_on,
            valid_from=valid_from,
            expires_on=authorisation_expiry(params, decided_on=decided_on),
            capacity=capacity,
            min_age_months=min_age,
            max_age_months=max_age,
        )

    if spec.story == Story.EXTENDED:
        before = max(1, spec.capacity - rng.randint(2, max(2, spec.capacity // 4)))
        extended_on = on - timedelta(days=rng.randint(45, 700))
        return [
            authorisation(first_decided, first_from, before),
            authorisation(extended_on, min(on, extended_on + timedelta(days=rng.randint(0, 40))), spec.capacity),
        ]
    only = authorisation(first_decided, first_from, spec.capacity)
    # Before the decree no duration applied: the expiry, when there is one, is the one the letter states.
    if only.expires_on is None and spec.story == Story.RENEWAL_WINDOW:
        only.expires_on = add_months(on, rng.randint(13, 23))
    elif only.expires_on is None and spec.story == Story.RENEWAL_OVERDUE:
        only.expires_on = add_months(on, rng.randint(2, 10))
    return [only]


def _slots(authorisation: Authorisation, opens_at: time, closes_at: time) -> list[AuthorisationSlot]:
    """Agrément modulé: fewer places in the first and last hour of the day."""
    capacity = authorisation.capacity
    morning_end, evening_start = time(opens_at.hour + 1, opens_at.minute), time(closes_at.hour - 1, closes_at.minute)
    return [
        AuthorisationSlot(
            authorisation=authorisation, starts_at=opens_at, ends_at=morning_end, capacity=max(1, capacity * 6 // 10)
        ),
        AuthorisationSlot(authorisation=authorisation, starts_at=morning_end, ends_at=evening_start, capacity=capacity),
        AuthorisationSlot(
            authorisation=authorisation, starts_at=evening_start, ends_at=closes_at, capacity=max(1, capacity // 2)
        ),
    ]


def _sections(
    rng: random.Random, spec: FacilitySpec, facility: Facility, authorisation: Authorisation
) -> list[Section]:
    """Sections whose places sum to the authorised capacity, with ages inside the authorised range."""
    capacity, low, high = authorisation.capacity, authorisation.min_age_months, authorisation.max_age_months

    def section(name: str, kind: SectionKind, ages: tuple[int, int], places: int) -> Section:
        return Section(
            facility=facility, name=name, kind=kind, min_age_months=ages[0], max_age_months=ages[1], places=places
        )

    if spec.facility_type == FacilityType.CRECHE_FAMILIALE:
        return [section("Accueil familial", SectionKind.MIXED, (low, high), capacity)]
    if spec.facility_type == FacilityType.JARDIN_ENFANTS and capacity >= 30:
        middle = capacity // 2
        return [
            section("Moyens", SectionKind.MIDDLE, (low, 48), middle),
            section("Grands", SectionKind.OLDER, (36, high), capacity - middle),
        ]
    by_age = spec.facility_type in (FacilityType.MULTI_ACCUEIL, FacilityType.CRECHE_COLLECTIVE)
    if by_age and capacity >= 30 and rng.random() < _MIXED_SECTIONS_SHARE:
        half = capacity // 2
        return [
            section("Les Étoiles", SectionKind.MIXED, (low, high), half),
            section("Les Nuages", SectionKind.MIXED, (low, high), capacity - half),
        ]
    if by_age and capacity >= 30:
        babies, middle = round(capacity * 0.3), round(capacity * 0.35)
        return [
            section("Bébés", SectionKind.BABIES, (low, 18), babies),
            section("Moyens", SectionKind.MIDDLE, (12, 30), middle),
            section("Grands", SectionKind.OLDER, (24, high), capacity - babies - middle),
        ]
    if by_age and capacity >= 20:
        babies = capacity * 2 // 5
        return [
            section("Bébés", SectionKind.BABIES, (low, 18), babies),
            section("Grands", SectionKind.OLDER, (18, high), capacity - babies),
        ]
    return [section("Section mixte", SectionKind.MIXED, (low, high), capacity)]

"""Norms of a facility other than the ratio: surnombre (R2324-27), surface (référentiel bâtimentaire),
direction time (R2324-46-1), the référent santé et accueil inclusif (R2324-46-2, R2324-47-2) and the
analyse des pratiques professionnelles (R2324-37).

Durations are integer minutes; areas and full-time equivalents are Decimal. Every figure is a dated
parameter, every function takes its date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from ribambelle.rules.authorisation import add_months
from ribambelle.rules.capacity import FacilityCategory, FacilityKind, facility_category
from ribambelle.rules.parameters import ParameterNotInForce, ParameterSet, ParameterValue
from ribambelle.rules.wording import hours_text, number_text, percent_text


def _decimal(source: ParameterValue) -> Decimal:
    assert isinstance(source.value, (Decimal, int))
    return Decimal(source.value)


def _minutes(hours: object) -> int:
    """Hours (an integer, or a Decimal entered locally) as whole minutes."""
    assert isinstance(hours, (Decimal, int))
    return int(Decimal(hours) * 60)


def _table(source: ParameterValue) -> Mapping[str, Any]:
    assert isinstance(source.value, Mapping)
    return source.value


def _check_capacity(capacity: int) -> None:
    if capacity < 1:
        raise ValueError("La capacité autorisée doit être d'au moins une place.")


# Accueil en surnombre ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overcapacity:
    instant_limit: int
    instant_ok: bool
    weekly_limit_minutes: int
    weekly_occupancy: Decimal
    weekly_ok: bool
    explanation: tuple[str, ...]
    sources: tuple[ParameterValue, ...]


def overcapacity(
    params: ParameterSet,
    *,
    kind: FacilityKind,
    capacity: int,
    present: int,
    weekly_child_minutes: int,
    weekly_opening_minutes: int,
    on: date,
) -> Overcapacity:
    """Surnombre: children present at once against the instantaneous limit, and the week's child-minutes
    against the weekly hourly capacity (capacity × weekly opening time)."""
    if kind is FacilityKind.FAMILIAL:
        raise ValueError("L'accueil en surnombre de R2324-27 ne concerne pas les crèches familiales.")
    _check_capacity(capacity)
    if min(present, weekly_child_minutes, weekly_opening_minutes) < 0:
        raise ValueError("Les présences et les durées ne peuvent pas être négatives.")
    instant = params.at("capacity.overcapacity_instant_rate", on)
    weekly = params.at("capacity.overcapacity_weekly_rate", on)
    instant_limit = int((_decimal(instant) * capacity).to_integral_value(ROUND_FLOOR))
    hourly_capacity = capacity * weekly_opening_minutes
    weekly_limit = int((_decimal(weekly) * hourly_capacity).to_integral_value(ROUND_FLOOR))
    occupancy = Decimal(weekly_child_minutes) / hourly_capacity if hourly_capacity else Decimal(0)
    lines = (
        f"Présents simultanément : {present} pour une limite de {percent_text(_decimal(instant))} de "
        f"{capacity} places, soit {instant_limit} ({'respectée' if present <= instant_limit else 'dépassée'}).",
        f"Semaine : {hours_text(weekly_child_minutes)} de présence d'enfants pour une capacité horaire de "
        f"{capacity} places × {hours_text(weekly_opening_minutes)} d'ouverture = {hours_text(hourly_capacity)}, "
        f"soit un taux d'occupation de {percent_text(occupancy)} (au plus {percent_text(_decimal(weekly))}).",
    )
    return Overcapacity(
        instant_limit=instant_limit,
        instant_ok=present <= instant_limit,
        weekly_limit_minutes=weekly_limit,
        weekly_occupancy=occupancy.quantize(Decimal("0.0001"), ROUND_HALF_UP),
        weekly_ok=weekly_child_minutes <= weekly_limit,
        explanation=lines,
        sources=(instant, weekly),
    )


# Surface ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SurfaceNorm:
    m2_per_place: Decimal
    minimum_indoor_m2: Decimal
    outdoor_required_m2: Decimal | None
    outdoor_ok: bool
    explanation: tuple[str, ...]
    sources: tuple[ParameterValue, ...]


def minimum_surface(
    params: ParameterSet,
    *,
    kind: FacilityKind,
    capacity: int,
    dense_zone: bool,
    outdoor_m2: Decimal,
    extra_indoor_m2: Decimal,
    outdoor_activities_nearby: bool,
    on: date,
) -> SurfaceNorm:
    """Indoor surface for the children per authorised place; ``on`` is the filing date of the complete
    authorisation request. The category is read on the crèches' scale, the référentiel's."""
    if kind is FacilityKind.FAMILIAL:
        raise ValueError("Le référentiel bâtimentaire ne fixe pas de surface par place pour une crèche familiale.")
    _check_capacity(capacity)
    if outdoor_m2 < 0 or extra_indoor_m2 < 0:
        raise ValueError("Une surface ne peut pas être négative.")
    category = facility_category(params, kind=FacilityKind.COLLECTIVE, capacity=capacity, on=on)
    standard = params.at("surface.indoor_m2_per_place", on)
    per_place = _decimal(standard)
    sources = [category.source, standard]
    lines = [f"Catégorie : {category.label} ({capacity} places)."]
    outdoor_required: Decimal | None = None
    outdoor_ok = True
    if dense_zone:
        extra = params.at("surface.dense_zone_extra_space_m2", on)
        reduced = params.at("surface.dense_zone_indoor_m2_per_place", on)
        sources += [extra, reduced]
        needed = Decimal(_table(extra)[category.category.value])
        available = outdoor_m2 + extra_indoor_m2
        if available >= needed:
            per_place = _decimal(reduced)
            lines.append(
                f"Zone très densément peuplée avec {number_text(available)} m² d'espace extérieur ou "
                f"supplémentaire (au moins {number_text(needed)} m²) : {number_text(per_place)} m² par place."
            )
        else:
            lines.append(
                f"Zone très densément peuplée, mais {number_text(available)} m² d'espace extérieur ou "
                f"supplémentaire pour {number_text(needed)} m² requis : {number_text(per_place)} m² par place."
            )
    else:
        outdoor = params.at("surface.outdoor_m2_per_place", on)
        sources.append(outdoor)
        outdoor_per_place = _table(outdoor).get(category.category.value)
        lines.append(f"Hors zone très densément peuplée : {number_text(per_place)} m² par place.")
        if outdoor_per_place is not None:
            outdoor_required = Decimal(outdoor_per_place) * capacity
            outdoor_ok = outdoor_m2 >= outdoor_required or outdoor_activities_nearby
            lines.append(
                f"Espace extérieur privatif d'au moins {number_text(outdoor_required)} m² "
                f"({number_text(Decimal(outdoor_per_place))} m² par place), ou activités extérieures dans un "
                f"espace privatif à moins de 300 m : {'respecté' if outdoor_ok else 'non respecté'}."
            )
    minimum = per_place * capacity
    lines.append(f"Surface intérieure minimale pour les enfants : {number_text(minimum)} m², hors surnombre.")
    return SurfaceNorm(per_place, minimum, outdoor_required, outdoor_ok, tuple(lines), tuple(sources))


# Direction ----------------------------------------------------------------------------------------

_FUNCTIONS = {"director": "direction", "referent_technique": "référent technique"}


@dataclass(frozen=True, slots=True)
class DirectionTime:
    function: str
    fte: Decimal
    deputy_fte: Decimal
    max_facilities_per_director: int | None
    explanation: tuple[str, ...]
    sources: tuple[ParameterValue, ...]


def direction_time(params: ParameterSet, *, kind: FacilityKind, capacity: int, on: date) -> DirectionTime:
    """Minimum time dedicated to direction (in full-time equivalents) of a crèche collective or halte-garderie."""
    if kind is not FacilityKind.COLLECTIVE:
        raise ValueError("Le temps de direction n'est encodé que pour les crèches collectives et haltes-garderies.")
    _check_capacity(capacity)
    category = facility_category(params, kind=kind, capacity=capacity, on=on)
    table = params.at("direction.collective_minimum", on)
    row = _table(table)[category.category.value]
    fte = Decimal(row["fte"])
    deputy = Decimal(row.get("deputy_fte", 0))
    sources = [category.source, table]
    lines = [f"{category.label.capitalize()} : {_FUNCTIONS[row['function']]} à {number_text(fte)} ETP au moins."]
    if deputy:
        lines.append(f"Direction adjointe : {number_text(deputy)} ETP au moins.")
    max_facilities = None
    if category.category is FacilityCategory.MICRO:
        try:
            limit = params.at("direction.micro_creche_max_per_director", on)
        except ParameterNotInForce:
            lines.append("Pas de nombre maximal de micro-crèches par directeur à cette date.")
        else:
            assert isinstance(limit.value, int)
            max_facilities = limit.value
            sources.append(limit)
            lines.append(f"Une même personne dirige au plus {max_facilities} micro-crèches.")
    return DirectionTime(_FUNCTIONS[row["function"]], fte, deputy, max_facilities, tuple(lines), tuple(sources))


# Référent santé et accueil inclusif ---------------------------------------------------------------

_HEALTH_KEYS = {
    FacilityKind.COLLECTIVE: "health.referent_hours",
    FacilityKind.KINDERGARTEN: "health.kindergarten_referent_hours",
}


@dataclass(frozen=True, slots=True)
class HealthTime:
    yearly_minutes: int
    quarterly_minutes: int
    paramedical_fte: Decimal
    explanation: tuple[str, ...]
    sources: tuple[ParameterValue, ...]


def _bands(row: Mapping[str, Any], capacity: int) -> int:
    """Full bands of ``band_places`` places above ``band_from_places`` (none when the row has no bands)."""
    if "band_places" not in row:
        return 0
    return max(0, capacity - int(row["band_from_places"])) // int(row["band_places"])


def referent_health_time(params: ParameterSet, *, kind: FacilityKind, capacity: int, on: date) -> HealthTime:
    """Minimum intervention time of the référent santé et accueil inclusif, and paramedical staff in crèches."""
    if kind not in _HEALTH_KEYS:
        raise ValueError("Le temps du référent santé d'une crèche familiale n'est pas encodé.")
    _check_capacity(capacity)
    category = facility_category(params, kind=kind, capacity=capacity, on=on)
    hours = params.at(_HEALTH_KEYS[kind], on)
    row = _table(hours)[category.category.value]
    bands = _bands(row, capacity)
    yearly = _minutes(row["year"]) + bands * _minutes(row.get("year_per_band", 0))
    quarterly = _minutes(row["quarter"])
    sources: list[ParameterValue] = [category.source, hours]
    lines = [
        f"{category.label.capitalize()} : référent santé et accueil inclusif {hours_text(yearly)} par an au moins, "
        f"dont {hours_text(quarterly)} par trimestre."
    ]
    if bands:
        lines.append(
            f"Dont {bands} tranche(s) complète(s) de {row['band_places']} places au-delà de {row['band_from_places']}."
        )
    paramedical = Decimal(0)
    if kind is FacilityKind.COLLECTIVE:
        fte = params.at("health.paramedical_fte", on)
        sources.append(fte)
        para_row = _table(fte)[category.category.value]
        paramedical = Decimal(para_row["fte"]) + _bands(para_row, capacity) * Decimal(para_row.get("fte_per_band", 0))
        if paramedical:
            lines.append(f"Professionnels paramédicaux (R2324-40) : {number_text(paramedical)} ETP au moins.")
    return HealthTime(yearly, quarterly, paramedical, tuple(lines), tuple(sources))


# Analyse des pratiques professionnelles -----------------------------------------------------------


class PracticeStatus(StrEnum):
    MET = "met"
    PENDING = "pending"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class PracticeSession:
    """One session attended by the professional: its day, its length and the size of its group."""

    held_on: date
    minutes: int
    participants: int


@dataclass(frozen=True, slots=True)
class PracticePeriod:
    starts_on: date
    ends_on: date
    minutes: int
    minimum_minutes: int
    status: PracticeStatus


@dataclass(frozen=True, slots=True)
class PracticeAnalysis:
    minutes: int
    minimum_minutes: int
    status: PracticeStatus
    periods: tuple[PracticePeriod, ...]
    oversized_sessions: tuple[date, ...]
    explanation: tuple[str, ...]
    sources: tuple[ParameterValue, ...]


def practice_analysis(
    params: ParameterSet, *, year: int, sessions: Sequence[PracticeSession], on: date
) -> PracticeAnalysis:
    """One professional's analyse des pratiques over the calendar ``year``, as it stands on ``on``.

    A period or the year is met once its minimum is reached, missed once it ended short of it, pending
    otherwise. A session in a group larger than the maximum does not count. The figures are those in
    force on ``on``, or on the year's last day when ``on`` is later.
    """
    if on.year < year:
        raise ValueError(f"Le constat du {on:%d/%m/%Y} précède l'année {year}.")
    if any(s.minutes < 0 or s.participants < 1 for s in sessions):
        raise ValueError("Une séance dure un temps positif et réunit au moins un professionnel.")
    if any(s.held_on.year != year for s in sessions):
        raise ValueError(f"Toutes les séances doivent avoir lieu en {year}.")
    last_day = date(year, 12, 31)
    rules_on = min(on, last_day)
    yearly = params.at("practice.yearly_minimum_hours", rules_on)
    per_period = params.at("practice.period_minimum_hours", rules_on)
    months = params.at("practice.period_months", rules_on)
    group = params.at("practice.max_group_size", rules_on)
    assert isinstance(months.value, int) and isinstance(group.value, int)
    if 12 % months.value:
        raise ValueError("La durée d'une période doit diviser l'année.")
    yearly_minimum, period_minimum = _minutes(yearly.value), _minutes(per_period.value)
    oversized = tuple(sorted(s.held_on for s in sessions if s.participants > group.value))
    counted = [s for s in sessions if s.participants <= group.value]
    periods = []
    for first_month in range(1, 13, months.value):
        starts_on = date(year, first_month, 1)
        ends_on = add_months(starts_on, months.value) - timedelta(days=1)
        done = sum(s.minutes for s in counted if starts_on <= s.held_on <= ends_on)
        periods.append(
            PracticePeriod(starts_on, ends_on, done, period_minimum, _status(done, period_minimum, ends_on, on))
        )
    total = sum(s.minutes for s in counted)
    year_status = _status(total, yearly_minimum, last_day, on)
    if PracticeStatus.MISSED in (p.status for p in periods):
        year_status = PracticeStatus.MISSED
    elif year_status is PracticeStatus.MET and any(p.status is PracticeStatus.PENDING for p in periods):
        year_status = PracticeStatus.PENDING
    lines = [
        f"Année {year} : {hours_text(total)} d'analyse des pratiques pour {hours_text(yearly_minimum)} au moins.",
        *(
            f"Du {p.starts_on:%d/%m} au {p.ends_on:%d/%m} : {hours_text(p.minutes)} pour "
            f"{hours_text(p.minimum_minutes)} au moins ({_STATUS_LABELS[p.status]})."
            for p in periods
        ),
    ]
    if oversized:
        lines.append(f"{len(oversized)} séance(s) en groupe de plus de {group.value} professionnels, non comptée(s).")
    return PracticeAnalysis(
        minutes=total,
        minimum_minutes=yearly_minimum,
        status=year_status,
        periods=tuple(periods),
        oversized_sessions=oversized,
        explanation=tuple(lines),
        sources=(yearly, per_period, months, group),
    )


_STATUS_LABELS = {PracticeStatus.MET: "atteint", PracticeStatus.PENDING: "en cours", PracticeStatus.MISSED: "manqué"}


def _status(done: int, minimum: int, ends_on: date, on: date) -> PracticeStatus:
    if done >= minimum:
        return PracticeStatus.MET
    return PracticeStatus.MISSED if on > ends_on else PracticeStatus.PENDING

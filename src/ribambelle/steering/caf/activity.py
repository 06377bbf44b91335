"""The activity data of the CAF declarations, per facility and year, in three columns (docs/caf-reporting.md):

- prévisionnel (forecast): the registry for every day of the year (steering.services.day_capacities), and
  the contracted hours of the contracts in force in January (care.statements), as presence and as billing;
- réel (actual): the facts (steering.FacilityDayFact, FacilityMonthFact) of the months already over;
- actualisé (updated): the actual of the months over, then the registry and the contracted hours of every
  contract known today for the months left.

Integer minutes and Decimal euros throughout; hours are rounded only by the files and pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from ribambelle.care.enums import ContractKind
from ribambelle.care.statements import facilities_month_statements, month_end
from ribambelle.engines.indicators import DayCapacity, theoretical_minutes
from ribambelle.steering import services
from ribambelle.steering.caf.year import elapsed_months, last_elapsed_day, months_of
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.territory.models import Authorisation, Facility

_CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figures:
    """One column of a facility's activity: authorised places on the period's last day, then sums."""

    places: int = 0
    opening_days: int = 0
    opening_minutes: int = 0
    theoretical_minutes: int = 0
    attended_minutes: int = 0
    billed_minutes: int = 0
    family_fees: Decimal = ZERO

    def plus(self, other: Figures, *, places: int) -> Figures:
        return Figures(
            places=places,
            opening_days=self.opening_days + other.opening_days,
            opening_minutes=self.opening_minutes + other.opening_minutes,
            theoretical_minutes=self.theoretical_minutes + other.theoretical_minutes,
            attended_minutes=self.attended_minutes + other.attended_minutes,
            billed_minutes=self.billed_minutes + other.billed_minutes,
            family_fees=self.family_fees + other.family_fees,
        )


@dataclass(frozen=True)
class FacilityActivity:
    facility: Facility
    year: int
    elapsed_months: int  # months of the year over: the actual covers them
    forecast: Figures
    updated: Figures
    actual: Figures | None  # None when no month of the year is over
    notes: tuple[str, ...] = field(default=())

    @property
    def partial(self) -> bool:
        return self.elapsed_months < 12


@dataclass
class _Contracted:
    """Contracted minutes and their fee, by facility: of the forecast's contracts (all months) and of every
    contract (by month, for the months left of the updated column)."""

    forecast_minutes: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    forecast_fees: defaultdict[int, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    all_minutes: defaultdict[tuple[int, date], int] = field(default_factory=lambda: defaultdict(int))
    all_fees: defaultdict[tuple[int, date], Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    errors: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    missing_choice: dict[int, str] = field(default_factory=dict)


def forecast_takes(contract_starts_on: date, year: int) -> bool:
    """The forecast's contracts: those that start by the end of January of the year (the ones in force when
    the year begins, the first working days of January included)."""
    return contract_starts_on <= date(year, 1, 31)


def _contracted(facilities: Sequence[Facility], year: int, on_month: Callable[[int], None] | None) -> _Contracted:
    """The mensualised hours of the regular contracts, month by month (care.statements), at their hourly fee
    (minutes × fee / 60, half up to the cent, by statement, as a bill is). Occasional and emergency care has
    no contracted hours: none is forecast."""
    found = _Contracted()
    for number, month in enumerate(months_of(year), start=1):
        for result in facilities_month_statements(facilities=facilities, month=month):
            pk = result.facility.pk
            if result.missing_choice is not None:
                found.missing_choice[pk] = str(result.missing_choice)
            for statement in result.statements:
                if statement.error:
                    found.errors[pk] += 1
                    continue
                if statement.kind != ContractKind.REGULAR or statement.hourly_fee is None:
                    continue
                minutes = statement.contracted_minutes
                fee = (Decimal(minutes) * statement.hourly_fee / 60).quantize(_CENT, ROUND_HALF_UP)
                found.all_minutes[pk, month] += minutes
                found.all_fees[pk, month] += fee
                if forecast_takes(statement.contract.starts_on, year):
                    found.forecast_minutes[pk] += minutes
                    found.forecast_fees[pk] += fee
        if on_month is not None:
            on_month(number)
    return found


def _registry(capacities: Iterable[DayCapacity]) -> Figures:
    """Opening days, opening minutes and capacity of days from the registry (an open day: not closed, with
    opening hours and an authorisation in force)."""
    days = minutes = theoretical = 0
    for day in capacities:
        if day.closed or day.opens is None or day.closes is None or day.closes <= day.opens:
            continue
        days += 1
        minutes += day.closes - day.opens
        theoretical += theoretical_minutes(day)
    return Figures(opening_days=days, opening_minutes=minutes, theoretical_minutes=theoretical)


def places_on(facility_ids: Sequence[int], on: date) -> dict[int, int]:
    """Authorised places of the latest authorisation in force on ``on`` (0 without one)."""
    places: dict[int, int] = dict.fromkeys(facility_ids, 0)
    for facility_id, capacity in (
        Authorisation.objects.in_force_on(on)
        .filter(facility_id__in=facility_ids)
        .order_by("facility_id", "valid_from", "pk")
        .values_list("facility_id", "capacity")
    ):
        places[facility_id] = capacity  # the latest wins
    return places


def _actual(facility_ids: Sequence[int], year: int, end_on: date) -> tuple[dict[int, Figures], dict[int, list[str]]]:
    """The facts from 1 January to ``end_on`` (the last day of the last month over)."""
    start_on = date(year, 1, 1)
    # These facilities only: one facility's file must not recompute a city's months.
    services.month_facts_refresh_stale(start_on=start_on, end_on=end_on, scope=Q(facility_id__in=facility_ids))
    is_open = Q(closed=False, opening_minutes__gt=0)
    days = {
        row["facility_id"]: row
        for row in FacilityDayFact.objects.filter(facility_id__in=facility_ids, on__range=(start_on, end_on))
        .values("facility_id")
        .annotate(
            facts=Count("pk"),
            open_days=Count("pk", filter=is_open),
            opening=Sum("opening_minutes", filter=is_open),
            theoretical=Sum("theoretical_minutes"),
            attended=Sum("attended_minutes"),
        )
        .order_by()
    }
    months = {
        row["facility_id"]: row
        for row in FacilityMonthFact.objects.filter(facility_id__in=facility_ids, month__range=(start_on, end_on))
        .values("facility_id")
        .annotate(facts=Count("pk"), billed=Sum("billed_minutes"), amount=Sum("billed_amount"), errors=Sum("errors"))
        .order_by()
    }
    places = places_on(facility_ids, end_on)
    expected_days = (end_on - start_on).days + 1
    expected_months = end_on.month
    figures, notes = {}, defaultdict(list)
    for pk in facility_ids:
        day, month = days.get(pk, {}), months.get(pk, {})
        figures[pk] = Figures(
            places=places[pk],
            opening_days=day.get("open_days") or 0,
            opening_minutes=day.get("opening") or 0,
            theoretical_minutes=day.get("theoretical") or 0,
            attended_minutes=day.get("attended") or 0,
            billed_minutes=month.get("billed") or 0,
            family_fees=Decimal(month.get("amount") or ZERO).quantize(_CENT),
        )
        if (day.get("facts") or 0) < expected_days or (month.get("facts") or 0) < expected_months:
            notes[pk].append(
                f"Réel incomplet : faits d'activité calculés pour {day.get('facts') or 0} jours sur {expected_days} "
                f"et {month.get('facts') or 0} mois sur {expected_months} ; lancez « ribambelle indicators --from "
                f"{start_on} --to {end_on} --by facility,month --refresh »."
            )
        if month.get("errors"):
            notes[pk].append(f"Réel : {month['errors']} relevés mensuels non calculés (heures facturées absentes).")
    return figures, notes


def facilities_activity(
    *, facilities: Sequence[Facility], year: int, today: date, on_month: Callable[[int], None] | None = None
) -> list[FacilityActivity]:
    """The three columns of every facility for ``year``, as known on ``today``; ``facilities`` is the caller's
    scope. Costs twelve months of statements for all of them, one capacity read and two grouped fact reads;
    ``on_month(n)`` is told when the statements of n months are done."""
    facilities = list(facilities)
    ids = [facility.pk for facility in facilities]
    if not ids:
        return []
    start_on, end_on = date(year, 1, 1), date(year, 12, 31)
    capacities = services.day_capacities(
        [(f.pk, f.opened_on, f.closed_on) for f in facilities], start_on=start_on, end_on=end_on
    )
    contracted = _contracted(facilities, year, on_month)
    elapsed = elapsed_months(year, today)
    actual_end = last_elapsed_day(year, today)
    actual, notes = _actual(ids, year, actual_end) if actual_end else ({}, defaultdict(list))
    year_places = places_on(ids, end_on)
    left_start = actual_end + timedelta(days=1) if actual_end else start_on
    result = []
    for facility in facilities:
        pk = facility.pk
        days = [capacities[pk, start_on + timedelta(days=n)] for n in range((end_on - start_on).days + 1)]
        registry = _registry(days)
        forecast = Figures(
            places=year_places[pk],
            opening_days=registry.opening_days,
            opening_minutes=registry.opening_minutes,
            theoretical_minutes=registry.theoretical_minutes,
            attended_minutes=contracted.forecast_minutes[pk],
            billed_minutes=contracted.forecast_minutes[pk],
            family_fees=contracted.forecast_fees[pk],
        )
        left_months = months_of(year)[elapsed:]
        left_minutes = sum(contracted.all_minutes[pk, month] for month in left_months)
        left = _registry(days[(left_start - start_on).days :])
        left = Figures(
            opening_days=left.opening_days,
            opening_minutes=left.opening_minutes,
            theoretical_minutes=left.theoretical_minutes,
            attended_minutes=left_minutes,
            billed_minutes=left_minutes,
            family_fees=sum((contracted.all_fees[pk, month] for month in left_months), ZERO),
        )
        facility_actual = actual.get(pk)
        updated = (facility_actual or Figures()).plus(left, places=year_places[pk])
        facility_notes = list(notes.get(pk, []))
        if pk in contracted.missing_choice:
            facility_notes.append(f"Prévision des heures impossible : {contracted.missing_choice[pk]}")
        if contracted.errors.get(pk):
            facility_notes.append(
                f"{contracted.errors[pk]} relevés mensuels non calculés : leurs heures contractualisées manquent "
                "à la prévision."
            )
        result.append(
            FacilityActivity(facility, year, elapsed, forecast, updated, facility_actual, tuple(facility_notes))
        )
    return result


def month_label(year: int, elapsed: int) -> str:
    """« jusqu'au 31/10/2026 » for a partial actual."""
    return f"jusqu'au {month_end(date(year, elapsed, 1)):%d/%m/%Y}" if elapsed else "aucun mois écoulé"

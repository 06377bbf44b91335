"""The activity cockpit's read model: the key figures of a set of facilities over the complete months of a
year against the same months of the year before and the national reference, the monthly trend, the figures
of each facility and the alerts. Everything comes from the facts (steering.models) through the indicators
engine: two grouped queries read two years of facts, the engine aggregates them at every level in memory.
No name of a person is read here: the elected officials see these pages as they are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, Q, QuerySet

from ribambelle.care.statements import month_end
from ribambelle.core.charts import percent
from ribambelle.engines.indicators import (
    Band,
    DayFact,
    Grain,
    Indicator,
    Level,
    MonthBilled,
    Rate,
    indicators,
    period_start,
    week_start,
)
from ribambelle.rules.authorisation import RenewalStatus, renewal_status
from ribambelle.steering.caf.year import elapsed_months
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.steering.sections import sections_read
from ribambelle.steering.selectors import billing_thresholds, facility_weeks, facts_read, months_grouped
from ribambelle.territory.enums import FacilityType, ManagementMode
from ribambelle.territory.models import Authorisation, Facility, Section
from ribambelle.territory.selectors import parameters_in_force

REFERENCE_KEY = "indicators.national_occupancy_rate"
WEEKLY_RATE_KEY = "capacity.overcapacity_weekly_rate"
MONTH_LABELS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


@dataclass(frozen=True)
class FacilityInfo:
    """What the cockpit shows of a facility: never a person."""

    pk: int
    name: str
    facility_type: str
    management_mode: str
    sector: str
    sector_id: int | None


@dataclass(frozen=True)
class Period:
    """Months ``first`` to ``last`` (first days) of one year: the complete months the cockpit compares."""

    first: date
    last: date

    @property
    def end_on(self) -> date:
        return month_end(self.last)

    @property
    def months(self) -> list[date]:
        return [date(self.first.year, m, 1) for m in range(self.first.month, self.last.month + 1)]

    @property
    def label(self) -> str:
        if self.first.month == 1 and self.last.month == 12:
            return str(self.first.year)
        return f"{MONTH_LABELS[self.first.month - 1]} à {MONTH_LABELS[self.last.month - 1]} {self.first.year}"

    def year_before(self) -> Period:
        return Period(self.first.replace(year=self.first.year - 1), self.last.replace(year=self.last.year - 1))


def period_of(year: int, *, today: date) -> Period | None:
    """The complete months of ``year`` on ``today`` (rates need whole months: billing is monthly); None
    before the end of its first month."""
    count = elapsed_months(year, today)
    return Period(date(year, 1, 1), date(year, count, 1)) if count else None


def years_with_facts() -> list[int]:
    """The years the day facts cover, newest first (two index lookups)."""
    bounds = FacilityDayFact.objects.aggregate(first=Min("on"), last=Max("on"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"].year, bounds["first"].year - 1, -1))


def facility_infos(facilities: QuerySet[Facility]) -> list[FacilityInfo]:
    types, modes = dict(FacilityType.choices), dict(ManagementMode.choices)
    return [
        FacilityInfo(pk, name, types.get(kind, kind), modes.get(mode, mode), sector or "(sans secteur)", sector_id)
        for pk, name, kind, mode, sector, sector_id in facilities.order_by("name").values_list(
            "pk", "name", "facility_type", "management_mode", "sector__name", "sector_id"
        )
    ]


ALERT_KINDS = {
    "surnombre": "Surnombre au-delà des limites réglementaires",
    "occupancy": "Occupation sous le repère national",
    "billing_rate": "Taux de facturation au-dessus du seuil PSU",
    "statements": "Relevés non calculés",
    "authorisation": "Autorisations à renouveler",
}
SHOWN_ALERTS = 10  # per kind on the pages; the alerts table has them all


@dataclass(frozen=True)
class Alert:
    facility: FacilityInfo
    kind: str  # a key of ALERT_KINDS
    message: str
    severe: bool = False


@dataclass(frozen=True)
class AlertGroup:
    label: str
    alerts: list[Alert]

    @property
    def shown(self) -> list[Alert]:
        return self.alerts[:SHOWN_ALERTS]

    @property
    def hidden(self) -> int:
        return max(len(self.alerts) - SHOWN_ALERTS, 0)


@dataclass(frozen=True)
class FacilityFigures:
    facility: FacilityInfo
    current: Indicator | None
    previous: Indicator | None


@dataclass(frozen=True)
class SectorFigures:
    name: str
    facilities: int
    current: Indicator | None
    previous: Indicator | None


@dataclass(frozen=True)
class MonthFigures:
    month: date
    current: Indicator | None
    previous: Indicator | None

    @property
    def label(self) -> str:
        return MONTH_LABELS[self.month.month - 1]


@dataclass(frozen=True)
class Dashboard:
    period: Period
    previous_period: Period
    reference: Decimal  # the national reference occupancy
    current: Indicator | None
    previous: Indicator | None
    months: list[MonthFigures]
    facilities: list[FacilityFigures]
    sectors: list[SectorFigures]
    alerts: list[Alert] = field(default_factory=list)
    stale_months: int = 0

    @property
    def alert_groups(self) -> list[AlertGroup]:
        """The alerts by kind, severe ones first in each, in the order of ALERT_KINDS."""
        return [
            AlertGroup(label, sorted(found, key=lambda a: not a.severe))
            for kind, label in ALERT_KINDS.items()
            if (found := [a for a in self.alerts if a.kind == kind])
        ]


def dashboard(*, facilities: Sequence[FacilityInfo], period: Period, today: date) -> Dashboard:
    """The figures of ``facilities`` over ``period`` and the same months of the year before, with their
    alerts."""
    ids = [info.pk for info in facilities]
    previous_period = period.year_before()
    thresholds = billing_thresholds()

    months_read = period.months + previous_period.months
    Rated = dict[tuple[int | None, date], Indicator]

    def rated(days: list[DayFact], billed: list[MonthBilled], level: Level, grain: Grain, presence: Any = ()) -> Rated:
        rows = indicators(days, billed, level=level, grain=grain, thresholds=thresholds, presence=presence)
        return {(row.group_id, row.period): row for row in rows}

    # Two sums in the database: each facility's two years (a row each, carrying its sector), from which the
    # sectors and the territory are rated too; and the territory's months. The previous period ends before
    # the current one starts: a year's grain keeps them apart.
    facility_days, facility_presence, facility_billed = months_grouped(
        months=months_read, level=Level.FACILITY, grain=Grain.YEAR, facility_ids=ids
    )
    by_facility = rated(facility_days, facility_billed, Level.FACILITY, Grain.YEAR, facility_presence)
    by_sector = rated(facility_days, facility_billed, Level.SECTOR, Grain.YEAR)
    years = rated(facility_days, facility_billed, Level.TERRITORY, Grain.YEAR)
    month_days, _, month_billed = months_grouped(
        months=months_read, level=Level.TERRITORY, grain=Grain.MONTH, facility_ids=ids
    )
    months = rated(month_days, month_billed, Level.TERRITORY, Grain.MONTH)
    sector_names = {info.sector_id: info.sector for info in facilities}
    sizes = Counter(info.sector_id for info in facilities)
    this_year, last_year = period.first, previous_period.first
    reference = Decimal(parameters_in_force().at(REFERENCE_KEY, period.first).value)
    rows = [
        FacilityFigures(info, by_facility.get((info.pk, this_year)), by_facility.get((info.pk, last_year)))
        for info in facilities
    ]
    return Dashboard(
        period=period,
        previous_period=previous_period,
        reference=reference,
        # One facility: its own row, which carries its daily presence (a group's is not a sum of its facilities').
        current=rows[0].current if len(rows) == 1 else years.get((None, this_year)),
        previous=rows[0].previous if len(rows) == 1 else years.get((None, last_year)),
        months=[
            MonthFigures(m, months.get((None, m)), months.get((None, m.replace(year=m.year - 1))))
            for m in period.months
        ],
        facilities=rows,
        sectors=[
            SectorFigures(name, sizes[pk], by_sector.get((pk, this_year)), by_sector.get((pk, last_year)))
            for pk, name in sorted(sector_names.items(), key=lambda item: item[1])
        ],
        alerts=_alerts(rows, reference=reference, period=period, today=today) + _week_alerts(facilities, period),
        stale_months=FacilityMonthFact.objects.filter(
            facility_id__in=ids, stale=True, month__range=(period.first, period.last)
        ).count(),
    )


def _alerts(rows: Sequence[FacilityFigures], *, reference: Decimal, period: Period, today: date) -> list[Alert]:
    alerts = []
    for row in rows:
        figures = row.current
        if figures is None:
            continue
        presence = figures.presence
        if presence.over_limit_days:
            alerts.append(
                Alert(
                    row.facility,
                    "surnombre",
                    f"{presence.over_limit_days} jour{'s' if presence.over_limit_days > 1 else ''} au-delà de la "
                    f"limite instantanée de 115 % ({presence.over_limit_minutes} minutes en tout ; jusqu'à "
                    f"{presence.peak} enfants présents en même temps)",
                    severe=True,
                )
            )
        real = figures.real_occupancy.value
        if real is not None and real < reference:
            alerts.append(
                Alert(
                    row.facility,
                    "occupancy",
                    f"Taux d'occupation réel {percent(real)}, sous le repère de {percent(reference)}",
                )
            )
        if figures.band is not None and figures.band.band is not Band.FULL and figures.billing_rate is not None:
            rate = figures.billing_rate.value
            assert rate is not None
            alerts.append(
                Alert(
                    row.facility,
                    "billing_rate",
                    f"Taux de facturation {percent(rate)}, au-dessus de {percent(figures.band.thresholds.low)} : "
                    "le prix plafond PSU diminue",
                    severe=figures.band.band is Band.FLOOR,
                )
            )
    infos = {row.facility.pk: row.facility for row in rows}
    alerts += _statement_alerts(infos, period)
    alerts += _authorisation_alerts(infos, today)
    return alerts


def _week_candidates(ids: Sequence[int], period: Period) -> list[int]:
    """The facilities that may have a week over its weekly limit in the period: with a limit of at least
    100 % of the week's capacity, a week over it has a day attended beyond that day's capacity, which the
    month facts count (``over_capacity_days``, over the months of the weeks that overlap the period).
    Every facility when a lower rate was ever in force by the period's end."""
    first, last = week_start(period.first), week_start(period.end_on) + timedelta(days=6)
    rates = parameters_in_force()[WEEKLY_RATE_KEY].values
    if any(rate.effective_on <= last and Decimal(str(rate.value)) < 1 for rate in rates):
        return list(ids)
    return list(
        FacilityMonthFact.objects.filter(
            facility_id__in=ids, month__range=(first.replace(day=1), last), over_capacity_days__gt=0
        )
        .values_list("facility_id", flat=True)
        .distinct()
    )


def _week_alerts(facilities: Sequence[FacilityInfo], period: Period) -> list[Alert]:
    """The ISO weeks of the period whose occupancy exceeds the weekly limit (100 %, R2324-27), computed for
    the candidate facilities only (a rule per facility-week: a city's year of weeks takes seconds)."""
    infos = {info.pk: info for info in facilities}
    candidates = _week_candidates(list(infos), period)
    if not candidates:
        return []
    return [
        Alert(
            infos[week.facility_id],
            "surnombre",
            f"Semaine du {week.week:%d/%m/%Y} : occupation hebdomadaire de {percent(week.occupancy.value)}, "
            "au-delà de 100 %",
            severe=True,
        )
        for week in facility_weeks(facility_ids=candidates, start_on=period.first, end_on=period.end_on)
        if week.over and week.occupancy.value is not None
    ]


def _statement_alerts(infos: dict[int, FacilityInfo], period: Period) -> list[Alert]:
    """Months whose statements could not all be computed: their billed hours are short."""
    missing: dict[int, list[str]] = {}
    for facility_id, month in (
        FacilityMonthFact.objects.filter(facility_id__in=infos, month__range=(period.first, period.last))
        .filter(Q(errors__gt=0) | ~Q(missing_choice=""))
        .order_by("facility_id", "month")
        .values_list("facility_id", "month")
    ):
        missing.setdefault(facility_id, []).append(MONTH_LABELS[month.month - 1])
    return [
        Alert(
            infos[pk],
            "statements",
            f"Relevés non calculés en {', '.join(months)} : heures facturées incomplètes",
            severe=True,
        )
        for pk, months in missing.items()
    ]


def _authorisation_alerts(infos: dict[int, FacilityInfo], today: date) -> list[Alert]:
    """The authorisation in force today (the latest) to renew, overdue or expired."""
    params = parameters_in_force()
    latest: dict[int, date | None] = {}
    for facility_id, expires_on in (
        Authorisation.objects.filter(facility_id__in=infos, valid_from__lte=today)
        .order_by("facility_id", "valid_from")
        .values_list("facility_id", "expires_on")
    ):
        latest[facility_id] = expires_on
    wording = {
        RenewalStatus.RENEWAL_WINDOW: "Autorisation à renouveler",
        RenewalStatus.RENEWAL_OVERDUE: "Renouvellement de l'autorisation en retard",
        RenewalStatus.EXPIRED: "Autorisation expirée",
    }
    alerts = []
    for facility_id, expires_on in latest.items():
        status = renewal_status(params, expires_on=expires_on, on=today).status
        if status in wording and expires_on is not None:
            alerts.append(
                Alert(
                    infos[facility_id],
                    "authorisation",
                    f"{wording[status]} (échéance le {expires_on:%d/%m/%Y})",
                    severe=status is not RenewalStatus.RENEWAL_WINDOW,
                )
            )
    return alerts


OUTSIDE_SECTIONS = "Hors section"


@dataclass(frozen=True)
class SectionFigures:
    """A section of a facility over a period and over the same months a year before; ``places`` is None on
    the row of what falls outside the sections (presence without a contract, contracts without a section)."""

    name: str
    places: int | None
    current: Indicator | None
    previous: Indicator | None


def section_figures(*, facility_id: int, months: Sequence[date], grain: Grain) -> list[SectionFigures]:
    """The sections of one facility (youngest first) over these whole months of one year, summed by
    ``grain`` (month or year), against the same months a year before; then the row outside the sections
    when anything was recorded or billed there."""
    before = [month.replace(year=month.year - 1) for month in months]
    days, billed = sections_read(months=[*months, *before], facility_ids=[facility_id])
    rows = indicators(days, billed, level=Level.SECTION, grain=grain, thresholds=billing_thresholds())
    found = {(row.group_id, row.period): row for row in rows}
    this, last = period_start(months[0], grain), period_start(before[0], grain)
    figures = [
        SectionFigures(name, places, found.get((pk, this)), found.get((pk, last)))
        for pk, name, places in Section.objects.filter(facility_id=facility_id)
        .order_by("min_age_months", "name")
        .values_list("pk", "name", "places")
    ]
    outside = found.get((None, this))
    if outside is not None and (outside.attended_minutes or outside.billed_minutes):
        figures.append(SectionFigures(OUTSIDE_SECTIONS, None, outside, found.get((None, last))))
    return figures


@dataclass(frozen=True)
class DayFigures:
    day: Indicator
    places: int
    opening_minutes: int
    closed: bool


def month_days(*, facility_id: int, month: date) -> tuple[list[DayFigures], Indicator | None]:
    """The days of one facility's month, and the month's figures (with its billed hours)."""
    end_on = month_end(month)
    facts = facts_read(start_on=month, end_on=end_on, grain=Grain.DAY, facility_ids=[facility_id])
    days = indicators(facts.days, (), level=Level.FACILITY, grain=Grain.DAY)
    inputs = {
        on: (places, opening, closed)
        for on, places, opening, closed in FacilityDayFact.objects.filter(
            facility_id=facility_id, on__range=(month, end_on)
        ).values_list("on", "places", "opening_minutes", "closed")
    }
    whole = indicators(
        facts.days, facts.billed, level=Level.FACILITY, grain=Grain.MONTH, thresholds=billing_thresholds()
    )
    return [DayFigures(day, *inputs[day.period]) for day in days], (whole[0] if whole else None)


def rate_value(rate: Rate | None) -> Decimal | None:
    return None if rate is None else rate.value

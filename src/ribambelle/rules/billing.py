"""The monthly bill of a regular contract (accueil régulier, PSU): mensualisation, deductible absences,
extra minutes and the facility's rounding rule. docs/rules/billing.md gives the readings and references.

- Durations are whole minutes; the facility's rounding rule (local choice ``billing.rounding``) applies
  per day, the same way to the contracted, attended and extra minutes of that day.
- Mensualisation: weeks of attendance × contracted minutes a week / months of the contract, rounded half
  up to the minute. The same monthly minutes are due every month of the contract, the first and the last
  included.
- Extra minutes of a day: attendance outside the day's contracted periods (the window reading).
- A deductible absence removes the contracted minutes of its day once its waiting period (in calendar days
  from the first day of the run of absences for the same reason) has passed. The deductions of a month
  never exceed its contracted minutes.
- Amount: billed minutes / 60 × hourly fee, rounded half up to the cent once, on the total.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

from ribambelle.rules.choices import Decided, RuleChoices
from ribambelle.rules.parameters import ParameterError, ParameterSet, ParameterValue

ROUNDING_KEY = "billing.rounding"
WAITING_DAYS_KEY = "billing.absence_waiting_days"
MINUTES_PER_DAY = 24 * 60
CENT = Decimal("0.01")
_WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# The values of the local choice billing.rounding (rules.choices): step in minutes, and whether any
# started step is due ("up") or the duration goes to the nearest step, half a step going up ("nearest").
_ROUNDING_STEPS: dict[str, tuple[int, bool]] = {
    "minute": (1, True),
    "up_15": (15, True),
    "up_30": (30, True),
    "nearest_15": (15, False),
    "nearest_30": (30, False),
}


class AbsenceReason(StrEnum):
    ILLNESS_WITH_CERTIFICATE = "illness_with_certificate"
    ILLNESS_WITHOUT_CERTIFICATE = "illness_without_certificate"
    HOSPITALISATION = "hospitalisation"
    EVICTION = "eviction"
    FACILITY_CLOSURE = "facility_closure"
    FAMILY_LEAVE = "family_leave"
    UNJUSTIFIED = "unjustified"


def absence_reason(value: str) -> AbsenceReason:
    """The reason named ``value``; a French ValueError otherwise."""
    try:
        return AbsenceReason(value)
    except ValueError:
        allowed = ", ".join(reason.value for reason in AbsenceReason)
        raise ValueError(f"Motif d'absence inconnu « {value} » (attendu : {allowed}).") from None


def round_minutes(minutes: int, rule: str) -> int:
    """``minutes`` rounded by the facility's rule (``minute``, ``up_15``, ``up_30``, ``nearest_15``…)."""
    if minutes < 0:
        raise ValueError("Une durée ne peut pas être négative.")
    try:
        step, up = _ROUNDING_STEPS[rule]
    except KeyError:
        allowed = ", ".join(_ROUNDING_STEPS)
        raise ValueError(f"Règle d'arrondi inconnue « {rule} » (attendu : {allowed}).") from None
    if up:
        return -(-minutes // step) * step
    return (2 * minutes + step) // (2 * step) * step


def clock(minutes: int) -> str:
    """Minutes since midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class Period:
    """Arrival and departure, in minutes since midnight, within one day."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < 0:
            raise ValueError("Une heure d'arrivée ou de départ ne peut pas être négative.")
        if self.end > MINUTES_PER_DAY:
            raise ValueError("Une plage horaire ne peut pas dépasser minuit.")
        if self.end <= self.start:
            raise ValueError(f"Le départ ({clock(self.end)}) doit suivre l'arrivée ({clock(self.start)}).")

    @property
    def minutes(self) -> int:
        return self.end - self.start


def _check_periods(periods: Sequence[Period], where: str) -> None:
    ordered = sorted(periods, key=lambda p: p.start)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise ValueError(f"Les plages horaires du {where} se chevauchent.")


def _overlap(first: Sequence[Period], second: Sequence[Period]) -> int:
    return sum(max(0, min(a.end, b.end) - max(a.start, b.start)) for a in first for b in second)


@dataclass(frozen=True, slots=True)
class Contract:
    """A regular contract: periods per weekday (0 = Monday … 6 = Sunday), weeks of attendance over the
    contract (usually a year), its first and last days, and the family's hourly fee."""

    weekly_schedule: Mapping[int, tuple[Period, ...]]
    attendance_weeks: int
    starts_on: date
    ends_on: date
    hourly_fee: Decimal

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError("La fin du contrat précède son début.")
        for weekday, periods in self.weekly_schedule.items():
            if not 0 <= weekday <= 6:
                raise ValueError(f"Jour de la semaine invalide : {weekday} (0 = lundi … 6 = dimanche).")
            _check_periods(periods, _WEEKDAY_NAMES[weekday])
        if not any(self.weekly_schedule.values()):
            raise ValueError("Le contrat ne réserve aucune plage horaire dans la semaine.")
        spanned_weeks = -(-((self.ends_on - self.starts_on).days + 1) // 7)
        if not 1 <= self.attendance_weeks <= spanned_weeks:
            raise ValueError(
                f"Le nombre de semaines de présence ({self.attendance_weeks}) doit aller de 1 à la durée du "
                f"contrat ({spanned_weeks} semaines)."
            )
        if not self.hourly_fee.is_finite() or self.hourly_fee < 0:
            raise ValueError("Le tarif horaire doit être un montant positif ou nul.")

    @property
    def months(self) -> int:
        """Calendar months the contract touches, the first and the last included."""
        return (self.ends_on.year - self.starts_on.year) * 12 + self.ends_on.month - self.starts_on.month + 1

    def periods_on(self, day: date) -> tuple[Period, ...]:
        """The contracted periods of ``day``; none outside the contract."""
        if not self.starts_on <= day <= self.ends_on:
            return ()
        return self.weekly_schedule.get(day.weekday(), ())


@dataclass(frozen=True, slots=True)
class DayAttendance:
    """What the attendance records say for one day: one or several arrival–departure periods."""

    on: date
    periods: tuple[Period, ...]

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError(f"La présence du {self.on:%d/%m/%Y} n'a aucune plage horaire.")
        _check_periods(self.periods, f"{self.on:%d/%m/%Y}")


@dataclass(frozen=True, slots=True)
class Absence:
    on: date
    reason: AbsenceReason


@dataclass(frozen=True, slots=True)
class Mensualisation:
    weekly_minutes: int
    attendance_weeks: int
    months: int
    monthly_minutes: int


@dataclass(frozen=True, slots=True)
class Deduction:
    on: date
    reason: AbsenceReason
    minutes: int


def hours(minutes: int) -> Decimal:
    """Minutes as decimal hours for display, rounded half up to the hundredth."""
    return (Decimal(minutes) / 60).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class MonthlyBill:
    """One month of a regular contract; ``sources`` are the parameter values the bill used."""

    month: date
    mensualisation: Mensualisation
    contracted_minutes: int
    extra_minutes: int
    deducted_minutes: int
    deductions: tuple[Deduction, ...]
    attended_minutes: int
    billed_minutes: int
    hourly_fee: Decimal
    amount: Decimal
    rounding: Decided
    sources: tuple[ParameterValue, ...]

    @property
    def contracted_hours(self) -> Decimal:
        return hours(self.contracted_minutes)

    @property
    def extra_hours(self) -> Decimal:
        return hours(self.extra_minutes)

    @property
    def deducted_hours(self) -> Decimal:
        return hours(self.deducted_minutes)

    @property
    def billed_hours(self) -> Decimal:
        return hours(self.billed_minutes)

    @property
    def attended_hours(self) -> Decimal:
        return hours(self.attended_minutes)


def day_minutes(periods: Sequence[Period], rule: str) -> int:
    """The minutes of one day's periods, rounded once for the day."""
    return round_minutes(sum(p.minutes for p in periods), rule)


def mensualisation(contract: Contract, rule: str) -> Mensualisation:
    """Monthly contracted minutes: each contracted day rounded by ``rule``, then weeks × weekly minutes
    / months, rounded half up to the minute."""
    weekly = sum(day_minutes(periods, rule) for periods in contract.weekly_schedule.values())
    quotient, remainder = divmod(weekly * contract.attendance_weeks, contract.months)
    monthly = quotient + (1 if 2 * remainder >= contract.months else 0)
    return Mensualisation(weekly, contract.attendance_weeks, contract.months, monthly)


def month_bill(
    params: ParameterSet,
    *,
    contract: Contract,
    month: date,
    attendance: Sequence[DayAttendance],
    absences: Sequence[Absence],
    choices: RuleChoices,
) -> MonthlyBill:
    """The bill of ``month`` (its first day). ``absences`` may reach back before the month, so that a
    waiting period that began the month before is counted; only the month's days are billed or deducted."""
    rounding = choices.provenance(ROUNDING_KEY)
    rule = rounding.value
    last_day = _check_month(contract, month)
    attended = _by_day(attendance, month, last_day)
    absent = _absences_by_day(absences, attended, last_day)

    mensual = mensualisation(contract, rule)
    deductions, sources = _deductions(params, contract, absent, attended, month, rule)
    deducted = min(sum(d.minutes for d in deductions), mensual.monthly_minutes)
    extra = sum(
        round_minutes(sum(p.minutes for p in day.periods) - _overlap(day.periods, contract.periods_on(day.on)), rule)
        for day in attended.values()
    )
    attended_minutes = sum(day_minutes(day.periods, rule) for day in attended.values())
    billed = mensual.monthly_minutes - deducted + extra
    amount = (Decimal(billed) * contract.hourly_fee / 60).quantize(CENT, ROUND_HALF_UP)
    return MonthlyBill(
        month=month,
        mensualisation=mensual,
        contracted_minutes=mensual.monthly_minutes,
        extra_minutes=extra,
        deducted_minutes=deducted,
        deductions=deductions,
        attended_minutes=attended_minutes,
        billed_minutes=billed,
        hourly_fee=contract.hourly_fee,
        amount=amount,
        rounding=rounding,
        sources=sources,
    )


def _check_month(contract: Contract, month: date) -> date:
    if month.day != 1:
        raise ValueError("Le mois facturé se désigne par son premier jour.")
    last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    if last_day < contract.starts_on or month > contract.ends_on:
        raise ValueError(f"Le mois {month:%m/%Y} est hors de la période du contrat.")
    return last_day


def _by_day(attendance: Sequence[DayAttendance], month: date, last_day: date) -> dict[date, DayAttendance]:
    days: dict[date, DayAttendance] = {}
    for day in attendance:
        if not month <= day.on <= last_day:
            raise ValueError(f"La présence du {day.on:%d/%m/%Y} n'est pas dans le mois facturé.")
        if day.on in days:
            raise ValueError(f"La présence du {day.on:%d/%m/%Y} est donnée deux fois.")
        days[day.on] = day
    return days


def _absences_by_day(
    absences: Sequence[Absence], attended: Mapping[date, DayAttendance], last_day: date
) -> dict[date, AbsenceReason]:
    days: dict[date, AbsenceReason] = {}
    for absence in absences:
        where = f"{absence.on:%d/%m/%Y}"
        if absence.on > last_day:
            raise ValueError(f"L'absence du {where} est postérieure au mois facturé.")
        if absence.on in days:
            raise ValueError(f"L'absence du {where} est donnée deux fois.")
        if absence.on in attended:
            raise ValueError(f"Le {where} ne peut pas être à la fois un jour de présence et un jour d'absence.")
        days[absence.on] = absence.reason
    return days


def _deductions(
    params: ParameterSet,
    contract: Contract,
    absent: Mapping[date, AbsenceReason],
    attended: Mapping[date, DayAttendance],
    month: date,
    rule: str,
) -> tuple[tuple[Deduction, ...], tuple[ParameterValue, ...]]:
    deductions: list[Deduction] = []
    sources: dict[tuple[str, date], ParameterValue] = {}
    earliest = min(absent, default=month)
    for on, reason in sorted(absent.items()):
        if on < month:
            continue
        minutes = day_minutes(contract.periods_on(on), rule)
        if not minutes:
            continue
        source = params.at(WAITING_DAYS_KEY, on)
        sources[(source.key, source.effective_on)] = source
        waiting = _waiting_days(source, reason)
        if waiting is None:
            continue
        first = on
        day = on - timedelta(days=1)
        while day >= earliest and day not in attended:
            if absent.get(day) == reason:
                first = day
            elif contract.periods_on(day):
                break
            day -= timedelta(days=1)
        if (on - first).days >= waiting:
            deductions.append(Deduction(on, reason, minutes))
    return tuple(deductions), tuple(sources.values())


def _waiting_days(source: ParameterValue, reason: AbsenceReason) -> int | None:
    """The reason's waiting period in calendar days; None when the reason is not deductible."""
    if not isinstance(source.value, Mapping):
        raise ParameterError(f"{source.key} : un tableau par motif d'absence est attendu.")
    waiting = source.value.get(reason.value)
    if waiting is not None and not isinstance(waiting, int):
        raise ParameterError(f"{source.key} : le délai de carence de « {reason.value} » doit être un entier.")
    return waiting

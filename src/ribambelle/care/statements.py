"""Monthly statements (relevés mensuels): for each child's contract touching the month at a facility, the
hours and the amount, computed by rules.billing from the contract version, the attendance, the absences
and the facility's exceptional closures. The readings are in docs/care-statements.md.

A facility-month costs one query per table whatever the number of children (local choices, contracts with
child and family, versions, parameters entered locally, attendance, absences, closures); every facility
of a month at once costs one query per facility for its local choices, and one per table for the rest.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ribambelle.care.enums import AbsenceReason, ContractKind, ContractStatus
from ribambelle.care.models import Contract, ContractVersion
from ribambelle.care.statement_records import ChildRecords, month_records
from ribambelle.care.version_display import FeeExplanation, fee_explanation
from ribambelle.families.models import Child, Family
from ribambelle.rules import billing
from ribambelle.rules.choices import CHOICES, Decided, MissingChoice, RuleChoices
from ribambelle.rules.parameters import ParameterNotInForce, ParameterSet, ParameterValue
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import parameters_in_force, rule_choices_for


class _Hours:
    """Decimal hours (rounded half up to the hundredth, for display) of the ``*_minutes`` fields."""

    contracted_minutes: int
    extra_minutes: int
    deducted_minutes: int
    billed_minutes: int
    attended_minutes: int

    @property
    def contracted_hours(self) -> Decimal:
        return billing.hours(self.contracted_minutes)

    @property
    def extra_hours(self) -> Decimal:
        return billing.hours(self.extra_minutes)

    @property
    def deducted_hours(self) -> Decimal:
        return billing.hours(self.deducted_minutes)

    @property
    def billed_hours(self) -> Decimal:
        return billing.hours(self.billed_minutes)

    @property
    def attended_hours(self) -> Decimal:
        return billing.hours(self.attended_minutes)


@dataclass(frozen=True)
class StatementDeduction:
    on: date
    reason: AbsenceReason
    minutes: int

    @property
    def hours(self) -> Decimal:
        return billing.hours(self.minutes)


@dataclass(frozen=True)
class ReasonTotal:
    reason: AbsenceReason
    days: int
    minutes: int

    @property
    def hours(self) -> Decimal:
        return billing.hours(self.minutes)


@dataclass(frozen=True)
class MonthlyStatement(_Hours):
    """One contract of one child for one month. ``error`` (French) is set when the data cannot be billed
    (the figures are then zero and ``amount`` is None); ``notes`` explain what was read and how."""

    month: date
    contract: Contract
    version: ContractVersion | None
    rounding: Decided
    contracted_minutes: int = 0
    extra_minutes: int = 0
    deducted_minutes: int = 0
    billed_minutes: int = 0
    attended_minutes: int = 0
    amount: Decimal | None = None
    deductions: tuple[StatementDeduction, ...] = ()
    mensualisation: billing.Mensualisation | None = None
    sources: tuple[ParameterValue, ...] = ()
    notes: tuple[str, ...] = ()
    error: str = ""

    @property
    def child(self) -> Child:
        return self.contract.child

    @property
    def family(self) -> Family:
        return self.contract.child.family

    @property
    def kind(self) -> ContractKind:
        return ContractKind(self.contract.kind)

    @property
    def is_regular(self) -> bool:
        return self.kind == ContractKind.REGULAR

    @property
    def hourly_fee(self) -> Decimal | None:
        return self.version.hourly_fee if self.version else None

    @property
    def rounding_label(self) -> str:
        return CHOICES[billing.ROUNDING_KEY].values[self.rounding.value]

    @property
    def fee(self) -> FeeExplanation | None:
        """How the hourly fee was computed, with the texts applied (reads ``fee_provenance``, which the
        month's records defer: see statement_records.fee_provenance_load)."""
        return fee_explanation(self.version) if self.version else None

    @property
    def deductions_by_reason(self) -> list[ReasonTotal]:
        days: dict[AbsenceReason, list[int]] = defaultdict(list)
        for deduction in self.deductions:
            days[deduction.reason].append(deduction.minutes)
        return [ReasonTotal(reason, len(minutes), sum(minutes)) for reason, minutes in days.items()]


@dataclass(frozen=True)
class StatementTotals(_Hours):
    """The sums of the statements that could be billed; ``errors`` counts the others."""

    statements: int
    contracted_minutes: int
    extra_minutes: int
    deducted_minutes: int
    billed_minutes: int
    attended_minutes: int
    amount: Decimal
    errors: int


def statement_totals(statements: Sequence[MonthlyStatement]) -> StatementTotals:
    billed = [s for s in statements if not s.error]
    return StatementTotals(
        statements=len(billed),
        contracted_minutes=sum(s.contracted_minutes for s in billed),
        extra_minutes=sum(s.extra_minutes for s in billed),
        deducted_minutes=sum(s.deducted_minutes for s in billed),
        billed_minutes=sum(s.billed_minutes for s in billed),
        attended_minutes=sum(s.attended_minutes for s in billed),
        amount=sum((s.amount for s in billed if s.amount is not None), Decimal("0.00")),
        errors=len(statements) - len(billed),
    )


@dataclass(frozen=True)
class FacilityStatements:
    """A facility's statements of the month, or the local choice it lacks to bill (French message)."""

    facility: Facility
    statements: list[MonthlyStatement]
    missing_choice: MissingChoice | None = None


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_statements(*, facility: Facility, month: date) -> list[MonthlyStatement]:
    """The statements of ``facility`` for ``month`` (its first day), ordered by child then contract start.
    Raises MissingChoice (French message) when the facility has no rounding rule on the month's first day."""
    (result,) = facilities_month_statements(facilities=[facility], month=month)
    if result.missing_choice is not None:
        raise result.missing_choice
    return result.statements


def facilities_month_statements(*, facilities: Sequence[Facility], month: date) -> list[FacilityStatements]:
    """The statements of every facility for ``month``: the local choices of each facility (one query
    each), then one query per table for all of them (statement_records)."""
    if month.day != 1:
        raise ValueError("Le mois se désigne par son premier jour.")
    last_day = month_end(month)
    decided: dict[int, tuple[RuleChoices, Decided]] = {}
    missing: dict[int, MissingChoice] = {}
    for facility in facilities:
        choices = rule_choices_for(facility=facility, on=month)
        try:
            decided[facility.pk] = (choices, choices.provenance(billing.ROUNDING_KEY))
        except MissingChoice as exc:
            missing[facility.pk] = exc
    records = month_records(facility_ids=list(decided), month=month, last_day=last_day)
    by_child: dict[tuple[int, int], list[Contract]] = defaultdict(list)
    for contract in records.contracts:
        by_child[contract.facility_id, contract.child_id].append(contract)
    if not by_child:
        return [FacilityStatements(facility, [], missing.get(facility.pk)) for facility in facilities]
    params = parameters_in_force()
    periods: dict[tuple[int, int], billing.Period] = {}
    statements: dict[int, list[MonthlyStatement]] = defaultdict(list)
    for (facility_id, child_id), contracts in by_child.items():
        choices, rounding = decided[facility_id]
        context = _Month(month, last_day, params, choices, rounding, records.versions, periods)
        child = records.children.get((facility_id, child_id), ChildRecords())
        statements[facility_id] += _child_statements(context, contracts, child, records.closed.get(facility_id, set()))
    return [FacilityStatements(f, statements.get(f.pk, []), missing.get(f.pk)) for f in facilities]


@dataclass(frozen=True)
class _Month:
    month: date
    last_day: date
    params: ParameterSet
    choices: RuleChoices
    rounding: Decided
    versions: dict[int, list[ContractVersion]]
    periods: dict[tuple[int, int], billing.Period]  # shared instances: a Period is frozen and checks itself

    def period(self, start: int, end: int) -> billing.Period:
        period = self.periods.get((start, end))
        if period is None:
            period = self.periods[start, end] = billing.Period(start, end)
        return period


def _child_statements(
    context: _Month, contracts: list[Contract], records: ChildRecords, closed: set[date]
) -> list[MonthlyStatement]:
    """Each day attended goes to the contract in force that day (or, outside every contract, to the next
    one, else the last one); the absences, completed by the closure days, go to every contract."""
    notes: dict[int, list[str]] = {contract.pk: [] for contract in contracts}
    days: dict[int, dict[date, list[tuple[int, int]]]] = {contract.pk: {} for contract in contracts}
    for on, periods in sorted(records.periods.items()):
        contract = _contract_on(contracts, on)
        days[contract.pk][on] = periods
        if not contract.starts_on <= on <= contract.ends_on:
            notes[contract.pk].append(f"Présence le {on:%d/%m/%Y} hors des dates du contrat.")
    for on, start in sorted(records.open_periods):
        notes[_contract_on(contracts, on).pk].append(
            f"Départ non pointé le {on:%d/%m/%Y} (arrivée à {billing.clock(start)}) : plage non comptée."
        )
    attended = records.attended
    absences = records.absences | dict.fromkeys(closed, AbsenceReason.FACILITY_CLOSURE)
    for on in sorted(absences.keys() & attended):
        del absences[on]
        if on in records.absences and on not in closed:
            notes[_contract_on(contracts, on).pk].append(
                f"Absence notée le {on:%d/%m/%Y}, jour de présence pointée : la présence est retenue."
            )
    return [_statement(context, contract, days[contract.pk], absences, notes[contract.pk]) for contract in contracts]


def _contract_on(contracts: list[Contract], on: date) -> Contract:
    for contract in contracts:
        if contract.starts_on <= on <= contract.ends_on:
            return contract
    return next((contract for contract in contracts if contract.starts_on > on), contracts[-1])


def _statement(
    context: _Month,
    contract: Contract,
    days: dict[date, list[tuple[int, int]]],
    absences: dict[date, AbsenceReason],
    notes: list[str],
) -> MonthlyStatement:
    """The version in force on the month's first day (or the contract's first day) applies to the month."""
    on = max(context.month, contract.starts_on)
    versions = context.versions.get(contract.pk, [])
    version = next((v for v in reversed(versions) if v.valid_from <= on), None)
    following = context.last_day + timedelta(days=1)
    for later in versions:
        if on < later.valid_from <= context.last_day:
            notes.append(
                f"{later.get_reason_display()} au {later.valid_from:%d/%m/%Y} : appliqué à partir du relevé "
                f"de {following:%m/%Y}."
            )
    if contract.status == ContractStatus.DRAFT:
        notes.append("Contrat non signé (brouillon) : faites-le signer avant d'envoyer le relevé.")
    statement = MonthlyStatement(context.month, contract, version, context.rounding, notes=tuple(notes))
    if version is None:
        return replace(statement, error=f"Aucune version du contrat n'est en vigueur au {on:%d/%m/%Y}.")
    try:
        attendance = [
            billing.DayAttendance(day, tuple(context.period(start, end) for start, end in periods))
            for day, periods in sorted(days.items())
        ]
        if statement.is_regular:
            return _regular(context, statement, version, attendance, absences)
        return _attended(context, statement, version, attendance)
    except (ValueError, ParameterNotInForce) as exc:
        return replace(statement, error=str(exc))


def _regular(
    context: _Month,
    statement: MonthlyStatement,
    version: ContractVersion,
    attendance: list[billing.DayAttendance],
    absences: dict[date, AbsenceReason],
) -> MonthlyStatement:
    if version.attendance_weeks is None:
        raise ValueError("Le contrat régulier n'indique pas ses semaines de présence.")
    schedule: dict[int, list[billing.Period]] = defaultdict(list)
    for period in version.schedule:
        schedule[period["weekday"]].append(context.period(period["start"], period["end"]))
    bill = billing.month_bill(
        context.params,
        contract=billing.Contract(
            weekly_schedule={weekday: tuple(periods) for weekday, periods in schedule.items()},
            attendance_weeks=version.attendance_weeks,
            starts_on=statement.contract.starts_on,
            ends_on=statement.contract.ends_on,
            hourly_fee=version.hourly_fee,
        ),
        month=context.month,
        attendance=attendance,
        absences=[billing.Absence(on, billing.AbsenceReason(reason.value)) for on, reason in sorted(absences.items())],
        choices=context.choices,
    )
    return replace(
        statement,
        contracted_minutes=bill.contracted_minutes,
        extra_minutes=bill.extra_minutes,
        deducted_minutes=bill.deducted_minutes,
        billed_minutes=bill.billed_minutes,
        attended_minutes=bill.attended_minutes,
        amount=bill.amount,
        deductions=tuple(StatementDeduction(d.on, AbsenceReason(d.reason.value), d.minutes) for d in bill.deductions),
        mensualisation=bill.mensualisation,
        sources=bill.sources,
    )


def _attended(
    context: _Month, statement: MonthlyStatement, version: ContractVersion, attendance: list[billing.DayAttendance]
) -> MonthlyStatement:
    """Occasional and emergency care: the attended minutes, each day rounded by the facility's rule, at the
    version's hourly fee, rounded half up to the cent on the total."""
    minutes = sum(billing.day_minutes(day.periods, context.rounding.value) for day in attendance)
    amount = (Decimal(minutes) * version.hourly_fee / 60).quantize(billing.CENT, ROUND_HALF_UP)
    return replace(statement, billed_minutes=minutes, attended_minutes=minutes, amount=amount)

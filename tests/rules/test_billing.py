"""The bill of a regular contract: laws of the bill over random months, and refused inputs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ribambelle.rules import load_parameters
from ribambelle.rules.billing import (
    Absence,
    AbsenceReason,
    Contract,
    DayAttendance,
    Period,
    absence_reason,
    month_bill,
    round_minutes,
)
from ribambelle.rules.choices import Decided, MissingChoice, RuleChoices

PARAMS = load_parameters()
OCTOBER = date(2026, 10, 1)
DAYS = [OCTOBER + timedelta(days=i) for i in range(31)]
RULES = ["minute", "up_15", "up_30", "nearest_15", "nearest_30"]
DEDUCTIBLE = [
    AbsenceReason.HOSPITALISATION,
    AbsenceReason.EVICTION,
    AbsenceReason.FACILITY_CLOSURE,
    AbsenceReason.ILLNESS_WITH_CERTIFICATE,
]


def _choices(rule: str) -> RuleChoices:
    return RuleChoices({"billing.rounding": Decided(rule, "règlement de fonctionnement fictif")})


def _contract(schedule=None, weeks: int = 45, fee: str = "1.65") -> Contract:
    day = (Period(510, 1050),)
    return Contract(
        weekly_schedule=schedule if schedule is not None else {0: day, 1: day, 2: day, 3: day},
        attendance_weeks=weeks,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        hourly_fee=Decimal(fee),
    )


def _bill(contract=None, attendance=(), absences=(), rule="up_30", month=OCTOBER):
    return month_bill(
        PARAMS,
        contract=contract or _contract(),
        month=month,
        attendance=attendance,
        absences=absences,
        choices=_choices(rule),
    )


periods = st.tuples(st.integers(300, 900), st.integers(1, 540)).map(lambda t: Period(t[0], t[0] + t[1]))
schedules = st.dictionaries(st.integers(0, 6), periods.map(lambda p: (p,)), min_size=1)
contracts = st.builds(
    _contract,
    schedule=schedules,
    weeks=st.integers(1, 53),
    fee=st.decimals(min_value=0, max_value=10, places=2).map(str),
)
# Each day of October: nothing recorded, an attendance period, or an absence.
months = st.lists(st.one_of(st.none(), periods, st.sampled_from(list(AbsenceReason))), min_size=31, max_size=31)
rules = st.sampled_from(RULES)


def _records(month: list[Period | AbsenceReason | None]):
    attendance = [
        DayAttendance(day, (item,)) for day, item in zip(DAYS, month, strict=True) if isinstance(item, Period)
    ]
    absences = [Absence(day, item) for day, item in zip(DAYS, month, strict=True) if isinstance(item, AbsenceReason)]
    return attendance, absences


@given(contract=contracts, month=months, rule=rules)
def test_a_bill_is_never_negative_and_adds_up(contract, month, rule):
    attendance, absences = _records(month)

    bill = _bill(contract, attendance, absences, rule)

    assert bill.billed_minutes >= 0 and bill.amount >= 0
    assert 0 <= bill.deducted_minutes <= bill.contracted_minutes
    assert bill.billed_minutes == bill.contracted_minutes - bill.deducted_minutes + bill.extra_minutes
    exact = Decimal(bill.billed_minutes) * contract.hourly_fee / 60
    assert bill.amount == exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


@given(
    contract=contracts,
    month=months,
    rule=rules,
    day=st.integers(0, 30),
    reason=st.sampled_from(DEDUCTIBLE),
)
def test_a_deductible_absence_never_raises_the_bill(contract, month, rule, day, reason):
    assume(month[day] is None)
    before = _bill(contract, *_records(month), rule)

    month[day] = reason
    after = _bill(contract, *_records(month), rule)

    assert after.billed_minutes <= before.billed_minutes
    assert after.amount <= before.amount


@given(contract=contracts, month=months, rule=rules, day=st.integers(0, 30), extension=periods)
def test_more_attendance_never_lowers_the_bill(contract, month, rule, day, extension):
    item = month[day]
    assume(not isinstance(item, AbsenceReason))
    before = _bill(contract, *_records(month), rule)

    if isinstance(item, Period):
        month[day] = replace(item, start=min(item.start, extension.start), end=max(item.end, extension.end))
    else:
        month[day] = extension
    after = _bill(contract, *_records(month), rule)

    assert after.billed_minutes >= before.billed_minutes
    assert after.attended_minutes >= before.attended_minutes
    assert after.amount >= before.amount


@given(minutes=st.integers(0, 2000), more=st.integers(0, 100), rule=rules)
def test_rounding_is_monotone_and_stays_within_a_step(minutes, more, rule):
    step = {"minute": 1, "up_15": 15, "up_30": 30, "nearest_15": 15, "nearest_30": 30}[rule]

    rounded = round_minutes(minutes, rule)

    assert rounded % step == 0
    assert round_minutes(minutes + more, rule) >= rounded
    if rule.startswith("up") or rule == "minute":
        assert minutes <= rounded < minutes + step
    else:
        assert abs(rounded - minutes) * 2 <= step


@given(contract=contracts, rule=rules)
def test_a_day_attended_exactly_as_contracted_has_no_extra_minutes(contract, rule):
    attendance = [
        DayAttendance(day, contract.weekly_schedule[day.weekday()])
        for day in DAYS
        if contract.weekly_schedule.get(day.weekday())
    ]

    bill = _bill(contract, attendance, (), rule)

    assert bill.extra_minutes == 0


def test_the_bill_names_the_rounding_rule_and_the_parameter_it_used():
    absences = [Absence(OCTOBER + timedelta(days=d), AbsenceReason.HOSPITALISATION) for d in (4, 5)]

    bill = _bill(absences=absences)

    assert bill.rounding == Decided("up_30", "règlement de fonctionnement fictif")
    assert [(s.key, s.effective_on, s.confirmed) for s in bill.sources] == [
        ("billing.absence_waiting_days", date(2013, 1, 1), False)
    ]
    assert (bill.contracted_hours, bill.deducted_hours, bill.billed_hours) == (
        Decimal("135.00"),
        Decimal("18.00"),
        Decimal("117.00"),
    )


def test_a_facility_without_a_rounding_rule_cannot_bill():
    with pytest.raises(MissingChoice, match="Arrondi des heures facturées et réalisées"):
        month_bill(PARAMS, contract=_contract(), month=OCTOBER, attendance=(), absences=(), choices=RuleChoices())


def test_hours_are_shown_with_two_decimals():
    bill = _bill(attendance=[DayAttendance(date(2026, 10, 2), (Period(540, 580),))], rule="minute")

    assert (bill.extra_minutes, bill.extra_hours, bill.attended_hours) == (40, Decimal("0.67"), Decimal("0.67"))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Period(600, 540), r"Le départ \(09:00\) doit suivre l'arrivée \(10:00\)"),
        (lambda: Period(-5, 540), "ne peut pas être négative"),
        (lambda: Period(1200, 1500), "dépasser minuit"),
        (lambda: DayAttendance(OCTOBER, (Period(500, 700), Period(600, 800))), "se chevauchent"),
        (lambda: DayAttendance(OCTOBER, ()), "aucune plage horaire"),
        (lambda: _contract(weeks=54), "semaines de présence"),
        (lambda: _contract(schedule={7: (Period(500, 600),)}), "Jour de la semaine invalide"),
        (lambda: _contract(schedule={0: ()}), "aucune plage horaire"),
        (lambda: _contract(fee="-1"), "montant positif"),
        (lambda: absence_reason("vacances"), "Motif d'absence inconnu « vacances »"),
        (lambda: round_minutes(-1, "up_30"), "négative"),
        (lambda: round_minutes(10, "up_60"), "Règle d'arrondi inconnue"),
        (lambda: _bill(month=date(2026, 10, 2)), "premier jour"),
        (lambda: _bill(month=date(2027, 1, 1)), "hors de la période du contrat"),
        (lambda: _bill(attendance=[DayAttendance(date(2026, 11, 2), (Period(500, 600),))]), "pas dans le mois"),
        (
            lambda: _bill(
                attendance=[DayAttendance(date(2026, 10, 5), (Period(500, 600),))],
                absences=[Absence(date(2026, 10, 5), AbsenceReason.UNJUSTIFIED)],
            ),
            "à la fois un jour de présence et un jour d'absence",
        ),
        (
            lambda: _bill(absences=[Absence(date(2026, 10, 5), AbsenceReason.UNJUSTIFIED)] * 2),
            "donnée deux fois",
        ),
        (lambda: _bill(absences=[Absence(date(2026, 11, 2), AbsenceReason.UNJUSTIFIED)]), "postérieure au mois"),
    ],
)
def test_inconsistent_input_is_refused_in_french(make, message):
    with pytest.raises(ValueError, match=message):
        make()

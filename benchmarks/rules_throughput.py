"""Throughput of the pure rules, in one process, without a database.

The later capabilities call these rules in bulk: every monthly statement of the 30,000-place city (about
35,000 regular contracts), the staffing requirement of every facility every quarter of an hour, a fee per
family. This measures each on synthetic inputs and prints one JSON object.
Run with `uv run python benchmarks/rules_throughput.py`.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from ribambelle.rules import FacilityKind, load_parameters
from ribambelle.rules.billing import Absence, AbsenceReason, Contract, DayAttendance, Period, month_bill
from ribambelle.rules.choices import Decided, RuleChoices
from ribambelle.rules.fees import CareMode, hourly_fee
from ribambelle.rules.staffing import required_staff

ON = date(2026, 1, 15)
MONTH = date(2026, 1, 1)
CONTRACTS = 35_000
FEES = 100_000
STAFFING_CHECKS = 100_000


def _timed(count: int, action: Callable[[int], object]) -> dict[str, float]:
    started = time.perf_counter()
    for index in range(count):
        action(index)
    seconds = time.perf_counter() - started
    return {"count": count, "seconds": round(seconds, 2), "per_second": round(count / seconds)}


def main() -> None:
    params = load_parameters()
    rng = random.Random(1)
    choices = RuleChoices(
        {"billing.rounding": Decided("up_30", "benchmark"), "ratio.option": Decided("5-8", "benchmark")}
    )
    contracts = [_contract(rng) for _ in range(200)]
    months = [_month(rng, contract) for contract in contracts]

    def bill(index: int) -> object:
        contract = contracts[index % len(contracts)]
        attendance, absences = months[index % len(months)]
        return month_bill(
            params, contract=contract, month=MONTH, attendance=attendance, absences=absences, choices=choices
        )

    def fee(index: int) -> object:
        return hourly_fee(
            params,
            monthly_resources=Decimal(500 + index % 9000),
            dependent_children=1 + index % 4,
            on=ON,
            mode=CareMode.COLLECTIVE,
        )

    def staff(index: int) -> object:
        return required_staff(
            params,
            choices,
            kind=FacilityKind.COLLECTIVE,
            capacity=40,
            non_walkers=index % 12,
            walkers=index % 30,
            on=ON,
        )

    print(
        json.dumps(
            {
                "monthly_bill_with_a_month_of_attendance": _timed(CONTRACTS, bill),
                "family_hourly_fee": _timed(FEES, fee),
                "required_staff": _timed(STAFFING_CHECKS, staff),
            },
            indent=2,
        )
    )


def _contract(rng: random.Random) -> Contract:
    days = rng.choice([(0, 1, 2, 3, 4), (0, 1, 3, 4), (1, 2, 3)])
    start, end = rng.choice([450, 480, 510]), rng.choice([990, 1020, 1080])
    return Contract(
        weekly_schedule={day: (Period(start, end),) for day in days},
        attendance_weeks=rng.choice([40, 44, 46]),
        starts_on=date(2025, 9, 1),
        ends_on=date(2026, 8, 31),
        hourly_fee=Decimal("1.65"),
    )


def _month(rng: random.Random, contract: Contract) -> tuple[list[DayAttendance], list[Absence]]:
    attendance, absences = [], []
    day = MONTH
    while day.month == MONTH.month:
        periods = contract.periods_on(day)
        if periods:
            if rng.random() < 0.08:
                absences.append(Absence(day, AbsenceReason.ILLNESS_WITH_CERTIFICATE))
            else:
                start, end = periods[0].start + rng.randint(-10, 20), periods[0].end + rng.randint(-30, 25)
                attendance.append(DayAttendance(day, (Period(start, end),)))
        day += timedelta(days=1)
    return attendance, absences


if __name__ == "__main__":
    main()

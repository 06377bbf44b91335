"""JSON ⇄ dataclasses for ``ribambelle bill`` (schema in docs/rules/billing.md), shared with the tests.

Every malformed input raises a ValueError with one French sentence naming the field at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ribambelle.rules.billing import (
    ROUNDING_KEY,
    Absence,
    Contract,
    DayAttendance,
    MonthlyBill,
    Period,
    absence_reason,
    hours,
)
from ribambelle.rules.choices import CHOICES, Decided, RuleChoices

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
INPUT_SOURCE = "fichier d'entrée de ribambelle bill"
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True, slots=True)
class BillRequest:
    """Everything ``rules.billing.month_bill`` needs besides the parameter set."""

    contract: Contract
    month: date
    attendance: tuple[DayAttendance, ...]
    absences: tuple[Absence, ...]
    choices: RuleChoices


def bill_request(data: object) -> BillRequest:
    """The request described by the decoded JSON ``data``."""
    root = _object(data, "le document")
    return BillRequest(
        contract=contract_from_json(_field(root, "contract", "")),
        month=_month(_field(root, "month", "")),
        attendance=tuple(_attendance(item, f"attendance[{i}]") for i, item in enumerate(_list(root, "attendance"))),
        absences=tuple(_absence(item, f"absences[{i}]") for i, item in enumerate(_list(root, "absences"))),
        choices=rounding_choice(_field(root, "rounding", "")),
    )


def contract_from_json(data: object) -> Contract:
    """The ``contract`` object of the input."""
    contract = _object(data, "contract")
    schedule = _object(_field(contract, "schedule", "contract."), "contract.schedule")
    unknown = sorted(set(schedule) - set(WEEKDAYS))
    if unknown:
        raise ValueError(f"Jour inconnu dans contract.schedule : « {unknown[0]} » (attendu : {', '.join(WEEKDAYS)}).")
    return Contract(
        weekly_schedule={
            WEEKDAYS.index(name): _periods(periods, f"contract.schedule.{name}", allow_empty=True)
            for name, periods in schedule.items()
        },
        attendance_weeks=_count(_field(contract, "attendance_weeks", "contract."), "contract.attendance_weeks"),
        starts_on=_date(_field(contract, "starts_on", "contract."), "contract.starts_on"),
        ends_on=_date(_field(contract, "ends_on", "contract."), "contract.ends_on"),
        hourly_fee=_money(_field(contract, "hourly_fee", "contract."), "contract.hourly_fee"),
    )


def rounding_choice(value: object) -> RuleChoices:
    """The facility's rounding rule given in the input, as the local choice ``billing.rounding``."""
    rounding = _text(value, "rounding")
    allowed = CHOICES[ROUNDING_KEY].values
    if rounding not in allowed:
        raise ValueError(f"Règle d'arrondi inconnue « {rounding} » (attendu : {', '.join(allowed)}).")
    return RuleChoices({ROUNDING_KEY: Decided(rounding, INPUT_SOURCE)})


def bill_response(bill: MonthlyBill) -> dict[str, Any]:
    """The JSON object ``ribambelle bill`` prints: hours and money as decimal strings with 2 places."""
    return {
        "month": f"{bill.month:%Y-%m}",
        "contracted_hours": f"{bill.contracted_hours:f}",
        "extra_hours": f"{bill.extra_hours:f}",
        "deducted_hours": f"{bill.deducted_hours:f}",
        "billed_hours": f"{bill.billed_hours:f}",
        "attended_hours": f"{bill.attended_hours:f}",
        "hourly_fee": f"{bill.hourly_fee:f}",
        "amount": f"{bill.amount:f}",
        "deductions": [
            {"date": d.on.isoformat(), "reason": d.reason.value, "minutes": d.minutes, "hours": f"{hours(d.minutes):f}"}
            for d in bill.deductions
        ],
        "minutes": {
            "contracted": bill.contracted_minutes,
            "extra": bill.extra_minutes,
            "deducted": bill.deducted_minutes,
            "billed": bill.billed_minutes,
            "attended": bill.attended_minutes,
        },
        "mensualisation": {
            "weekly_minutes": bill.mensualisation.weekly_minutes,
            "attendance_weeks": bill.mensualisation.attendance_weeks,
            "months": bill.mensualisation.months,
        },
        "rounding": {
            "value": bill.rounding.value,
            "label": CHOICES[ROUNDING_KEY].values[bill.rounding.value],
            "source": bill.rounding.source,
        },
        "references": [source.as_dict() for source in bill.sources],
    }


def _field(obj: Mapping[str, Any], name: str, prefix: str) -> Any:
    if name not in obj:
        raise ValueError(f"Champ manquant : {prefix}{name}.")
    return obj[name]


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where} doit être un objet JSON.")
    return value


def _list(obj: Mapping[str, Any], name: str) -> list[Any]:
    value = obj.get(name, [])
    if not isinstance(value, list):
        raise ValueError(f"{name} doit être une liste.")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where} doit être une chaîne de caractères.")
    return value


def _count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{where} doit être un nombre entier.")
    return value


def _date(value: object, where: str) -> date:
    try:
        return date.fromisoformat(_text(value, where))
    except ValueError:
        raise ValueError(f"Date invalide pour {where} : {value!r} (attendu AAAA-MM-JJ).") from None


def _month(value: object) -> date:
    match = _MONTH.fullmatch(_text(value, "month"))
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"Mois invalide : {value!r} (attendu AAAA-MM).")
    return date(int(match[1]), int(match[2]), 1)


def _money(value: object, where: str) -> Decimal:
    if not isinstance(value, str):
        raise ValueError(f'{where} s\'écrit entre guillemets, par exemple "1.65".')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"Montant invalide pour {where} : {value!r}.") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{where} doit être un montant positif ou nul.")
    return amount


def _minutes(value: object, where: str) -> int:
    """``"HH:MM"`` or whole minutes since midnight."""
    if isinstance(value, str):
        match = _CLOCK.fullmatch(value)
        if not match or int(match[2]) >= 60:
            raise ValueError(f"Heure invalide pour {where} : {value!r} (attendu HH:MM).")
        return int(match[1]) * 60 + int(match[2])
    minutes = _count(value, where)
    if minutes < 0:
        raise ValueError(f"{where} : les minutes ne peuvent pas être négatives ({minutes}).")
    return minutes


def _periods(value: object, where: str, *, allow_empty: bool = False) -> tuple[Period, ...]:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise ValueError(f"{where} doit être une liste non vide de plages {{arrival, departure}}.")
    periods = []
    for i, item in enumerate(value):
        period = _object(item, f"{where}[{i}]")
        start = _minutes(_field(period, "arrival", f"{where}[{i}]."), f"{where}[{i}].arrival")
        end = _minutes(_field(period, "departure", f"{where}[{i}]."), f"{where}[{i}].departure")
        try:
            periods.append(Period(start, end))
        except ValueError as exc:
            raise ValueError(f"{where}[{i}] : {exc}") from None
    return tuple(periods)


def _attendance(value: object, where: str) -> DayAttendance:
    item = _object(value, where)
    return DayAttendance(
        _date(_field(item, "date", f"{where}."), f"{where}.date"),
        _periods(_field(item, "periods", f"{where}."), f"{where}.periods"),
    )


def _absence(value: object, where: str) -> Absence:
    item = _object(value, where)
    on = _date(_field(item, "date", f"{where}."), f"{where}.date")
    return Absence(on, absence_reason(_text(_field(item, "reason", f"{where}."), f"{where}.reason")))

"""Validity of a PMI authorisation and the renewal window (décret n° 2025-304)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ribambelle.rules.parameters import ParameterNotInForce, ParameterSet


class RenewalStatus(StrEnum):
    NO_EXPIRY = "no_expiry"
    VALID = "valid"
    RENEWAL_WINDOW = "renewal_window"
    RENEWAL_OVERDUE = "renewal_overdue"
    EXPIRED = "expired"


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def authorisation_expiry(params: ParameterSet, *, decided_on: date) -> date | None:
    """Expiry of an authorisation decided on ``decided_on``; None when no duration was in force then."""
    try:
        years = params.at("authorisation.validity_years", decided_on).value
    except ParameterNotInForce:
        return None
    assert isinstance(years, int)
    return add_months(decided_on, 12 * years) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Renewal:
    status: RenewalStatus
    window_opens_on: date | None
    deadline_on: date | None


def renewal_status(params: ParameterSet, *, expires_on: date | None, on: date) -> Renewal:
    """Where an authorisation stands on ``on`` with respect to its renewal."""
    if expires_on is None:
        return Renewal(RenewalStatus.NO_EXPIRY, None, None)
    notice = params.at("authorisation.renewal_notice_months", on).value
    deadline = params.at("authorisation.renewal_deadline_months", on).value
    assert isinstance(notice, int) and isinstance(deadline, int)
    opens_on = add_months(expires_on, -notice)
    deadline_on = add_months(expires_on, -deadline)
    if on > expires_on:
        status = RenewalStatus.EXPIRED
    elif on > deadline_on:
        status = RenewalStatus.RENEWAL_OVERDUE
    elif on >= opens_on:
        status = RenewalStatus.RENEWAL_WINDOW
    else:
        status = RenewalStatus.VALID
    return Renewal(status, opens_on, deadline_on)

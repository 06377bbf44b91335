"""Template filters available in every template: French money, hours, rates and dates."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

from ribambelle.core import charts

register = template.Library()
_THIN_SPACE = "\u202f"
_NO_BREAK_SPACE = "\u00a0"


@register.filter
def euros(value: Decimal | int | None) -> str:
    """12345.5 → « 12 345,50 € » (narrow no-break space between thousands)."""
    if value is None or value == "":
        return "—"
    return f"{_grouped(Decimal(value))}{_NO_BREAK_SPACE}€"


def _grouped(value: Decimal) -> str:
    """Two decimals, a comma, thousands apart: 12345.5 → « 12 345,50 »."""
    amount = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    return f"{sign}{_THIN_SPACE.join(groups)},{cents}"


@register.filter
def decimal_hours(minutes: int | None) -> str:
    """Integer minutes as decimal hours: 740730 → « 12 345,50 h » (the indicators' unit)."""
    if minutes is None:
        return "—"
    return f"{_grouped(Decimal(minutes) / 60)}{_NO_BREAK_SPACE}h"


@register.filter
def percent(rate: Decimal | None) -> str:
    """A rate (1 = 100 %) with one decimal: 0.7125 → « 71,3 % »."""
    return "—" if rate is None else charts.percent(rate)


@register.filter
def jour(value: date | None) -> str:
    """A date as dd/mm/yyyy, or a dash."""
    return value.strftime("%d/%m/%Y") if value else "—"


@register.filter
def hours(minutes: int | None) -> str:
    """Integer minutes as « 37 h 30 »."""
    if minutes is None:
        return "—"
    whole, rest = divmod(int(minutes), 60)
    return f"{whole} h {rest:02d}" if rest else f"{whole} h"


@register.filter
def bar_width(rate: Decimal | None) -> int:
    """The length in pixels of a table cell's bar for a rate (core.charts.bar_width)."""
    return charts.bar_width(rate)


@register.filter
def rate_inputs(rate: Any) -> str:
    """The minutes a rate divides, in hours: « 144,17 h ÷ 6 930,00 h » (an engines.indicators Rate)."""
    if rate is None:
        return "—"
    return f"{decimal_hours(rate.numerator)} ÷ {decimal_hours(rate.denominator)}"

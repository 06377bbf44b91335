"""Template filters available in every template: French money and dates."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()
_THIN_SPACE = "\u202f"
_NO_BREAK_SPACE = "\u00a0"


@register.filter
def euros(value: Decimal | int | None) -> str:
    """12345.5 → « 12 345,50 € » (narrow no-break space between thousands)."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    return f"{sign}{_THIN_SPACE.join(groups)},{cents}{_NO_BREAK_SPACE}€"


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

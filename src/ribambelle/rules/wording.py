"""Small helpers shared by the rules: exact rounding up and French figures for explanation lines."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def ceil_fraction(value: Fraction) -> int:
    """The smallest integer not below ``value``, computed exactly."""
    return -(-value.numerator // value.denominator)


def number_text(value: Fraction | Decimal | int, places: int = 2) -> str:
    """``value`` in French notation, rounded half up to ``places`` decimals, without trailing zeros."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def percent_text(rate: Fraction | Decimal) -> str:
    return f"{number_text(Fraction(rate) * 100, 1)} %"


def hours_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"

"""Regulatory values as a coordinator reads them, for pages and the command line."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal


def display_value(value: object) -> str:
    """A parameter value as a coordinator reads it (French decimal comma, tables and scales flattened)."""
    if value is None:
        return "fin de validité"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, Mapping):
        return " ; ".join(f"{key} : {display_value(item)}" for key, item in value.items())
    if isinstance(value, tuple):
        return " | ".join(display_value(item) for item in value)
    return str(value)

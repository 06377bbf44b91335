"""Loading and resolving dated regulatory parameters (the OpenFisca discipline, without OpenFisca).

One YAML file per parameter under ``params/<topic>/<name>.yaml``; its key is ``<topic>.<name>``.
``values`` are keyed by effective date, each with a ``reference`` and ``confirmed: false`` until
someone checks the official text. ``value: null`` ends validity. Money and rates are quoted strings
read as ``Decimal``; unquoted YAML floats are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, TypeAlias

import yaml

PARAMS_DIR = Path(__file__).resolve().parent / "params"

UNITS = frozenset(
    {
        "category_scale",
        "years",
        "months",
        "days",
        "hours",
        "minutes",
        "eur_per_month",
        "eur_per_hour",
        "eur_per_place_per_year",
        "formula",
        "rate",
        "count",
        "fte",
        "m2",
        "table",
    }
)

Scalar: TypeAlias = Decimal | int | str
Value: TypeAlias = Scalar | tuple[Any, ...] | Mapping[str, Any]


# Units whose values are whole numbers (the others are Decimal).
INTEGER_UNITS = frozenset({"years", "months", "days", "minutes", "count"})


class ParameterError(ValueError):
    """A parameter file is malformed."""


class ParameterNotInForce(LookupError):
    """No value of the parameter is in force at the requested date."""

    def __init__(self, key: str, on: date) -> None:
        super().__init__(f"Le paramètre {key} n'est pas en vigueur au {on:%d/%m/%Y}.")
        self.key = key
        self.on = on


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class ParameterValue:
    """One dated value with its legal reference; ``value`` is None when the parameter ends."""

    key: str
    effective_on: date
    value: Value | None
    reference: Reference
    confirmed: bool
    entered_locally: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The reference as the commands print it (key, date, text, link, confidence)."""
        return {
            "key": self.key,
            "effective_on": self.effective_on.isoformat(),
            "title": self.reference.title,
            "href": self.reference.href,
            "confirmed": self.confirmed,
            "entered_locally": self.entered_locally,
        }


@dataclass(frozen=True, slots=True)
class Parameter:
    key: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...]

    def at(self, on: date) -> ParameterValue:
        """The value in force on ``on``; raises ParameterNotInForce before the first date or in a gap."""
        current: ParameterValue | None = None
        for entry in self.values:
            if entry.effective_on <= on:
                current = entry
            else:
                break
        if current is None or current.value is None:
            raise ParameterNotInForce(self.key, on)
        return current


@dataclass(frozen=True, slots=True)
class ParameterSet:
    parameters: Mapping[str, Parameter]

    def __getitem__(self, key: str) -> Parameter:
        try:
            return self.parameters[key]
        except KeyError:
            raise ParameterError(f"Paramètre inconnu : {key}.") from None

    def at(self, key: str, on: date) -> ParameterValue:
        return self[key].at(on)

    def unconfirmed(self) -> list[ParameterValue]:
        return [v for p in self.parameters.values() for v in p.values if not v.confirmed]

    def with_entries(self, entries: list[ParameterValue]) -> ParameterSet:
        """Merge locally entered values; on the same date the repository's value wins."""
        merged = dict(self.parameters)
        for entry in entries:
            base = merged.get(entry.key) or self[entry.key]
            if any(v.effective_on == entry.effective_on for v in base.values):
                continue
            values = tuple(sorted((*base.values, entry), key=lambda v: v.effective_on))
            merged[entry.key] = Parameter(base.key, base.description, base.unit, values)
        return ParameterSet(merged)


@cache
def load_parameters(root: Path = PARAMS_DIR) -> ParameterSet:
    """Read and validate every parameter file under ``root`` into a frozen set."""
    parameters: dict[str, Parameter] = {}
    for path in sorted(root.glob("*/*.yaml")):
        key = f"{path.parent.name}.{path.stem}"
        parameters[key] = _parse(key, path)
    return ParameterSet(parameters)


def _parse(key: str, path: Path) -> Parameter:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: YAML illisible ({exc}).") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("values"), dict) or not raw["values"]:
        raise ParameterError(f"{path}: 'description', 'unit' et 'values' sont requis.")
    unit = raw.get("unit")
    if unit not in UNITS:
        raise ParameterError(f"{path}: unité inconnue {unit!r}.")
    entries: list[ParameterValue] = []
    for effective_on, item in raw["values"].items():
        if not isinstance(effective_on, date) or not isinstance(item, dict):
            raise ParameterError(f"{path}: chaque valeur est datée (AAAA-MM-JJ) et décrite.")
        ref = item.get("reference")
        if not isinstance(ref, dict) or not ref.get("title"):
            raise ParameterError(f"{path}: la valeur du {effective_on} n'a pas de référence.")
        entries.append(
            ParameterValue(
                key=key,
                effective_on=effective_on,
                value=_value(path, item.get("value")),
                reference=Reference(str(ref["title"]), ref.get("href")),
                confirmed=bool(item.get("confirmed", True)),
            )
        )
    dates = [e.effective_on for e in entries]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise ParameterError(f"{path}: les dates doivent être strictement croissantes.")
    return Parameter(key, str(raw.get("description", "")), unit, tuple(entries))


def _value(path: Path, raw: object) -> Value | None:
    if raw is None:
        return None
    if isinstance(raw, (bool, float)):
        raise ParameterError(f"{path}: {raw!r} : les nombres décimaux s'écrivent entre guillemets.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        try:
            return Decimal(raw)
        except InvalidOperation:
            return raw
    if isinstance(raw, list):
        return tuple(_value(path, item) for item in raw)
    if isinstance(raw, dict):
        return {str(k): _value(path, v) for k, v in raw.items()}
    raise ParameterError(f"{path}: valeur non reconnue {raw!r}.")

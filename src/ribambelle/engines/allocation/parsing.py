"""JSON ⇄ dataclasses for ``ribambelle allocate`` (schema in docs/allocation.md), shared with the tests.

Every malformed input raises a ValueError with one French line naming the item at fault.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from ribambelle.engines.allocation.model import (
    WEEK_SLOTS,
    Child,
    Explanation,
    Family,
    Instance,
    Program,
    RatioOption,
    Result,
    Staffing,
)
from ribambelle.rules.parameters import ParameterSet, load_parameters
from ribambelle.rules.reserve import l214_7_reserved_places

T = TypeVar("T")

_TOP = {"programs", "children", "tie_break", "facilities", "families", "on", "solver"}
_PROGRAM = {"id", "facility", "section", "capacity", "slots"}
_CHILD = {"id", "family", "priority", "applied_on", "preferences", "bonus", "slots", "walks", "l214_7"}
_FACILITY = {"id", "staff", "ratio"}
_FAMILY = {"id", "separate"}


def read_json(text: str) -> object:
    """The decoded document; numbers with a fraction become ``Decimal``."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"JSON mal formé : ligne {exc.lineno}, colonne {exc.colno}") from None


def instance_from_json(data: object, params: ParameterSet | None = None) -> Instance:
    """The instance described by the decoded JSON ``data``; ``params`` defaults to the repository's."""
    root = _object(data, "le document", _TOP)
    programs = tuple(_program(item, i) for i, item in enumerate(_list(root, "programs", "le document", True)))
    _unique([program.id for program in programs], "le programme")
    known = {program.id: program for program in programs}
    children = tuple(_child(item, i, known) for i, item in enumerate(_list(root, "children", "le document", True)))
    _unique([child.id for child in children], "l'enfant")
    tie_break = _object(_field(root, "tie_break", "le document"), '"tie_break"', {"seed"})
    seed = _integer(_field(tie_break, "seed", '"tie_break"'), '"seed" de "tie_break"')
    facilities_data = _list(root, "facilities", "le document", False)
    needs_date = bool(facilities_data) or any(child.l214_7 for child in children)
    on = _date(root["on"], '"on" du document') if "on" in root else None
    if needs_date and on is None:
        raise ValueError(
            'date manquante : "on" (date d\'entrée, AAAA-MM-JJ) est requis avec "facilities" ou un enfant "l214_7"'
        )
    params = params if params is not None or on is None else load_parameters()
    staffing = tuple(_staffing(item, i, known, params, on) for i, item in enumerate(facilities_data))
    _unique([staff.facility for staff in staffing], "l'établissement")
    families = tuple(_family(item, i, children) for i, item in enumerate(_list(root, "families", "le document", False)))
    _unique([family.id for family in families], "la famille")
    solver = _object(root.get("solver", {}), '"solver"', {"time_limit_seconds", "workers"})
    reserved: dict[str, int] = {}
    if params is not None and on is not None and any(child.l214_7 for child in children):
        places: dict[str, int] = {}
        for program in programs:
            places[program.facility] = places.get(program.facility, 0) + program.capacity
        reserved = {facility: l214_7_reserved_places(params, places=n, on=on) for facility, n in places.items()}
    return Instance(
        programs=programs,
        children=children,
        seed=seed,
        staffing=staffing,
        families=families,
        reserved_places=reserved,
        time_limit_seconds=float(_number(solver.get("time_limit_seconds", 60), '"time_limit_seconds"', positive=True)),
        workers=_integer(solver.get("workers", 2), '"workers" de "solver"', minimum=1),
    )


def result_to_json(result: Result) -> dict[str, Any]:
    return {
        "assignments": dict(result.assignments),
        "explanations": {child: [_explanation(row) for row in rows] for child, rows in result.explanations.items()},
        "stats": {
            "placed": result.placed,
            "unplaced": result.unplaced,
            "blocking": result.blocking,
            "seconds": round(result.seconds, 3),
            "explain_seconds": round(result.explain_seconds, 3),
            "mechanism": result.mechanism.value,
            "verdict": result.verdict.value,
            **({"cp_sat": dict(result.solver_status)} if result.solver_status else {}),
        },
    }


def _explanation(row: Explanation) -> dict[str, Any]:
    out: dict[str, Any] = {"program": row.program, "reason": row.reason.value}
    if row.cutoff_priority is not None:
        out["cutoff_priority"] = float(row.cutoff_priority)
    if row.slots:
        out["slots"] = list(row.slots)
    if row.staff is not None:
        out["staff"] = row.staff
    if row.reserved_places:
        out["reserved_places"] = row.reserved_places
    return out


def _program(data: object, i: int) -> Program:
    item = _object(data, f"le programme n°{i + 1}", _PROGRAM)
    name = f'le programme "{_text(_field(item, "id", f"le programme n°{i + 1}"), f"le programme n°{i + 1}")}"'
    capacity = _integer(_field(item, "capacity", name), f'"capacity" du {name[3:]}')
    if capacity < 0:
        raise ValueError(f"capacité négative : {name} a une capacité de {capacity}")
    slots = _object(item.get("slots", {}), f'"slots" du {name[3:]}', set(WEEK_SLOTS), slot_keys=True)
    slot_capacities = {}
    for slot, value in slots.items():
        slot_capacities[slot] = _integer(value, f'"slots.{slot}" du {name[3:]}')
        if slot_capacities[slot] < 0:
            raise ValueError(f"capacité négative : {name} a une capacité de {slot_capacities[slot]} le créneau {slot}")
    return Program(
        id=item["id"],
        facility=_text(_field(item, "facility", name), f'"facility" du {name[3:]}'),
        section=_text(_field(item, "section", name), f'"section" du {name[3:]}'),
        capacity=capacity,
        slot_capacities=slot_capacities,
    )


def _child(data: object, i: int, programs: Mapping[str, Program]) -> Child:
    item = _object(data, f"l'enfant n°{i + 1}", _CHILD)
    child_id = _text(_field(item, "id", f"l'enfant n°{i + 1}"), f"l'enfant n°{i + 1}")
    name = f"l'enfant {child_id}"
    preferences = [_text(p, f"une préférence de {name}") for p in _list(item, "preferences", name, True)]
    for program in preferences:
        if program not in programs:
            raise ValueError(f'préférence inconnue : {name} demande le programme "{program}" qui n\'existe pas')
        if preferences.count(program) > 1:
            raise ValueError(f'préférence en double : {name} demande deux fois le programme "{program}"')
    bonus = {}
    for program, value in _object(item.get("bonus", {}), f'"bonus" de {name}', None).items():
        if program not in programs:
            raise ValueError(f'bonus inconnu : {name} a un bonus pour le programme "{program}" qui n\'existe pas')
        bonus[program] = _number(value, f'le bonus de {name} pour "{program}"')
    slots = frozenset(WEEK_SLOTS)
    if "slots" in item:
        asked = [_text(s, f"un créneau de {name}") for s in _list(item, "slots", name, True)]
        for slot in asked:
            if slot not in WEEK_SLOTS:
                raise ValueError(
                    f'créneau inconnu : {name} demande le créneau "{slot}" (attendu : {", ".join(WEEK_SLOTS)})'
                )
        if not asked:
            raise ValueError(f'créneaux vides : {name} a une liste "slots" vide')
        slots = frozenset(asked)
    return Child(
        id=child_id,
        family=_text(_field(item, "family", name), f'"family" de {name}'),
        priority=_number(_field(item, "priority", name), f'"priority" de {name}'),
        applied_on=_date(_field(item, "applied_on", name), f'"applied_on" de {name}'),
        preferences=tuple(preferences),
        bonus=bonus,
        slots=slots,
        walks=_boolean(item.get("walks", False), f'"walks" de {name}'),
        l214_7=_boolean(item.get("l214_7", False), f'"l214_7" de {name}'),
    )


def _staffing(
    data: object, i: int, programs: Mapping[str, Program], params: ParameterSet | None, on: date | None
) -> Staffing:
    item = _object(data, f"l'établissement n°{i + 1}", _FACILITY)
    facility = _text(_field(item, "id", f"l'établissement n°{i + 1}"), f"l'établissement n°{i + 1}")
    name = f'l\'établissement "{facility}"'
    if all(program.facility != facility for program in programs.values()):
        raise ValueError(f"établissement inconnu : aucun programme n'appartient à {name}")
    staff = _integer(_field(item, "staff", name), f'"staff" de {name}')
    if staff < 0:
        raise ValueError(f"effectif négatif : {name} a un effectif de {staff}")
    option = _text(_field(item, "ratio", name), f'"ratio" de {name}')
    if option not in {o.value for o in RatioOption}:
        raise ValueError(f'taux d\'encadrement inconnu : {name} a le taux "{option}" (attendu : 5-8 ou 6)')
    assert params is not None and on is not None

    def figure(key: str) -> int:
        value = params.at(key, on).value
        assert isinstance(value, int)
        return value

    return Staffing(
        facility=facility,
        staff=staff,
        option=RatioOption(option),
        non_walkers_per_adult=figure("ratio.non_walkers_per_adult"),
        walkers_per_adult=figure("ratio.walkers_per_adult"),
        children_per_adult=figure("ratio.children_per_adult"),
    )


def _family(data: object, i: int, children: tuple[Child, ...]) -> Family:
    item = _object(data, f"la famille n°{i + 1}", _FAMILY)
    family = _text(_field(item, "id", f"la famille n°{i + 1}"), f"la famille n°{i + 1}")
    name = f'la famille "{family}"'
    if all(child.family != family for child in children):
        raise ValueError(f"famille inconnue : aucun enfant n'appartient à {name}")
    return Family(id=family, separate=_boolean(item.get("separate", False), f'"separate" de {name}'))


def _no_constant(name: str) -> None:
    raise ValueError(f"JSON mal formé : {name} n'est pas un nombre")


def _object(data: object, name: str, allowed: set[str] | None, slot_keys: bool = False) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError(f"valeur invalide : {name} doit être un objet JSON")
    if allowed is not None:
        for key in data:
            if key not in allowed:
                if slot_keys:
                    raise ValueError(f'créneau inconnu : {name} nomme "{key}" (attendu : {", ".join(WEEK_SLOTS)})')
                raise ValueError(f'champ inconnu : {name} a un champ "{key}" (attendu : {", ".join(sorted(allowed))})')
    return data


def _field(item: Mapping[str, Any], key: str, name: str) -> object:
    if key not in item:
        raise ValueError(f'champ manquant : {name} n\'a pas de "{key}"')
    return item[key]


def _list(item: Mapping[str, Any], key: str, name: str, required: bool) -> list[Any]:
    if key not in item and not required:
        return []
    value = _field(item, key, name)
    if not isinstance(value, list):
        raise ValueError(f'valeur invalide : "{key}" de {name} doit être une liste')
    return value


def _checked(value: object, name: str, kind: str, accept: Callable[[object], T | None]) -> T:
    accepted = accept(value)
    if accepted is None:
        raise ValueError(f"valeur invalide : {name} doit être {kind}, pas {json.dumps(value, default=str)}")
    return accepted


def _text(value: object, name: str) -> str:
    return _checked(value, name, "un texte non vide", lambda v: v if isinstance(v, str) and v.strip() else None)


def _boolean(value: object, name: str) -> bool:
    return _checked(value, name, "true ou false", lambda v: v if isinstance(v, bool) else None)


def _integer(value: object, name: str, minimum: int | None = None) -> int:
    number = _checked(value, name, "un entier", lambda v: v if isinstance(v, int) and not isinstance(v, bool) else None)
    if minimum is not None and number < minimum:
        raise ValueError(f"valeur invalide : {name} doit valoir au moins {minimum}, pas {number}")
    return number


def _number(value: object, name: str, positive: bool = False) -> Decimal:
    def accept(v: object) -> Decimal | None:
        if isinstance(v, bool) or not isinstance(v, int | float | Decimal):
            return None
        try:
            number = Decimal(str(v))
        except InvalidOperation:
            return None
        return number if number.is_finite() and (number > 0 or not positive) else None

    return _checked(value, name, "un nombre positif" if positive else "un nombre", accept)


def _date(value: object, name: str) -> date:
    def accept(v: object) -> date | None:
        try:
            return date.fromisoformat(v) if isinstance(v, str) and len(v) == 10 else None
        except ValueError:
            return None

    return _checked(value, name, "une date AAAA-MM-JJ", accept)


def _unique(ids: list[str], noun: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f'identifiant en double : {noun} "{item}" apparaît deux fois')
        seen.add(item)

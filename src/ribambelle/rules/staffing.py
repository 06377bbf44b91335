"""Staff required at a given moment for the children actually present (R2324-43 to R2324-43-2, R2324-47-4).

The ratio applies to every child present, at every moment, outings included. The manager's option
("5-8" or "6") and the rounding reading come from the local choices (``ratio.option``, ``ratio.rounding``);
a missing option raises ``MissingChoice``. On top of the ratio: at least two professionals as soon as a
child is present (a micro-crèche: from the fourth child), one of them from the 1° of R2324-42 above a
capacity threshold, and one professional per five children on an outing. Whatever the date, the
figures and lists are parameters: the micro-crèche reform of 1 September 2026 is a dated value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from ribambelle.rules.capacity import FacilityCategory, FacilityKind, facility_category
from ribambelle.rules.choices import CHOICES, Decided, RuleChoices
from ribambelle.rules.parameters import ParameterSet, ParameterValue
from ribambelle.rules.qualification import Qualification, qualifications
from ribambelle.rules.wording import ceil_fraction, number_text


@dataclass(frozen=True, slots=True)
class StaffingRequirement:
    """How many professionals must be present, and how many of them from ``qualified_diplomas``."""

    required_staff: int
    required_qualified: int
    qualified_diplomas: tuple[Qualification, ...]
    explanation: tuple[str, ...]
    sources: tuple[ParameterValue, ...]
    choices: tuple[tuple[str, Decided], ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of ``ribambelle ratio`` (docs/rules/staffing.md)."""
        return {
            "required_staff": self.required_staff,
            "required_qualified": self.required_qualified,
            "qualified_diplomas": [q.value for q in self.qualified_diplomas],
            "explanation": list(self.explanation),
            "unconfirmed": sorted({source.key for source in self.sources if not source.confirmed}),
            "choices": [{"key": key, "value": d.value, "source": d.source} for key, d in self.choices],
            "references": [source.as_dict() for source in self.sources],
        }


@dataclass(frozen=True, slots=True)
class _Group:
    label: str
    children: int
    per_adult: ParameterValue


def required_staff(
    params: ParameterSet,
    choices: RuleChoices,
    *,
    kind: FacilityKind,
    capacity: int,
    non_walkers: int,
    walkers: int,
    outing: bool = False,
    on: date,
) -> StaffingRequirement:
    """Staff required in a crèche collective, halte-garderie, multi-accueil or crèche parentale."""
    if kind is FacilityKind.FAMILIAL:
        raise ValueError(
            "Une crèche familiale n'a pas de taux d'encadrement : chaque assistant maternel accueille "
            "les enfants que son agrément permet."
        )
    if kind is FacilityKind.KINDERGARTEN:
        raise ValueError("Un jardin d'enfants compte les enfants par âge (moins de 3 ans, 3 ans ou plus).")
    _check_counts(capacity=capacity, children=(non_walkers, walkers))
    option = choices.provenance("ratio.option")
    if option.value == "6":
        groups = [_Group("enfants", non_walkers + walkers, params.at("ratio.children_per_adult", on))]
    else:
        groups = [
            _Group("enfants qui ne marchent pas", non_walkers, params.at("ratio.non_walkers_per_adult", on)),
            _Group("enfants qui marchent", walkers, params.at("ratio.walkers_per_adult", on)),
        ]
    built = _Builder(f"Taux d'encadrement : {CHOICES['ratio.option'].values[option.value]} — source : {option.source}.")
    built.choices.append(("ratio.option", option))
    return _requirement(params, choices, kind=kind, capacity=capacity, groups=groups, outing=outing, on=on, built=built)


def kindergarten_required_staff(
    params: ParameterSet,
    choices: RuleChoices,
    *,
    capacity: int,
    under_three: int,
    three_and_over: int,
    outing: bool = False,
    on: date,
) -> StaffingRequirement:
    """Staff required in a jardin d'enfants: one per six children under 3, one per fifteen from 3, on average."""
    _check_counts(capacity=capacity, children=(under_three, three_and_over))
    groups = [
        _Group("enfants de moins de 3 ans", under_three, params.at("ratio.kindergarten_under_three_per_adult", on)),
        _Group("enfants de 3 ans ou plus", three_and_over, params.at("ratio.kindergarten_from_three_per_adult", on)),
    ]
    built = _Builder("Jardin d'enfants : taux d'encadrement selon l'âge des enfants (R2324-47-4).")
    return _requirement(
        params,
        choices,
        kind=FacilityKind.KINDERGARTEN,
        capacity=capacity,
        groups=groups,
        outing=outing,
        on=on,
        built=built,
    )


class _Builder:
    """Collects the explanation lines, the parameters consulted and the choices used."""

    def __init__(self, header: str) -> None:
        self.lines = [header]
        self.sources: list[ParameterValue] = []
        self.choices: list[tuple[str, Decided]] = []

    def use(self, params: ParameterSet, key: str, on: date) -> int:
        source = params.at(key, on)
        assert isinstance(source.value, int)
        self.sources.append(source)
        return source.value

    def result(self, staff: int, diplomas: frozenset[Qualification] = frozenset()) -> StaffingRequirement:
        return StaffingRequirement(
            required_staff=staff,
            required_qualified=1 if diplomas else 0,
            qualified_diplomas=tuple(q for q in Qualification if q in diplomas),
            explanation=tuple(self.lines),
            sources=tuple(self.sources),
            choices=tuple(self.choices),
        )


def _requirement(
    params: ParameterSet,
    choices: RuleChoices,
    *,
    kind: FacilityKind,
    capacity: int,
    groups: list[_Group],
    outing: bool,
    on: date,
    built: _Builder,
) -> StaffingRequirement:
    category = facility_category(params, kind=kind, capacity=capacity, on=on)
    built.sources.append(category.source)
    built.sources.extend(group.per_adult for group in groups)
    children = sum(group.children for group in groups)
    if children == 0:
        built.lines.append("Aucun enfant présent : aucun professionnel requis.")
        return built.result(0)

    staff = _ratio_staff(choices, groups, built)
    minimum = built.use(params, "ratio.minimum_adults", on)
    lone_diplomas: frozenset[Qualification] = frozenset()
    if category.category is FacilityCategory.MICRO:
        lone_max = built.use(params, "ratio.micro_creche_lone_adult_max_children", on)
        if children <= lone_max:
            minimum = 1
            lone_diplomas, lone_source = qualifications(params, "ratio.micro_creche_lone_adult_qualifications", on)
            built.sources.append(lone_source)
            built.lines.append(
                f"Micro-crèche, {children} enfant(s) présent(s), au plus {lone_max} : un professionnel peut être seul "
                "(R2324-43-1)."
            )
    if minimum > 1:
        built.lines.append(f"Au moins {minimum} professionnels dès qu'un enfant est présent (R2324-43-1).")
    if outing:
        per_adult = built.use(params, "ratio.outing_children_per_adult", on)
        outing_staff = ceil_fraction(Fraction(children, per_adult))
        built.lines.append(
            f"Sortie : 1 professionnel pour {per_adult} enfants, {children} ÷ {per_adult} = "
            f"{number_text(Fraction(children, per_adult))} → {outing_staff} (R2324-43-2)."
        )
        staff = max(staff, outing_staff)
    staff = max(staff, minimum)

    diplomas: frozenset[Qualification] = frozenset()
    threshold = built.use(params, "ratio.qualified_adult_above_places", on)
    if capacity > threshold:
        diplomas, group_1_source = qualifications(params, "staff.group_1_qualifications", on)
        built.sources.append(group_1_source)
        built.lines.append(
            f"Plus de {threshold} places : au moins un des professionnels présents est titulaire d'un diplôme "
            "du 1° de R2324-42 (R2324-43-1)."
        )
    elif staff == 1 and lone_diplomas:
        diplomas = lone_diplomas
        names = ", ".join(q.label for q in Qualification if q in diplomas)
        built.lines.append(f"Le professionnel seul avec les enfants est titulaire de l'un de ces diplômes : {names}.")
    built.lines.append(f"Professionnels requis : {staff}, dont diplômés du 1° : {1 if diplomas else 0}.")
    return built.result(staff, diplomas)


def _ratio_staff(choices: RuleChoices, groups: list[_Group], built: _Builder) -> int:
    rounding = choices.provenance("ratio.rounding")
    built.choices.append(("ratio.rounding", rounding))
    fractions = [Fraction(group.children, _per_adult(group)) for group in groups]
    shares = " ; ".join(
        f"{group.label} : {group.children} ÷ {_per_adult(group)} = {number_text(share)}"
        for group, share in zip(groups, fractions, strict=True)
    )
    built.lines.append(f"{shares[0].upper()}{shares[1:]}.")
    label = CHOICES["ratio.rounding"].values[rounding.value]
    if rounding.value == "ceil_each_group":
        rounded = [ceil_fraction(share) for share in fractions]
        staff = sum(rounded)
        figures = " + ".join(str(value) for value in rounded)
    else:
        staff = ceil_fraction(sum(fractions, Fraction(0)))
        figures = number_text(sum(fractions, Fraction(0)))
    built.lines.append(f"Arrondi : {label}, {figures} → {staff} — source : {rounding.source}.")
    return staff


def _per_adult(group: _Group) -> int:
    assert isinstance(group.per_adult.value, int)
    return group.per_adult.value


def _check_counts(*, capacity: int, children: tuple[int, ...]) -> None:
    if capacity < 1:
        raise ValueError("La capacité autorisée doit être d'au moins une place.")
    if any(count < 0 for count in children):
        raise ValueError("Un nombre d'enfants présents ne peut pas être négatif.")

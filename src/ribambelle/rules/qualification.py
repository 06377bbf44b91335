"""Qualifications of the staff (R2324-42) and the monthly share of diplômés (R2324-43 I).

Which qualification belongs to which group is a dated parameter (``staff.group_1_qualifications``,
``staff.group_2_qualifications``); the enum only names them. The share is computed on staff-minutes:
the minutes that group-1 professionals spend with the children over a calendar month, against the
minutes of the minimum staffing over the same month (the "effectif mensuel de référence" times the
month's opening minutes). Both monthly averages share the same denominator, so their ratio is the
ratio of these sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from ribambelle.rules.capacity import FacilityCategory, FacilityKind, facility_category
from ribambelle.rules.parameters import ParameterSet, ParameterValue
from ribambelle.rules.wording import ceil_fraction, hours_text, percent_text


class Qualification(StrEnum):
    AUXILIAIRE_PUERICULTURE = "auxiliaire_puericulture"
    EDUCATEUR_JEUNES_ENFANTS = "educateur_jeunes_enfants"
    INFIRMIER = "infirmier"
    PSYCHOMOTRICIEN = "psychomotricien"
    PUERICULTEUR = "puericulteur"
    CAP_AEPE = "cap_aepe"
    CAP_AEPE_TWO_YEARS = "cap_aepe_two_years"
    BAC_PRO_ASSP = "bac_pro_assp"
    BAC_PRO_SAPAT = "bac_pro_sapat"
    BEP_ASSP = "bep_assp"
    BEP_SANITAIRE_SOCIAL = "bep_sanitaire_social"
    TISF = "tisf"
    CAFAD = "cafad"
    DEAES = "deaes"
    DEAMP = "deamp"
    BPJEPS_BEATEP = "bpjeps_beatep"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Qualification.AUXILIAIRE_PUERICULTURE: "auxiliaire de puériculture diplômé d'État",
    Qualification.EDUCATEUR_JEUNES_ENFANTS: "éducateur de jeunes enfants diplômé d'État",
    Qualification.INFIRMIER: "infirmier diplômé d'État",
    Qualification.PSYCHOMOTRICIEN: "psychomotricien diplômé d'État",
    Qualification.PUERICULTEUR: "puériculteur diplômé d'État",
    Qualification.CAP_AEPE: "CAP accompagnant éducatif petite enfance (ou CAP petite enfance)",
    Qualification.CAP_AEPE_TWO_YEARS: "CAP AEPE avec deux ans d'expérience",
    Qualification.BAC_PRO_ASSP: "bac pro ASSP",
    Qualification.BAC_PRO_SAPAT: "bac pro SAPAT",
    Qualification.BEP_ASSP: "BEP ASSP",
    Qualification.BEP_SANITAIRE_SOCIAL: "BEP carrières sanitaires et sociales",
    Qualification.TISF: "DE de technicien de l'intervention sociale et familiale",
    Qualification.CAFAD: "CAFAD",
    Qualification.DEAES: "DEAVS ou DEAES",
    Qualification.DEAMP: "DEAMP ou CAFAMP",
    Qualification.BPJEPS_BEATEP: "BEATEP petite enfance ou BPJEPS loisirs tout public",
    Qualification.OTHER: "autre qualification",
}


def qualifications(params: ParameterSet, key: str, on: date) -> tuple[frozenset[Qualification], ParameterValue]:
    """A dated list of qualification codes, as enum members, with its source."""
    source = params.at(key, on)
    assert isinstance(source.value, tuple)
    return frozenset(Qualification(str(code)) for code in source.value), source


@dataclass(frozen=True, slots=True)
class StaffMonth:
    """One professional over one calendar month: qualification and minutes spent with the children."""

    qualification: Qualification
    minutes: int


@dataclass(frozen=True, slots=True)
class QualificationShare:
    qualified_minutes: int
    reference_minutes: int
    share: Decimal
    minimum_share: Decimal
    shortfall_minutes: int
    group_1_headcount: int
    minimum_headcount: int
    unlisted_minutes: int
    compliant: bool
    explanation: tuple[str, ...]
    sources: tuple[ParameterValue, ...]


def qualification_share(
    params: ParameterSet,
    *,
    kind: FacilityKind,
    capacity: int,
    staff: Sequence[StaffMonth],
    reference_minutes: int,
    on: date,
) -> QualificationShare:
    """Whether the group-1 professionals reach the minimum share of the month's reference staffing.

    ``on`` is any day of the month checked; ``reference_minutes`` is the minimum staffing of the month
    expressed in staff-minutes.
    """
    if reference_minutes < 0 or any(member.minutes < 0 for member in staff):
        raise ValueError("Les durées ne peuvent pas être négatives.")
    if reference_minutes == 0:
        raise ValueError("L'effectif mensuel de référence est nul : aucune part de diplômés à calculer.")
    group_1, group_1_source = qualifications(params, "staff.group_1_qualifications", on)
    group_2, group_2_source = qualifications(params, "staff.group_2_qualifications", on)
    minimum = params.at("staff.group_1_minimum_share", on)
    assert isinstance(minimum.value, Decimal)
    sources = [group_1_source, group_2_source, minimum]
    counted = set(group_1)
    minimum_headcount = 0
    if facility_category(params, kind=kind, capacity=capacity, on=on).category is FacilityCategory.MICRO:
        equivalents, equivalents_source = qualifications(params, "staff.micro_creche_counted_as_group_1", on)
        headcount = params.at("staff.micro_creche_minimum_group_1", on)
        assert isinstance(headcount.value, int)
        counted |= equivalents
        minimum_headcount = headcount.value
        sources += [equivalents_source, headcount]

    qualified_minutes = sum(member.minutes for member in staff if member.qualification in counted)
    group_1_headcount = sum(1 for member in staff if member.qualification in group_1 and member.minutes > 0)
    unlisted_minutes = sum(member.minutes for member in staff if member.qualification not in group_1 | group_2)
    needed = ceil_fraction(Fraction(minimum.value) * reference_minutes)
    share = Fraction(qualified_minutes, reference_minutes)
    compliant = qualified_minutes >= needed and group_1_headcount >= minimum_headcount
    explanation = [
        f"Diplômés du 1° de R2324-42 : {hours_text(qualified_minutes)} sur {hours_text(reference_minutes)} "
        f"de l'effectif mensuel de référence, soit {percent_text(share)} (minimum {percent_text(minimum.value)}).",
    ]
    if counted != group_1:
        names = ", ".join(sorted(q.label for q in counted - group_1))
        explanation.append(f"En micro-crèche, comptés avec les diplômés : {names}.")
    if minimum_headcount:
        explanation.append(
            f"En micro-crèche, au moins {minimum_headcount} professionnel(s) du 1° dans l'équipe : {group_1_headcount}."
        )
    if unlisted_minutes:
        explanation.append(
            f"{hours_text(unlisted_minutes)} faites par des professionnels dont la qualification ne figure "
            "dans aucune des listes enregistrées (1° ou 2° de R2324-42) : à vérifier."
        )
    return QualificationShare(
        qualified_minutes=qualified_minutes,
        reference_minutes=reference_minutes,
        share=(Decimal(share.numerator) / share.denominator).quantize(Decimal("0.0001"), ROUND_HALF_UP),
        minimum_share=minimum.value,
        shortfall_minutes=max(0, needed - qualified_minutes),
        group_1_headcount=group_1_headcount,
        minimum_headcount=minimum_headcount,
        unlisted_minutes=unlisted_minutes,
        compliant=compliant,
        explanation=tuple(explanation),
        sources=tuple(sources),
    )

"""Mandatory vaccinations for admission in a collectivité (L3111-2, décret n° 2018-42 and its extensions).

The list depends on the child's date of birth: the parameter ``vaccination.required_by_birth_date`` is
dated by birth date, not by the day of the check. A child missing some of them may be admitted
provisionally; the missing vaccinations are then due within a dated number of months. Doses by age
(the vaccination calendar) are not encoded: "done" means up to date for the child's age.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ribambelle.rules.authorisation import add_months
from ribambelle.rules.parameters import ParameterSet, ParameterValue


class Vaccine(StrEnum):
    DIPHTHERIA = "diphtheria"
    TETANUS = "tetanus"
    POLIOMYELITIS = "poliomyelitis"
    PERTUSSIS = "pertussis"
    HAEMOPHILUS_B = "haemophilus_b"
    HEPATITIS_B = "hepatitis_b"
    PNEUMOCOCCUS = "pneumococcus"
    MENINGOCOCCUS_C = "meningococcus_c"
    MENINGOCOCCUS_ACWY = "meningococcus_acwy"
    MENINGOCOCCUS_B = "meningococcus_b"
    MEASLES = "measles"
    MUMPS = "mumps"
    RUBELLA = "rubella"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Vaccine.DIPHTHERIA: "diphtérie",
    Vaccine.TETANUS: "tétanos",
    Vaccine.POLIOMYELITIS: "poliomyélite",
    Vaccine.PERTUSSIS: "coqueluche",
    Vaccine.HAEMOPHILUS_B: "Haemophilus influenzae b",
    Vaccine.HEPATITIS_B: "hépatite B",
    Vaccine.PNEUMOCOCCUS: "pneumocoque",
    Vaccine.MENINGOCOCCUS_C: "méningocoque C",
    Vaccine.MENINGOCOCCUS_ACWY: "méningocoques A, C, W et Y",
    Vaccine.MENINGOCOCCUS_B: "méningocoque B",
    Vaccine.MEASLES: "rougeole",
    Vaccine.MUMPS: "oreillons",
    Vaccine.RUBELLA: "rubéole",
}


class Admission(StrEnum):
    COMPLETE = "complete"
    PROVISIONAL = "provisional"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class VaccinationStatus:
    required: tuple[Vaccine, ...]
    missing: tuple[Vaccine, ...]
    admission: Admission
    deadline_on: date | None
    explanation: tuple[str, ...]
    sources: tuple[ParameterValue, ...]


def required_vaccinations(params: ParameterSet, *, born_on: date) -> tuple[tuple[Vaccine, ...], ParameterValue]:
    """The mandatory vaccinations of a child born on ``born_on``, in the enum's order, with their source."""
    source = params.at("vaccination.required_by_birth_date", born_on)
    assert isinstance(source.value, tuple)
    codes = {Vaccine(str(code)) for code in source.value}
    return tuple(v for v in Vaccine if v in codes), source


def vaccination_status(
    params: ParameterSet,
    *,
    born_on: date,
    admitted_on: date,
    done: Collection[Vaccine],
    exempt: Collection[Vaccine] = (),
    on: date,
) -> VaccinationStatus:
    """Where a child admitted on ``admitted_on`` stands on ``on``: complete, provisionally admitted with a
    deadline, or past that deadline. ``exempt`` lists the medical contra-indications."""
    if admitted_on < born_on:
        raise ValueError("La date d'admission précède la date de naissance.")
    required, source = required_vaccinations(params, born_on=born_on)
    missing = tuple(v for v in required if v not in done and v not in exempt)
    lines = [f"Enfant né le {born_on:%d/%m/%Y} : {len(required)} vaccinations obligatoires."]
    if not missing:
        lines.append("Toutes les vaccinations obligatoires sont faites ou contre-indiquées.")
        return VaccinationStatus(required, (), Admission.COMPLETE, None, tuple(lines), (source,))
    delay = params.at("vaccination.provisional_admission_months", admitted_on)
    assert isinstance(delay.value, int)
    deadline = add_months(admitted_on, delay.value)
    admission = Admission.OVERDUE if on > deadline else Admission.PROVISIONAL
    lines.append(f"Manquantes : {', '.join(v.label for v in missing)}.")
    lines.append(
        f"Admission provisoire le {admitted_on:%d/%m/%Y} : vaccinations à faire au plus tard le {deadline:%d/%m/%Y}"
        + (" (délai dépassé)." if admission is Admission.OVERDUE else ".")
    )
    return VaccinationStatus(required, missing, admission, deadline, tuple(lines), (source, delay))

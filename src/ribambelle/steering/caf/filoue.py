"""The FILOUE file of one facility for one year (docs/caf-reporting.md): one row per child who attended the
facility that year, for the families who agreed (Family.filoue_consent), the columns of the mapping
(filoue_mapping). Hours and amounts are the sums of that facility's monthly statements of the months over."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q

from ribambelle.care.enums import ContractKind
from ribambelle.care.models import Attendance
from ribambelle.care.statements import facilities_month_statements
from ribambelle.core import tables
from ribambelle.families.enums import SocialSecurityScheme
from ribambelle.families.models import Child
from ribambelle.rules.billing import hours
from ribambelle.steering.caf.filoue_mapping import FiloueMapping, mapping_load
from ribambelle.steering.caf.year import elapsed_months, last_elapsed_day, months_of
from ribambelle.territory.models import Facility

CONTENT_TYPE = "text/csv; charset=utf-8"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ChildCare:
    """A child's year at the facility: first and last day of presence, the kind of its latest contract, and
    the sums of its monthly statements there."""

    child: Child
    first_on: date
    last_on: date
    kind: ContractKind | None
    contracted_minutes: int
    attended_minutes: int
    billed_minutes: int
    amount: Decimal


@dataclass(frozen=True)
class FiloueFile:
    facility: Facility
    year: int
    elapsed_months: int
    rows: list[ChildCare]  # families who agreed only
    without_consent: int  # children left out: their family did not agree
    statement_errors: int  # statements that could not be computed (their hours are missing)


def _text(value: object) -> str:
    return "" if value is None else str(value)


# Every datum a column may take (the `source` of the mapping); dates, Decimals and codes are formatted after.
SOURCES: dict[str, Callable[[Facility, ChildCare], Any]] = {
    "organisation_caf_code": lambda facility, row: facility.organisation.caf_code,
    "facility_caf_file_number": lambda facility, row: facility.caf_file_number,
    "facility_caf_equipment_id": lambda facility, row: facility.caf_equipment_id,
    "facility_name": lambda facility, row: facility.name,
    "family_caf_number": lambda facility, row: row.child.family.caf_number,
    "family_social_security_scheme": lambda facility, row: row.child.family.social_security_scheme,
    "family_postcode": lambda facility, row: row.child.family.postcode,
    "family_city": lambda facility, row: row.child.family.city,
    "child_birth_on": lambda facility, row: row.child.birth_on,
    "child_disability": lambda facility, row: "1" if row.child.disability else "0",
    "first_care_on": lambda facility, row: row.first_on,
    "last_care_on": lambda facility, row: row.last_on,
    "care_kind": lambda facility, row: None if row.kind is None else row.kind.value,
    "contracted_hours": lambda facility, row: hours(row.contracted_minutes),
    "attended_hours": lambda facility, row: hours(row.attended_minutes),
    "billed_hours": lambda facility, row: hours(row.billed_minutes),
    "billed_amount": lambda facility, row: row.amount,
}
CODED = {
    "family_social_security_scheme": [value for value, _ in SocialSecurityScheme.choices],
    "care_kind": [value for value, _ in ContractKind.choices],
}


def load_mapping(path: Any = None) -> FiloueMapping:
    return mapping_load(sources=SOURCES.keys(), coded=CODED, path=path)


def missing_identifiers(facility: Facility) -> list[str]:
    """The structure identifiers FILOUE needs that the registry lacks, in French."""
    missing = []
    if not facility.organisation.caf_code:
        missing.append("le code organisme CAF (organisation)")
    if not facility.caf_file_number:
        missing.append("le n° de dossier AFC")
    if not facility.caf_equipment_id:
        missing.append("l'identifiant équipement IDEQU")
    return missing


def filoue_file(*, facility: Facility, year: int, today: date) -> FiloueFile:
    """Refused (ValidationError, French) when an identifier is missing or no month of ``year`` is over."""
    missing = missing_identifiers(facility)
    if missing:
        raise ValidationError(f"FILOUE impossible pour « {facility.name} » : il manque {', '.join(missing)}.")
    end_on = last_elapsed_day(year, today)
    if end_on is None:
        raise ValidationError(f"FILOUE {year} : aucun mois de l'année n'est encore écoulé.")
    elapsed = elapsed_months(year, today)
    spans = {
        child_id: (first, last)
        for child_id, first, last in Attendance.objects.filter(facility=facility, on__range=(date(year, 1, 1), end_on))
        .values("child_id")
        .annotate(first=Min("on"), last=Max("on"))
        .values_list("child_id", "first", "last")
        .order_by()
    }
    sums: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    amounts: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    kinds: dict[int, tuple[date, ContractKind]] = {}
    errors = 0
    for month in months_of(year)[:elapsed]:
        (result,) = facilities_month_statements(facilities=[facility], month=month)
        if result.missing_choice is not None:
            raise ValidationError(f"FILOUE {year} de « {facility.name} » : {result.missing_choice}")
        for statement in result.statements:
            child_id = statement.contract.child_id
            if statement.error:
                if child_id in spans:
                    errors += 1
                continue
            total = sums[child_id]
            total[0] += statement.contracted_minutes
            total[1] += statement.attended_minutes
            total[2] += statement.billed_minutes
            amounts[child_id] += statement.amount or ZERO
            if child_id not in kinds or kinds[child_id][0] <= statement.contract.starts_on:
                kinds[child_id] = (statement.contract.starts_on, statement.kind)
    children = Child.objects.filter(pk__in=spans).select_related("family").order_by("pk")
    rows, without_consent = [], 0
    for child in children:
        if not child.family.filoue_consent:
            without_consent += 1
            continue
        contracted, attended, billed = sums[child.pk]
        first, last = spans[child.pk]
        kind = kinds[child.pk][1] if child.pk in kinds else None
        rows.append(ChildCare(child, first, last, kind, contracted, attended, billed, amounts[child.pk]))
    return FiloueFile(facility, year, elapsed, rows, without_consent, errors)


def _cell(value: Any, source: str, mapping: FiloueMapping) -> str:
    if isinstance(value, date):
        return value.strftime(mapping.date_format)
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", mapping.decimal_separator)
    if source in mapping.codes and value is not None:
        return mapping.codes[source].get(str(value), str(value))
    return _text(value)


def csv_bytes(file: FiloueFile, mapping: FiloueMapping) -> bytes:
    """The house's CSV (core.tables: ``;``, UTF-8 with a BOM, CRLF), every cell written by the mapping."""
    rows = [
        [_cell(SOURCES[column.source](file.facility, row), column.source, mapping) for column in mapping.columns]
        for row in file.rows
    ]
    return tables.csv_bytes(tables.Table("FILOUE", [tables.Column(c.header) for c in mapping.columns], rows))


def file_name(facility: Facility, year: int) -> str:
    return f"filoue-{year}-etablissement-{facility.pk}.csv"


def consent_counts(*, facility_ids: Sequence[int], year: int, today: date) -> dict[int, tuple[int, int]]:
    """By facility: children who attended in the months of ``year`` over, and how many of them have their
    family's FILOUE consent (one grouped query)."""
    end_on = last_elapsed_day(year, today)
    if end_on is None:
        return {}
    rows = (
        Attendance.objects.filter(facility_id__in=facility_ids, on__range=(date(year, 1, 1), end_on))
        .values("facility_id")
        .annotate(
            children=Count("child_id", distinct=True),
            consenting=Count("child_id", distinct=True, filter=Q(child__family__filoue_consent=True)),
        )
        .values_list("facility_id", "children", "consenting")
        .order_by()
    )
    return {facility_id: (children, consenting) for facility_id, children, consenting in rows}

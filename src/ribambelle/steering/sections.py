"""The section level of the indicators (docs/indicators.md, « Sections »): a month's section facts written
with its facility's billing (services.month_facts_refresh), and read for the engine with each section's
capacity, its places × the opening minutes of its facility's open days.

A child's presence and billing go to the section named by the contract: the presence under the contract
the attendance was recorded with (the one in force that day), the billing under the contract of the
statement. What no section names (presence without a contract, contracts without a section) stays with the
facility, in its row without a section, so that a facility's sections and that row add up to the facility's
attended and billed minutes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date

from django.db.models import Count, ExpressionWrapper, IntegerField, Sum
from django.db.models.functions import ExtractHour, ExtractMinute

from ribambelle.care.models import Attendance, Contract
from ribambelle.care.statements import FacilityStatements, MonthlyStatement, month_end, statement_totals
from ribambelle.engines.indicators import DayFact, MonthBilled
from ribambelle.steering.models import FacilityMonthFact, SectionMonthFact
from ribambelle.territory.models import Section

_Key = tuple[int, int | None]  # facility, section (None: outside the sections)


def _minutes(field: str) -> ExpressionWrapper:
    return ExpressionWrapper(ExtractHour(field) * 60 + ExtractMinute(field), output_field=IntegerField())


def _attended(facility_ids: Sequence[int], month: date) -> dict[_Key, int]:
    """Minutes of the closed periods of the month by facility and section of their contract: one grouped
    query (a period still open has no departure yet, as in the day facts)."""
    rows = (
        Attendance.objects.filter(
            facility_id__in=facility_ids, on__range=(month, month_end(month)), left_at__isnull=False
        )
        .values("facility_id", "contract__section_id")
        .annotate(minutes=Sum(_minutes("left_at") - _minutes("arrived_at")))
        .values_list("facility_id", "contract__section_id", "minutes")
        .order_by()
    )
    return {(facility, section): minutes for facility, section, minutes in rows}


def _enrolled(facility_ids: Sequence[int], month: date) -> dict[_Key, int]:
    rows = (
        Contract.objects.overlapping(month, month_end(month))
        .filter(facility_id__in=facility_ids)
        .values("facility_id", "section_id")
        .annotate(children=Count("child_id", distinct=True))
        .values_list("facility_id", "section_id", "children")
        .order_by()
    )
    return {(facility, section): children for facility, section, children in rows}


def section_facts_write(*, results: Sequence[FacilityStatements], month: date) -> int:
    """Rewrite the section facts of these facilities' month from their statements (computed by the caller),
    their attendance and their contracts: a row for every section, and one without a section when anything
    falls outside them. Returns the number of rows written."""
    ids = [result.facility.pk for result in results]
    attended, enrolled = _attended(ids, month), _enrolled(ids, month)
    statements: defaultdict[_Key, list[MonthlyStatement]] = defaultdict(list)
    for result in results:
        for statement in result.statements:
            statements[result.facility.pk, statement.contract.section_id].append(statement)
    keys = set(Section.objects.filter(facility_id__in=ids).values_list("facility_id", "pk"))
    keys |= {key for key, minutes in attended.items() if minutes} | set(enrolled) | set(statements)
    facts = []
    for key in sorted(keys, key=lambda k: (k[0], k[1] or 0)):
        totals = statement_totals(statements.get(key, []))
        facts.append(
            SectionMonthFact(
                facility_id=key[0],
                section_id=key[1],
                month=month,
                attended_minutes=attended.get(key, 0),
                billed_minutes=totals.billed_minutes,
                billed_amount=totals.amount,
                enrolled=enrolled.get(key, 0),
            )
        )
    SectionMonthFact.objects.filter(facility_id__in=ids, month=month).delete()
    SectionMonthFact.objects.bulk_create(facts, batch_size=2000)
    return len(facts)


def _opening(facility_ids: Collection[int] | None, months: Collection[date]) -> dict[tuple[int, date], int]:
    """Σ opening minutes of each facility's open days (days with capacity) by month: the month roll-ups."""
    found = FacilityMonthFact.objects.filter(month__in=list(months))
    if facility_ids is not None:
        found = found.filter(facility_id__in=facility_ids)
    return {(f, month): minutes for f, month, minutes in found.values_list("facility_id", "month", "open_minutes")}


def sections_read(
    *, months: Collection[date], facility_ids: Collection[int] | None = None, outside: bool = True
) -> tuple[list[DayFact], list[MonthBilled]]:
    """The section facts of these whole months (first days) of these facilities (None: every one), ready for
    the engine at the section level by month or year: a section's capacity is its places × the opening
    minutes of its facility's open days. ``outside`` keeps the facilities' rows without a section (the
    engine then sums them into one group: read one facility at a time)."""
    if not months:
        return [], []
    opening = _opening(facility_ids, months)
    facts = SectionMonthFact.objects.filter(month__in=list(months))
    if facility_ids is not None:
        facts = facts.filter(facility_id__in=facility_ids)
    if not outside:
        facts = facts.filter(section__isnull=False)
    days, billed = [], []
    for facility, sector, section, places, month, attended, minutes, enrolled in facts.values_list(
        "facility_id",
        "facility__sector_id",
        "section_id",
        "section__places",
        "month",
        "attended_minutes",
        "billed_minutes",
        "enrolled",
    ).order_by():
        theoretical = (places or 0) * opening.get((facility, month), 0)
        days.append(DayFact(facility, sector, month, theoretical, attended, section_id=section))
        billed.append(MonthBilled(facility, sector, month, minutes, enrolled, section_id=section))
    return days, billed

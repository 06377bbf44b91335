"""The places a committee can offer on a start date, section by section."""

from __future__ import annotations

from datetime import date

from ribambelle.care import services
from ribambelle.care.enums import ContractKind
from ribambelle.care.forecast import places_forecast, school_age_on
from ribambelle.families.models import Child
from ribambelle.families.services import child_add


def _by_section(cast, on, facility=None):
    rows = places_forecast(facilities=[facility or cast.lucioles], on=on)
    return {
        row.section.name if row.section else None: (row.places, row.staying, row.leaving_for_school, row.free)
        for row in rows
    }


def _older_child_at_lucioles(cast, born=date(2023, 2, 1), kind=ContractKind.REGULAR):
    child = child_add(
        family=cast.martin, child=Child(first_name="Zoé", last_name="Martin", birth_on=born), actor=cast.coordinatrice
    )
    return services.contract_create(
        child=child,
        facility=cast.lucioles,
        section=None,
        kind=kind,
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 12, 31),
        schedule=[services.SchedulePeriod(day, 9 * 60, 16 * 60) for day in range(5)]
        if kind == ContractKind.REGULAR
        else [],
        attendance_weeks=40 if kind == ContractKind.REGULAR else None,
        actor=cast.coordinatrice,
    )


def test_a_baby_under_contract_holds_a_place_in_the_section_of_its_age(cast):
    # Léo, born on 10 September 2025: five months old in March 2026.
    assert _by_section(cast, date(2026, 3, 2)) == {"Bébés": (10, 1, 0, 9), "Grands": (20, 0, 0, 20)}


def test_a_child_of_school_age_on_the_start_date_is_counted_as_leaving(cast):
    _older_child_at_lucioles(cast)

    before, after = _by_section(cast, date(2026, 6, 1)), _by_section(cast, date(2026, 9, 7))

    assert before["Grands"] == (20, 1, 0, 19)
    assert after["Grands"] == (20, 0, 1, 20)
    assert school_age_on(date(2023, 12, 31), date(2026, 9, 1)) and not school_age_on(date(2024, 1, 1), date(2026, 9, 1))


def test_occasional_care_holds_no_place_and_no_contract_means_every_place_is_free(cast):
    _older_child_at_lucioles(cast, born=date(2024, 6, 1), kind=ContractKind.OCCASIONAL)

    assert _by_section(cast, date(2027, 1, 4)) == {"Bébés": (10, 0, 0, 10), "Grands": (20, 0, 0, 20)}


def test_a_facility_without_sections_offers_its_authorised_capacity(cast):
    cast.coccinelles.sections.all().delete()

    rows = places_forecast(facilities=[cast.coccinelles], on=date(2026, 10, 5))

    assert [(row.section, row.places, row.staying, row.free) for row in rows] == [(None, 24, 1, 23)]

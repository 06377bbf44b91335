from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from ribambelle.territory import services
from ribambelle.territory.enums import ClosureKind, SectionKind
from ribambelle.territory.models import Authorisation, Closure, Facility, Section


def _authorisation(cast, **overrides):
    fields = {"facility": cast.lucioles, "decided_on": date(2026, 3, 2), "valid_from": date(2026, 4, 1), "capacity": 40}
    return Authorisation(**(fields | overrides))


def test_an_authorisation_decided_after_the_2025_decree_expires_fifteen_years_later(cast):
    authorisation = services.authorisation_create(
        authorisation=_authorisation(cast), slots=[], actor=cast.coordinatrice
    )

    assert authorisation.expires_on == date(2041, 3, 1)


def test_a_modulated_slot_cannot_exceed_the_authorised_capacity(cast):
    slots = [services.Slot(time(7, 30), time(9, 0), 45)]

    with pytest.raises(ValidationError, match="dépasse la capacité autorisée"):
        services.authorisation_create(authorisation=_authorisation(cast), slots=slots, actor=cast.coordinatrice)

    assert not Authorisation.objects.filter(decided_on=date(2026, 3, 2)).exists()


def test_overlapping_modulated_slots_are_refused(cast):
    slots = [services.Slot(time(7, 30), time(9, 0), 20), services.Slot(time(8, 30), time(18, 0), 40)]

    with pytest.raises(ValidationError, match="se chevauchent"):
        services.authorisation_create(authorisation=_authorisation(cast), slots=slots, actor=cast.coordinatrice)


def test_an_authorisation_cannot_start_before_its_decision(cast):
    with pytest.raises(ValidationError, match="avant la décision"):
        services.authorisation_create(
            authorisation=_authorisation(cast, valid_from=date(2026, 1, 1)), slots=[], actor=cast.coordinatrice
        )


def test_sections_cannot_total_more_places_than_authorised(cast):
    section = Section(
        facility=cast.lucioles, name="Moyens", kind=SectionKind.MIDDLE, min_age_months=12, max_age_months=30, places=5
    )

    with pytest.raises(ValidationError, match="totaliseraient 35 places pour une capacité autorisée de 30"):
        services.section_save(section=section, on=date(2026, 11, 29), actor=cast.coordinatrice)


def test_a_section_cannot_take_ages_outside_the_authorisation(cast):
    section = cast.lucioles.sections.get(name="Grands")
    section.max_age_months = 60

    with pytest.raises(ValidationError, match="sortent de ceux de l'autorisation"):
        services.section_save(section=section, on=date(2026, 11, 29), actor=cast.coordinatrice)


def test_a_closure_cannot_overlap_another(cast):
    services.closure_create(
        closure=Closure(
            facility=cast.lucioles, kind=ClosureKind.ANNUAL, start_on=date(2027, 8, 2), end_on=date(2027, 8, 20)
        ),
        actor=cast.coordinatrice,
    )
    overlapping = Closure(
        facility=cast.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=date(2027, 8, 20), end_on=date(2027, 8, 23)
    )

    with pytest.raises(ValidationError, match="chevauche"):
        services.closure_create(closure=overlapping, actor=cast.coordinatrice)


def test_every_change_is_in_the_history_with_its_author_and_the_values_before_and_after(cast):
    facility = Facility.objects.get(pk=cast.lucioles.pk)
    facility.postcode = "69120"
    days = [services.OpeningDay(weekday, time(7, 30), time(18, 30)) for weekday in range(5)]

    services.facility_save(facility=facility, opening_days=days, directors=None, actor=cast.coordinatrice)

    last = facility.history.latest()
    delta = last.diff_against(last.prev_record)
    assert last.history_user == cast.coordinatrice
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("postcode", "69100", "69120")]


def test_changing_the_opening_hours_keeps_unchanged_days_untouched(cast):
    facility = cast.lucioles
    days = [services.OpeningDay(weekday, time(7, 30), time(18, 30)) for weekday in range(4)]
    days.append(services.OpeningDay(4, time(7, 30), time(17, 0)))

    services.facility_save(facility=facility, opening_days=days, directors=None, actor=cast.coordinatrice)

    friday = facility.opening_hours.get(weekday=4)
    assert friday.closes_at == time(17, 0) and friday.history.latest().history_user == cast.coordinatrice
    assert facility.opening_hours.get(weekday=0).history.count() == 1


def test_a_facility_in_a_sector_of_another_organisation_is_refused(cast):
    from ribambelle.territory.models import Organisation, Sector

    other = Organisation.objects.create(
        name="Autre", kind="commune", siren="732829320", insee_code="69001", population=1000
    )
    facility = cast.lucioles
    facility.sector = Sector.objects.create(organisation=other, name="Ailleurs")

    with pytest.raises(ValidationError, match="autre organisation"):
        services.facility_save(facility=facility, opening_days=[], directors=None, actor=cast.coordinatrice)

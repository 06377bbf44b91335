"""The facts follow the registry and the contracts: each change refreshes, after its commit, the day facts
it affects (only over the days the facts already cover), or marks the months concerned stale."""

from __future__ import annotations

from datetime import date, time

import pytest

from ribambelle.care.enums import VersionReason
from ribambelle.care.models import ContractVersion
from ribambelle.steering import services
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import AuthorisationSlot, Closure

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)
MONDAY, TUESDAY = date(2026, 3, 2), date(2026, 3, 3)


@pytest.fixture
def march(cast):
    """The day facts of both facilities for March, and their month facts up to date."""
    ids = [cast.lucioles.pk, cast.coccinelles.pk]
    services.day_facts_refresh(facility_ids=ids, start_on=MARCH, end_on=date(2026, 3, 31))
    services.month_facts_refresh(facility_ids=ids, months=[MARCH])
    return cast


def _fact(facility, on=MONDAY):
    return FacilityDayFact.objects.get(facility=facility, on=on)


def test_an_authorisation_changed_refreshes_its_days(march, django_capture_on_commit_callbacks):
    authorisation = march.lucioles.authorisations.get()
    authorisation.capacity = 20

    with django_capture_on_commit_callbacks(execute=True):
        authorisation.save()

    assert (_fact(march.lucioles).places, _fact(march.lucioles).theoretical_minutes) == (20, 20 * 660)
    assert _fact(march.coccinelles).places == 24  # another facility: untouched
    assert not FacilityDayFact.objects.filter(on__gte=APRIL).exists()  # no fact for days never asked


def test_an_authorisation_moved_later_refreshes_its_former_days(march, django_capture_on_commit_callbacks):
    authorisation = march.lucioles.authorisations.get()
    authorisation.valid_from = date(2026, 3, 10)

    with django_capture_on_commit_callbacks(execute=True):
        authorisation.save()

    assert (_fact(march.lucioles).places, _fact(march.lucioles).theoretical_minutes) == (0, 0)
    assert _fact(march.lucioles, date(2026, 3, 10)).places == 30


def test_a_slot_added_or_deleted_refreshes_its_authorisation_days(march, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        slot = AuthorisationSlot.objects.create(
            authorisation=march.lucioles.authorisations.get(), starts_at=time(7, 30), ends_at=time(9), capacity=12
        )
    assert _fact(march.lucioles).theoretical_minutes == 12 * 90 + 30 * 570

    with django_capture_on_commit_callbacks(execute=True):
        slot.delete()
    assert _fact(march.lucioles).theoretical_minutes == 30 * 660


def test_opening_hours_changed_refresh_the_weekday(march, django_capture_on_commit_callbacks):
    monday = march.lucioles.opening_hours.get(weekday=0)
    monday.closes_at = time(17, 30)

    with django_capture_on_commit_callbacks(execute=True):
        monday.save()

    assert _fact(march.lucioles).opening_minutes == 600
    assert _fact(march.lucioles, TUESDAY).opening_minutes == 660


def test_a_closure_added_moved_and_deleted(march, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        closure = Closure.objects.create(
            facility=march.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=MONDAY, end_on=MONDAY
        )
    assert _fact(march.lucioles).closed

    closure.start_on = closure.end_on = TUESDAY
    with django_capture_on_commit_callbacks(execute=True):
        closure.save()
    assert not _fact(march.lucioles).closed and _fact(march.lucioles, TUESDAY).closed

    with django_capture_on_commit_callbacks(execute=True):
        closure.delete()
    assert not _fact(march.lucioles, TUESDAY).closed


def test_a_facility_closing_date_refreshes_its_days_but_not_another_edit(march, django_capture_on_commit_callbacks):
    march.lucioles.name = "Les Lucioles (rue Verte)"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        march.lucioles.save()
    assert callbacks == []

    march.lucioles.closed_on = date(2026, 3, 15)
    with django_capture_on_commit_callbacks(execute=True):
        march.lucioles.save()

    assert _fact(march.lucioles, date(2026, 3, 16)).closed
    assert not _fact(march.lucioles, date(2026, 3, 13)).closed


def test_a_contract_changed_marks_its_months_stale(march, django_capture_on_commit_callbacks):
    contract = march.leo_contract
    contract.ends_on = date(2026, 3, 20)

    with django_capture_on_commit_callbacks(execute=True):
        contract.save()

    assert FacilityMonthFact.objects.get(facility=march.lucioles, month=MARCH).stale
    assert not FacilityMonthFact.objects.get(facility=march.coccinelles, month=MARCH).stale
    assert not FacilityMonthFact.objects.filter(month__gt=MARCH).exists()  # only the facts that exist


def test_a_contract_version_marks_the_months_from_its_first_day(march, django_capture_on_commit_callbacks):
    version = march.leo_contract.versions.get()
    with django_capture_on_commit_callbacks(execute=True):
        ContractVersion.objects.create(
            contract=march.leo_contract,
            valid_from=date(2026, 4, 1),
            reason=VersionReason.SITUATION,
            schedule=version.schedule,
            attendance_weeks=version.attendance_weeks,
            monthly_resources=version.monthly_resources,
            dependent_children=version.dependent_children,
            hourly_fee=version.hourly_fee,
        )
    assert not FacilityMonthFact.objects.get(facility=march.lucioles, month=MARCH).stale  # from April

    version.monthly_resources += 100
    with django_capture_on_commit_callbacks(execute=True):
        version.save()
    assert FacilityMonthFact.objects.get(facility=march.lucioles, month=MARCH).stale


def test_no_fact_is_created_for_a_facility_never_refreshed(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Closure.objects.create(facility=cast.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=MONDAY, end_on=MONDAY)
        cast.leo_contract.ends_on = date(2026, 3, 20)
        cast.leo_contract.save()

    assert not FacilityDayFact.objects.exists()
    assert not FacilityMonthFact.objects.exists()

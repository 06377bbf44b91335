"""The indicator facts: capacity and presence by facility-day, billed minutes by facility-month, and their
refresh when attendance is recorded or imported."""

from __future__ import annotations

from datetime import date, time

from ribambelle.care import services as care_services
from ribambelle.care.enums import AbsenceReason
from ribambelle.care.models import Attendance
from ribambelle.engines.indicators import Grain, Level
from ribambelle.steering import services
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.steering.selectors import indicator_table
from ribambelle.territory.models import AuthorisationSlot
from tests.care.import_files import csv_bytes, mapping, week_rows
from tests.care.statement_month import EXPECTED, MARCH, leo_in_march

MONDAY = date(2026, 3, 2)


def _fact(facility, on):
    return FacilityDayFact.objects.get(facility=facility, on=on)


def test_a_day_fact_holds_places_times_opening_minutes_and_the_presence(cast):
    leo_in_march(cast)

    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=date(2026, 3, 8))

    fact = _fact(cast.lucioles, MONDAY)
    assert (fact.places, fact.opening_minutes, fact.theoretical_minutes) == (30, 660, 30 * 660)
    assert fact.attended_minutes == 9 * 60
    assert _fact(cast.lucioles, date(2026, 3, 7)).theoretical_minutes == 0  # a Saturday: not open


def test_a_closure_day_has_no_capacity(cast):
    leo_in_march(cast)  # closes Les Lucioles on Wednesday 18 March

    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MARCH, end_on=date(2026, 3, 31))

    closed = _fact(cast.lucioles, date(2026, 3, 18))
    assert closed.closed and closed.theoretical_minutes == 0
    total = sum(FacilityDayFact.objects.filter(facility=cast.lucioles).values_list("theoretical_minutes", flat=True))
    assert total == 21 * 30 * 660


def test_a_modulated_authorisation_counts_its_slots(cast):
    authorisation = cast.lucioles.authorisations.get()
    AuthorisationSlot.objects.create(
        authorisation=authorisation, starts_at=time(7, 30), ends_at=time(9, 0), capacity=12
    )

    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=MONDAY)

    assert _fact(cast.lucioles, MONDAY).theoretical_minutes == 12 * 90 + 30 * 570


def test_a_refresh_replaces_the_facts_and_marks_the_months_stale(cast):
    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=MONDAY)
    services.month_facts_refresh(facility_ids=[cast.lucioles.pk], months=[MARCH])

    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=MONDAY)

    assert FacilityDayFact.objects.filter(facility=cast.lucioles, on=MONDAY).count() == 1
    assert FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH).stale


def test_the_month_fact_holds_the_billed_minutes_of_the_statements(cast):
    leo_in_march(cast)

    services.month_facts_refresh(facility_ids=[cast.lucioles.pk, cast.coccinelles.pk], months=[MARCH])

    fact = FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH)
    assert (fact.billed_minutes, fact.statements, fact.errors, fact.stale) == (EXPECTED["billed_minutes"], 1, 0, False)
    assert fact.billed_amount == EXPECTED["amount"]


def test_a_facility_without_its_rounding_rule_says_which_choice_is_missing(cast):
    services.month_facts_refresh(facility_ids=[cast.lucioles.pk], months=[MARCH])

    assert FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH).missing_choice


def test_a_tap_updates_the_day_fact_after_the_commit(cast, django_capture_on_commit_callbacks):
    monday = date(2026, 11, 30)
    with django_capture_on_commit_callbacks(execute=True):
        care_services.attendance_arrive(
            child=cast.leo, facility=cast.lucioles, on=monday, at=time(8, 30), actor=cast.directrice
        )
    with django_capture_on_commit_callbacks(execute=True):
        care_services.attendance_leave(
            child=cast.leo, facility=cast.lucioles, on=monday, at=time(17, 0), actor=cast.directrice
        )

    assert _fact(cast.lucioles, monday).attended_minutes == 510


def test_an_absence_marks_the_month_stale(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        care_services.absence_record(
            child=cast.leo,
            facility=cast.lucioles,
            on=MONDAY,
            reason=AbsenceReason.ILLNESS_WITH_CERTIFICATE,
            actor=cast.directrice,
        )

    assert FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH).stale


def test_an_import_refreshes_the_days_it_spans(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = care_services.attendance_import(
            content=csv_bytes(week_rows(cast)),
            file_name="p.csv",
            mapping=mapping(cast),
            actor=cast.coordinatrice,
            commit=True,
        )

    assert report.committed
    facts = FacilityDayFact.objects.filter(facility=cast.lucioles, on__range=(report.first_on, report.last_on))
    assert sum(f.attended_minutes for f in facts) == 540 + 555 + 210 + 210 + 420


def test_a_refresh_costs_the_same_queries_whatever_the_number_of_facilities(cast, django_assert_max_num_queries):
    leo_in_march(cast)

    with django_assert_max_num_queries(13):  # + the locally entered parameters (the surnombre rate)
        services.day_facts_refresh(
            facility_ids=[cast.lucioles.pk, cast.coccinelles.pk], start_on=MARCH, end_on=date(2026, 3, 31)
        )

    assert FacilityDayFact.objects.count() == 2 * 31


def test_the_month_fact_rolls_up_its_day_facts(cast):
    """Léo came 17 days of March (21 open days); the day facts summed, the peaks their maxima."""
    leo_in_march(cast)

    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MARCH, end_on=date(2026, 3, 31))

    fact = FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH)
    days = FacilityDayFact.objects.filter(facility=cast.lucioles, on__month=3)
    assert (fact.theoretical_minutes, fact.attended_minutes) == (6930 * 60, 8650)
    assert (fact.open_days, fact.child_days, fact.peak_daily, fact.peak_presence) == (
        days.filter(theoretical_minutes__gt=0).count(),
        days.filter(children__gt=0).count(),
        1,
        1,
    )
    assert fact.stale


def test_a_day_refreshed_again_rewrites_its_month_roll_up(cast):
    leo_in_march(cast)
    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MARCH, end_on=date(2026, 3, 31))
    Attendance.objects.filter(child=cast.leo, on=MONDAY).delete()

    services.day_facts_refresh(facility_ids=[cast.lucioles.pk], start_on=MONDAY, end_on=MONDAY)

    assert FacilityMonthFact.objects.get(facility=cast.lucioles, month=MARCH).attended_minutes == 8650 - 540


def test_whole_months_read_from_the_roll_ups_equal_the_days_summed(cast):
    leo_in_march(cast)
    services.facts_refresh(start_on=MARCH, end_on=date(2026, 3, 31))

    for level in (Level.FACILITY, Level.SECTOR, Level.TERRITORY):
        for grain in (Grain.MONTH, Grain.YEAR):
            months = indicator_table(start_on=MARCH, end_on=date(2026, 3, 31), level=level, grain=grain).rows
            days = indicator_table(start_on=date(2026, 2, 28), end_on=date(2026, 3, 31), level=level, grain=grain)
            assert [row for row in days.rows if row.attended_minutes or row.theoretical_minutes] == [
                row for row in months if row.attended_minutes or row.theoretical_minutes
            ]

"""The demo town's families, contracts and year of attendance; one seed shared by the module (read only)."""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

from ribambelle.care.enums import AbsenceReason, ContractKind, RecordSource
from ribambelle.care.models import Absence, Attendance, Contract, ContractVersion
from ribambelle.demo.holidays import school_holidays
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.rules.authorisation import add_months
from ribambelle.rules.fees import hourly_fee
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Authorisation, Closure, Facility, OpeningHours
from ribambelle.territory.selectors import parameters_in_force
from tests.demo.conftest import ON

ILLNESSES = (AbsenceReason.ILLNESS_WITH_CERTIFICATE, AbsenceReason.ILLNESS_WITHOUT_CERTIFICATE)


def _minutes(moment) -> int:
    return moment.hour * 60 + moment.minute


def _hours() -> dict[tuple[int, int], tuple[int, int]]:
    return {
        (row.facility_id, row.weekday): (_minutes(row.opens_at), _minutes(row.closes_at))
        for row in OpeningHours.objects.all()
    }


def _capacity(facility: Facility, on: date) -> int:
    return Authorisation.objects.in_force_on(on).filter(facility=facility).order_by("-valid_from").first().capacity


def _schedule_on(contract: Contract, on: date) -> list[dict[str, int]]:
    version = contract.versions.in_force_on(on).first()
    return [period for period in version.schedule if period["weekday"] == on.weekday()]


def test_regular_contracts_fill_60_to_100_percent_of_the_places_on_a_weekday(town_year, db):
    tuesday = ON - timedelta(days=ON.weekday() - 1)
    expected, places = Counter(), {}

    for facility in Facility.objects.all():
        places[facility.pk] = _capacity(facility, tuesday)
        for contract in Contract.objects.active_on(tuesday).filter(facility=facility, kind=ContractKind.REGULAR):
            expected[facility.pk] += bool(_schedule_on(contract, tuesday))

    assert 0.6 <= sum(expected.values()) / sum(places.values()) <= 1.0
    assert all(expected[pk] <= capacity for pk, capacity in places.items())


def test_a_sample_of_the_new_rows_passes_full_clean(town_year, db):
    rng = random.Random(0)

    for model in (Family, FamilySituation, Child, Contract, ContractVersion, Attendance, Absence):
        rows = list(model._default_manager.order_by("pk")[:2000])
        for row in rng.sample(rows, min(25, len(rows))):
            row.full_clean()


def test_contracts_respect_the_authorised_ages_the_sections_and_the_opening_hours(town_year, db):
    hours = _hours()
    authorisations = defaultdict(list)
    for authorisation in Authorisation.objects.order_by("valid_from"):
        authorisations[authorisation.facility_id].append(authorisation)

    for contract in Contract.objects.select_related("child", "section").prefetch_related("versions"):
        in_force = [row for row in authorisations[contract.facility_id] if row.valid_from <= contract.starts_on]
        authorisation = in_force[-1]
        age_at_start = contract.child.age_in_months(contract.starts_on)
        assert authorisation.min_age_months <= age_at_start, contract.pk
        assert contract.child.age_in_months(contract.ends_on) < authorisation.max_age_months, contract.pk
        assert contract.section.facility_id == contract.facility_id
        assert contract.section.min_age_months <= age_at_start < contract.section.max_age_months, contract.pk
        for version in contract.versions.all():
            for period in version.schedule:
                opens, closes = hours[(contract.facility_id, period["weekday"])]
                assert opens <= period["start"] < period["end"] <= closes, contract.pk


def test_regular_contracts_have_a_schedule_and_at_most_47_weeks_within_their_span_occasional_ones_neither(
    town_year, db
):
    year_long = 0
    for version in ContractVersion.objects.select_related("contract"):
        contract = version.contract
        if contract.kind == ContractKind.REGULAR:
            spanned = -(-((contract.ends_on - contract.starts_on).days + 1) // 7)
            assert version.schedule and 1 <= version.attendance_weeks <= min(47, spanned), contract.pk
            if spanned >= 52:
                year_long += 1
                assert version.attendance_weeks >= 40, contract.pk
        if contract.kind == ContractKind.OCCASIONAL:
            assert version.schedule == [] and version.attendance_weeks is None
    assert year_long > 0


def test_haltes_garderies_and_multi_accueils_have_occasional_contracts_attended_now_and_then(town_year, db):
    occasional = Contract.objects.filter(kind=ContractKind.OCCASIONAL)

    types = set(occasional.values_list("facility__facility_type", flat=True))
    attended = Attendance.objects.filter(contract__kind=ContractKind.OCCASIONAL)

    assert types == {FacilityType.HALTE_GARDERIE, FacilityType.MULTI_ACCUEIL}
    assert attended.count() > 5 * occasional.count()


def test_some_children_leave_for_school_in_july_and_others_start_in_september(town_year, db):
    year = ON.year if ON.month >= 9 else ON.year - 1

    leaving = Contract.objects.filter(ends_on__year=year, ends_on__month=7).count()
    starting = Contract.objects.filter(starts_on__year=year, starts_on__month=9).count()

    assert leaving > 20 and starting > 100


def test_each_version_carries_the_fee_the_rules_give_for_the_familys_situation(town_year, db):
    params = parameters_in_force()
    versions = ContractVersion.objects.exclude(contract__kind=ContractKind.EMERGENCY).select_related(
        "contract__child", "contract__facility"
    )

    for version in versions.order_by("pk")[:300]:
        mode = FacilityType(version.contract.facility.facility_type).care_mode
        fee = hourly_fee(
            params,
            monthly_resources=version.monthly_resources,
            dependent_children=version.dependent_children,
            on=version.valid_from,
            mode=mode,
            aeeh_children=version.aeeh_children,
            ase_placement=version.contract.child.ase_placement,
        )
        assert version.hourly_fee == fee.hourly_rate
        assert version.fee_provenance == fee.as_dict()


def test_families_have_one_to_four_children_and_resources_from_the_floor_to_above_the_ceiling(town_year, db):
    # The families in care, before the applications generator adds the babies they apply for.
    children = Counter(Child.objects.filter(applications__isnull=True).values_list("family_id", flat=True))
    resources = list(FamilySituation.objects.values_list("monthly_resources", flat=True))

    assert set(children.values()) <= {1, 2, 3, 4} and len(set(children.values())) >= 3
    assert any(amount < Decimal("801") for amount in resources)
    assert any(amount > Decimal("8500") for amount in resources)
    assert 0 < FamilySituation.objects.filter(aeeh_children__gt=0).count() < len(resources) / 10


def test_twelve_months_of_attendance_end_the_day_before_the_reference_date(town_year, db):
    days = Attendance.objects.order_by("on").values_list("on", flat=True)

    first, last = days.first(), days.last()
    months = {(day.year, day.month) for day in Attendance.objects.values_list("on", flat=True).distinct()}

    assert add_months(ON, -12) <= first <= add_months(ON, -12) + timedelta(days=3)
    assert ON - timedelta(days=4) <= last < ON
    assert len(months) >= 12


def test_attendance_stays_within_the_opening_hours_and_the_contracts(town_year, db):
    hours = _hours()
    contracts = {
        row[0]: row[1:] for row in Contract.objects.values_list("pk", "child_id", "facility_id", "starts_on", "ends_on")
    }

    rows = Attendance.objects.values_list("child_id", "facility_id", "contract_id", "on", "arrived_at", "left_at")
    for child_id, facility_id, contract_id, on, arrived_at, left_at in rows.iterator():
        opens, closes = hours[(facility_id, on.weekday())]
        assert opens <= _minutes(arrived_at) < _minutes(left_at) <= closes
        assert contracts[contract_id][:2] == (child_id, facility_id)
        assert contracts[contract_id][2] <= on <= contracts[contract_id][3]


def test_a_child_is_never_in_two_periods_at_once_nor_present_and_absent_the_same_day(town_year, db):
    periods = defaultdict(list)
    for child_id, on, arrived_at, left_at in Attendance.objects.values_list("child_id", "on", "arrived_at", "left_at"):
        periods[(child_id, on)].append((arrived_at, left_at))

    absent = set(Absence.objects.values_list("child_id", "on"))

    for day_periods in periods.values():
        day_periods.sort()
        assert all(first[1] < second[0] for first, second in itertools.pairwise(day_periods))
    assert not absent & set(periods)


def test_nobody_attends_on_a_closure_and_contracted_children_are_marked_absent_for_it(town_year, db):
    closed = set()
    for facility_id, start_on, end_on in Closure.objects.values_list("facility_id", "start_on", "end_on"):
        closed |= {(facility_id, start_on + timedelta(days=n)) for n in range((end_on - start_on).days + 1)}

    attended = set(Attendance.objects.values_list("facility_id", "on"))
    closure_absences = Absence.objects.filter(reason=AbsenceReason.FACILITY_CLOSURE).values_list("facility_id", "on")

    assert not attended & closed
    assert set(closure_absences) <= closed and len(set(closure_absences)) > 10 * Facility.objects.count()


def test_illnesses_cluster_in_winter(town_year, db):
    months = Counter(day.month for day in Absence.objects.filter(reason__in=ILLNESSES).values_list("on", flat=True))

    assert months[1] > 2 * months[6]
    assert months[12] + months[1] + months[2] > 2 * (months[6] + months[7] + months[8])
    assert Absence.objects.filter(reason=AbsenceReason.EVICTION).exists()


def test_certified_illnesses_run_for_three_to_seven_contracted_days(town_year, db):
    days = defaultdict(list)
    certified = Absence.objects.filter(reason=AbsenceReason.ILLNESS_WITH_CERTIFICATE)
    for child_id, on in certified.values_list("child_id", "on"):
        days[child_id].append(on)

    runs = []
    for child_days in days.values():
        child_days.sort()
        length = 1
        for previous, day in itertools.pairwise(child_days):
            if (day - previous).days <= 4:
                length += 1
            else:
                runs.append(length)
                length = 1
        runs.append(length)

    assert Counter(3 <= length <= 7 for length in runs)[True] > 0.8 * len(runs)


def test_family_leave_falls_mostly_in_the_school_holidays(town_year, db):
    holidays = [(start, end) for year in (ON.year - 2, ON.year - 1, ON.year) for start, end, _ in school_holidays(year)]

    leave = list(Absence.objects.filter(reason=AbsenceReason.FAMILY_LEAVE).values_list("on", flat=True))
    in_holidays = [day for day in leave if any(start <= day <= end for start, end in holidays)]

    assert len(in_holidays) > 0.6 * len(leave)


def test_about_three_percent_of_days_end_with_a_late_pickup_after_the_contracted_end(town_year, db):
    regular = Attendance.objects.filter(contract__kind=ContractKind.REGULAR)

    late = regular.filter(late_pickup=True)

    assert 0.015 <= late.count() / regular.count() <= 0.05
    for attendance in late.select_related("contract")[:100]:
        ends = [period["end"] for period in _schedule_on(attendance.contract, attendance.on)]
        assert _minutes(attendance.left_at) > max(ends)


def test_demo_attendance_is_marked_as_demo_data_without_history_rows(town_year, db):
    assert set(Attendance.objects.values_list("source", flat=True).distinct()) == {RecordSource.DEMO}
    assert set(Absence.objects.values_list("source", flat=True).distinct()) == {RecordSource.DEMO}
    assert Attendance.history.count() == 0 and Absence.history.count() == 0
    assert Contract.history.count() == Contract.objects.count()
    assert Child.history.count() == Child.objects.count()


def test_leo_martin_14_months_who_does_not_walk_yet_has_a_contract_at_les_lucioles(town_year, db):
    leo = Child.objects.get(first_name="Léo", last_name="Martin")

    contract = Contract.objects.active_on(ON).get(child=leo)

    assert leo.family.parent_last_name == "Martin"
    assert leo.age_in_months(ON) == 14 and not leo.walks_on(ON)
    assert contract.facility.name == "Les Lucioles" and contract.kind == ContractKind.REGULAR
    assert Attendance.objects.filter(child=leo, facility=contract.facility).exists()


def test_ines_bernard_who_walks_has_a_contract_at_les_coccinelles(town_year, db):
    ines = Child.objects.get(first_name="Inès", last_name="Bernard")

    contract = Contract.objects.active_on(ON).get(child=ines)

    assert ines.family.parent_last_name == "Bernard" and ines.walks_on(ON)
    assert contract.facility.name == "Les Coccinelles"
    assert {period["weekday"] for period in contract.versions.in_force_on(ON).first().schedule} == {0, 1, 3}


def test_every_statement_of_last_month_is_computed(town_year, db):
    from ribambelle.care.statements import facilities_month_statements

    month = add_months(ON.replace(day=1), -1)
    results = facilities_month_statements(facilities=list(Facility.objects.all()), month=month)

    statements = [statement for result in results for statement in result.statements]
    assert not [result.facility for result in results if result.missing_choice]
    assert len(statements) > 300
    assert [statement.error for statement in statements if statement.error] == []


def test_the_indicator_facts_of_the_year_are_ready(town_year, db):
    from django.db.models import F, Sum

    from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact

    facilities = Facility.objects.count()
    days = (ON - add_months(ON, -12)).days
    closed = Attendance.objects.filter(left_at__isnull=False)
    by_facility = {
        pk: sum(
            (a.left_at.hour * 60 + a.left_at.minute) - (a.arrived_at.hour * 60 + a.arrived_at.minute)
            for a in closed.filter(facility_id=pk)
        )
        for pk in Facility.objects.values_list("pk", flat=True)[:2]
    }

    assert FacilityDayFact.objects.count() == facilities * days
    for pk, minutes in by_facility.items():
        assert (
            FacilityDayFact.objects.filter(facility_id=pk).aggregate(total=Sum(F("attended_minutes")))["total"]
            == minutes
        )
    assert FacilityMonthFact.objects.exists() and not FacilityMonthFact.objects.filter(stale=True).exists()
    assert FacilityMonthFact.objects.aggregate(total=Sum("billed_minutes"))["total"] > 0

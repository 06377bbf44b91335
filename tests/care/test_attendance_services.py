from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from ribambelle.care import selectors, services
from ribambelle.care.enums import AbsenceReason
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import Closure

MONDAY = date(2026, 11, 30)


def _arrive(cast, at=time(8, 35), on=MONDAY):
    return services.attendance_arrive(child=cast.leo, facility=cast.lucioles, on=on, at=at, actor=cast.directrice)


def _leave(cast, at=time(17, 20), on=MONDAY):
    return services.attendance_leave(child=cast.leo, facility=cast.lucioles, on=on, at=at, actor=cast.directrice)


def test_an_arrival_is_tied_to_the_contract_and_audited(cast):
    attendance = _arrive(cast)

    assert attendance.contract == cast.leo_contract
    assert attendance.history.latest().history_user == cast.directrice


def test_a_child_cannot_arrive_twice_without_leaving(cast):
    _arrive(cast)

    with pytest.raises(ValidationError, match="déjà présent"):
        _arrive(cast, at=time(9, 0))


def test_leaving_after_the_contracted_time_flags_a_late_pickup(cast):
    _arrive(cast)

    attendance = _leave(cast, at=time(17, 50))

    assert attendance.late_pickup and attendance.minutes == 9 * 60 + 15


def test_leaving_on_time_is_not_late(cast):
    _arrive(cast)

    assert not _leave(cast).late_pickup


def test_several_periods_a_day_are_kept_in_order(cast):
    _arrive(cast, at=time(8, 30))
    _leave(cast, at=time(11, 0))

    with pytest.raises(ValidationError, match="l'arrivée doit suivre"):
        _arrive(cast, at=time(10, 0))
    _arrive(cast, at=time(14, 0))

    assert cast.leo.attendances.filter(on=MONDAY).count() == 2


def test_an_absent_child_cannot_be_recorded_present_and_the_reverse(cast):
    services.absence_record(
        child=cast.leo, facility=cast.lucioles, on=MONDAY, reason=AbsenceReason.HOSPITALISATION, actor=cast.directrice
    )

    with pytest.raises(ValidationError, match="noté·e absent·e"):
        _arrive(cast)


def test_the_day_lists_expected_present_and_absent_children(cast):
    _arrive(cast)

    day = selectors.facility_day(facility=cast.lucioles, on=MONDAY)

    (row,) = day.children
    assert row.child == cast.leo and row.expected == [(510, 1050)] and row.present
    assert day.present() == [row]


def test_nobody_is_expected_on_a_closure_day(cast):
    Closure.objects.create(facility=cast.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=MONDAY, end_on=MONDAY)

    day = selectors.facility_day(facility=cast.lucioles, on=MONDAY)

    assert day.closure is not None and day.children == []


def test_no_arrival_is_recorded_on_a_closure_day(cast):
    Closure.objects.create(facility=cast.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=MONDAY, end_on=MONDAY)

    with pytest.raises(ValidationError, match="est fermé ce jour"):
        _arrive(cast)

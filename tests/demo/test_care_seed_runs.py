"""Seeding contracts and attendance: each test starts from an empty database (unlike test_care_seed.py)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management.base import CommandError
from django.db import transaction

from ribambelle.care.models import Absence, Attendance, Contract
from ribambelle.families.models import Child
from ribambelle.territory.models import Organisation
from tests.demo.conftest import seed

# A short window keeps the tests fast; the generator is the same for every month.
SHORT = ("--attendance-months", "1")


def _digest_of_a_seed(*arguments: str) -> str:
    """Seed, fingerprint the attendance and absences by natural keys, then roll back."""
    with transaction.atomic():
        seed(*arguments)
        attendance = Attendance.objects.order_by(
            "facility__name", "child__last_name", "child__first_name", "child__birth_on", "on", "arrived_at"
        ).values_list(
            "facility__name", "child__first_name", "child__last_name", "child__birth_on", "on", "arrived_at", "left_at"
        )
        absences = Absence.objects.order_by("facility__name", "child__last_name", "child__birth_on", "on").values_list(
            "facility__name", "child__first_name", "child__birth_on", "on", "reason"
        )
        digest = hashlib.sha256(repr([list(attendance), list(absences)]).encode()).hexdigest()
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_gives_the_same_attendance_twice(db):
    first = _digest_of_a_seed("--seed", "3", *SHORT)

    second = _digest_of_a_seed("--seed", "3", *SHORT)

    assert Organisation.objects.count() == 0
    assert first == second


def test_seed_reports_the_contracts_and_attendance_it_wrote(db):
    printed = seed(*SHORT)

    assert f"{Contract.objects.count()} contrats" in printed
    assert f"{Attendance.objects.count()} présences, {Absence.objects.count()} absences" in printed


def test_without_attendance_months_the_seed_writes_contracts_but_no_attendance(db):
    seed("--attendance-months", "0")

    assert Contract.objects.exists() and Child.objects.filter(first_name="Léo", last_name="Martin").exists()
    assert not Attendance.objects.exists() and not Absence.objects.exists()


def test_seed_refuses_more_than_24_months_of_attendance_and_writes_nothing(db):
    with pytest.raises(CommandError, match="mois de pointage") as refused:
        seed("--attendance-months", "25")

    assert refused.value.returncode == 2
    assert not Organisation.objects.exists()

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from ribambelle.care.models import Attendance
from ribambelle.territory.models import Facility, Organisation


def _demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_loads_the_demo_town_into_an_empty_database_and_prints_the_logins(db):
    printed = _demo()

    assert Facility.objects.filter(name="Les Lucioles").exists()
    assert Attendance.objects.filter(child__first_name="Léo", child__last_name="Martin").exists()
    assert "Ville de démonstration chargée" in printed
    for login in ("coordinatrice", "directrice", "elu", "rh", "admin"):
        assert f"  {login} " in printed
    assert "mot de passe : ribambelle" in printed


def test_demo_on_a_non_empty_database_loads_nothing_and_still_prints_the_logins(town):
    facilities = Facility.objects.count()

    printed = _demo()

    assert Organisation.objects.count() == 1 and Facility.objects.count() == facilities
    assert "n'a pas été chargée" in printed
    assert "coordinatrice" in printed and "mot de passe : ribambelle" in printed

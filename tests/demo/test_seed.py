from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from ribambelle.accounts.enums import Role
from ribambelle.accounts.models import User
from ribambelle.demo import services
from ribambelle.demo.generators import territory
from ribambelle.demo.management.commands.seed import Command as SeedCommand
from ribambelle.territory.enums import FacilityType, OrganisationKind
from ribambelle.territory.models import Authorisation, Closure, Facility, Organisation, Sector
from tests.demo.conftest import WITHOUT_ATTENDANCE, seed

CAST_ROLES = {
    "coordinatrice": Role.COORDINATOR,
    "directrice": Role.DIRECTOR,
    "elu": Role.ELECTED,
    "rh": Role.HR,
    "admin": Role.ADMINISTRATOR,
}


def _digest_of_a_seed(*arguments: str) -> str:
    """Seed, fingerprint the territory, then roll back: the next call starts from an empty database again."""
    with transaction.atomic():
        seed(*arguments, *WITHOUT_ATTENDANCE)
        facilities = Facility.objects.order_by("name").values_list(
            "name", "facility_type", "address", "postcode", "city", "caf_equipment_id", "children_area_m2"
        )
        authorisations = Authorisation.objects.order_by("facility__name", "valid_from").values_list(
            "facility__name", "decided_on", "capacity", "expires_on"
        )
        users = User.objects.order_by("username").values_list("username", "first_name", "last_name")
        digest = hashlib.sha256(repr([list(facilities), list(authorisations), list(users)]).encode()).hexdigest()
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_gives_the_same_territory_twice(db):
    first = _digest_of_a_seed("--seed", "3")

    second = _digest_of_a_seed("--seed", "3")

    assert Organisation.objects.count() == 0
    assert first == second


def test_another_seed_gives_another_territory(db):
    assert _digest_of_a_seed("--seed", "3") != _digest_of_a_seed("--seed", "4")


def test_the_demo_town_is_a_commune_of_about_45000_inhabitants_with_about_ten_facilities(town):
    organisation = Organisation.objects.get()

    assert organisation.kind == OrganisationKind.COMMUNE
    assert 40_000 <= organisation.population <= 50_000
    assert 8 <= Facility.objects.count() <= 12


def test_the_demo_town_has_every_facility_type(town):
    types = set(Facility.objects.values_list("facility_type", flat=True))

    assert types == set(FacilityType.values)


def test_the_demo_town_authorises_about_450_places(town):
    places = sum(_capacities_in_force().values())

    assert 450 * 0.85 <= places <= 450 * 1.15


def test_the_demo_town_has_three_or_four_sectors_with_nord_and_sud(town):
    sectors = set(Sector.objects.values_list("name", flat=True))

    assert 3 <= len(sectors) <= 4
    assert {"Nord", "Sud"} <= sectors
    assert Facility.objects.get(name="Les Lucioles").sector.name == "Nord"
    assert Facility.objects.get(name="Les Coccinelles").sector.name == "Sud"


@pytest.mark.parametrize("username", CAST_ROLES)
def test_each_demo_login_signs_in_with_the_demo_password(town, client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": "ribambelle"})

    assert response.status_code == 302
    assert User.objects.get(username=username).role == CAST_ROLES[username]


def test_the_named_cast_has_the_names_of_the_user_guide(town):
    names = {user.username: user.get_full_name() for user in User.objects.filter(username__in=CAST_ROLES)}

    assert names == {
        "coordinatrice": "Claire Moreau",
        "directrice": "Nadia Haddad",
        "elu": "Gérard Roux",
        "rh": "Sophie Lefèvre",
        "admin": "Alex Martin",
    }


def test_only_the_administrator_reaches_the_django_admin(town):
    admins = set(User.objects.filter(is_staff=True, is_superuser=True).values_list("username", flat=True))

    assert admins == {"admin"}


def test_the_directrice_directs_the_multi_accueil_les_lucioles_only(town):
    directrice = User.objects.get(username="directrice")

    facilities = list(directrice.directed_facilities.values_list("name", "facility_type"))

    assert facilities == [("Les Lucioles", FacilityType.MULTI_ACCUEIL)]


def test_les_coccinelles_is_directed_by_someone_else(town):
    directors = list(Facility.objects.get(name="Les Coccinelles").directors.all())

    assert len(directors) == 1
    assert directors[0].username != "directrice" and directors[0].role == Role.DIRECTOR


def test_seed_refuses_a_database_that_holds_an_organisation_and_writes_nothing(town):
    counts = (Facility.objects.count(), Closure.objects.count(), User.objects.count())

    with pytest.raises(CommandError, match="base vide") as refused:
        seed("--seed", "2")

    assert refused.value.returncode == 2
    assert (Facility.objects.count(), Closure.objects.count(), User.objects.count()) == counts


def test_seed_on_the_command_line_refuses_with_one_french_line_and_status_2(town):
    err = StringIO()

    with pytest.raises(SystemExit) as exited:
        SeedCommand(stdout=StringIO(), stderr=err).run_from_argv(["ribambelle", "seed", "--skip-checks"])

    assert exited.value.code == 2
    assert err.getvalue().strip().count("\n") == 0
    assert err.getvalue().startswith("ribambelle seed: erreur : la base contient déjà des données")


def test_seed_rejects_a_malformed_reference_date_with_status_2(db):
    with pytest.raises(CommandError, match="AAAA-MM-JJ") as refused:
        call_command("seed", "--on", "29/11/2026", stdout=StringIO())

    assert refused.value.returncode == 2


def test_a_failure_midway_leaves_the_database_empty(db, monkeypatch):
    def fail(ctx):
        raise ValueError("panne simulée")

    monkeypatch.setattr(services, "GENERATORS", (territory.generate, fail))

    with pytest.raises(CommandError, match="panne simulée"):
        seed()

    assert not Organisation.objects.exists() and not Facility.objects.exists()


def test_seed_reports_what_it_wrote_and_the_logins(db):
    printed = seed(*WITHOUT_ATTENDANCE)

    assert "10 établissements" in printed and " places" in printed
    assert "directrice" in printed and "mot de passe : ribambelle" in printed


def _capacities_in_force() -> dict[int, int]:
    latest: dict[int, int] = {}
    for facility_id, capacity in Authorisation.objects.order_by("valid_from").values_list("facility_id", "capacity"):
        latest[facility_id] = capacity
    return latest

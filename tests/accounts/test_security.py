"""Passwords, login throttling, sessions and the production security settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ribambelle.config import settings as project_settings
from ribambelle.territory import selectors


def test_passwords_are_hashed_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_wrong_password_gets_a_french_message(cast, client):
    response = client.post(reverse("accounts:login"), {"username": "coordinatrice", "password": "faux"})

    assert "Identifiant ou mot de passe incorrect." in response.content.decode()


def test_repeated_failures_lock_the_login_even_with_the_right_password(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "coordinatrice", "password": "faux"})

    response = client.post(reverse("accounts:login"), {"username": "coordinatrice", "password": "ribambelle"})

    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()


def test_the_right_password_opens_the_cockpit(cast, client):
    response = client.post(
        reverse("accounts:login"), {"username": "coordinatrice", "password": "ribambelle"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("territory:cockpit")


def test_a_session_expires_after_eight_hours(cast, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.post(reverse("accounts:login"), {"username": "coordinatrice", "password": "ribambelle"})
        assert client.get(reverse("territory:cockpit")).status_code == 200

        traveller.shift(timedelta(hours=8, minutes=1))
        response = client.get(reverse("territory:cockpit"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_deployment_check_is_clean_under_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RIBAMBELLE_", "DEBUG", "DJANGO_ALLOW_ASYNC"))
    }
    env |= {"SECRET_KEY": secrets.token_urlsafe(50), "RIBAMBELLE_DATA_DIR": str(tmp_path), "DEBUG": "false"}

    result = subprocess.run(
        [sys.executable, "-m", "ribambelle.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr


def test_without_a_secret_key_production_settings_refuse_to_start(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG")}
    env |= {"RIBAMBELLE_DATA_DIR": str(tmp_path)}

    result = subprocess.run([sys.executable, "-m", "ribambelle.cli", "check"], env=env, capture_output=True, text=True)

    assert result.returncode != 0 and "SECRET_KEY is required" in result.stderr


@pytest.mark.smoke
def test_an_elected_official_reads_no_nominative_data(cast):
    from ribambelle.care import selectors as care_selectors
    from ribambelle.families import selectors as families_selectors
    from tests.families.applications import apply

    application = apply(cast)
    for user in (cast.elu, cast.rh):
        assert not selectors.facilities_visible_to(user).exists()
        assert not families_selectors.family_list(user=user).exists()
        assert not families_selectors.application_list(user=user).exists()
        assert families_selectors.application_get(user=user, pk=application.pk) is None
        assert not families_selectors.waiting_list(user=user, facility=cast.lucioles).exists()
        assert not care_selectors.facility_for_care(user=user).exists()


def test_a_director_reads_the_nominative_data_of_her_facility_only(cast):
    assert list(selectors.facilities_visible_to(cast.directrice)) == [cast.lucioles]

from __future__ import annotations

from django.urls import reverse


def test_the_cockpit_lists_the_facilities_with_their_category(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("territory:cockpit")).content.decode()

    assert "Les Lucioles" in page and "Les Coccinelles" in page
    assert "petite crèche" in page and "crèche" in page

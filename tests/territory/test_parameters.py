from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ribambelle.territory import selectors, services
from ribambelle.territory.models import ParameterEntry


def _entry(**overrides):
    fields = {
        "key": "sppe.planning_from_population",
        "effective_on": date(2027, 1, 1),
        "value": "5000",
        "source": "Loi fictive de test",
    }
    return ParameterEntry(**(fields | overrides))


def test_an_entered_value_is_merged_into_the_parameters_and_marked_as_local(cast):
    services.parameter_entry_create(entry=_entry(), actor=cast.admin)

    value = selectors.parameters_in_force().at("sppe.planning_from_population", date(2027, 6, 1))

    assert value.value == 5000 and value.entered_locally and value.reference.title == "Loi fictive de test"


def test_the_repository_value_wins_on_its_own_date(cast):
    with pytest.raises(ValidationError, match="fait foi"):
        services.parameter_entry_create(entry=_entry(effective_on=date(2025, 1, 1)), actor=cast.admin)


def test_an_unknown_parameter_or_a_malformed_number_is_refused(cast):
    with pytest.raises(ValidationError, match="n'existe pas"):
        services.parameter_entry_create(entry=_entry(key="psu.unknown"), actor=cast.admin)
    with pytest.raises(ValidationError, match="nombre entier"):
        services.parameter_entry_create(entry=_entry(value="12.5"), actor=cast.admin)


def test_a_decimal_comma_is_read(cast):
    entry = _entry(key="authorisation.validity_years", value="20,0")

    services.parameter_entry_create(entry=entry, actor=cast.admin)

    assert selectors.parameters_in_force().at("authorisation.validity_years", date(2027, 2, 1)).value == 20
    assert isinstance(selectors.entry_value(entry, unit="rate"), Decimal)


def test_the_parameter_page_lists_values_references_and_confidence(cast, client):
    client.force_login(cast.elu)

    page = client.get(reverse("territory:parameter_list")).content.decode()

    assert "R2324-46" in page and "non vérifiée" in page and "Saisir une valeur" not in page


def test_the_unconfirmed_filter_leaves_out_confirmed_parameters(cast, client):
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("territory:parameter_list"), {"non_verifies": "1"}).content.decode()

    assert "authorisation.validity_years" in page and "capacity.collective_categories" not in page


def test_the_administrator_enters_a_value_from_the_page(cast, client):
    client.force_login(cast.admin)
    data = {"key": "sppe.rpe_from_population", "effective_on": "2028-01-01", "value": "8000", "source": "Texte"}

    response = client.post(reverse("territory:parameter_entry_create"), data)

    assert response.status_code == 302 and ParameterEntry.objects.get().history.latest().history_user == cast.admin

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ribambelle.rules.choices import MissingChoice
from ribambelle.territory import selectors, services
from ribambelle.territory.models import RuleChoice


def _set(cast, *, value="5-8", valid_from=date(2026, 1, 1), facility=None, key="ratio.option"):
    return services.rule_choice_set(
        organisation=cast.organisation,
        facility=facility,
        key=key,
        value=value,
        valid_from=valid_from,
        act="Règlement de fonctionnement du 12/12/2025",
        actor=cast.coordinatrice,
    )


def test_a_new_choice_closes_the_open_one_the_day_before(cast):
    first = _set(cast)

    _set(cast, value="6", valid_from=date(2026, 9, 1))

    first.refresh_from_db()
    assert first.valid_to == date(2026, 8, 31)
    assert selectors.rule_choices_for(facility=cast.lucioles, on=date(2026, 8, 31)).get("ratio.option") == "5-8"
    assert selectors.rule_choices_for(facility=cast.lucioles, on=date(2026, 9, 1)).get("ratio.option") == "6"


def test_a_choice_that_would_overlap_a_later_one_is_refused(cast):
    _set(cast, valid_from=date(2026, 9, 1))

    with pytest.raises(ValidationError, match="ne peuvent pas se chevaucher"):
        _set(cast, value="6", valid_from=date(2026, 1, 1))

    assert RuleChoice.objects.count() == 1


def test_a_facility_choice_beats_the_organisation_choice(cast):
    _set(cast, value="5-8")
    _set(cast, value="6", facility=cast.lucioles)

    lucioles = selectors.rule_choices_for(facility=cast.lucioles, on=date(2026, 6, 1))
    coccinelles = selectors.rule_choices_for(facility=cast.coccinelles, on=date(2026, 6, 1))

    assert lucioles.get("ratio.option") == "6" and coccinelles.get("ratio.option") == "5-8"
    assert "Règlement de fonctionnement" in lucioles.provenance("ratio.option").source


def test_a_missing_choice_without_default_is_an_error_and_a_default_applies_otherwise(cast):
    choices = selectors.rule_choices_for(facility=cast.lucioles, on=date(2026, 6, 1))

    with pytest.raises(MissingChoice, match="Option du taux d'encadrement"):
        choices.get("ratio.option")
    assert choices.get("ratio.rounding") == "sum_then_ceil"


def test_a_value_not_allowed_for_the_choice_is_refused(cast):
    with pytest.raises(ValidationError, match="pas permise"):
        _set(cast, value="7")


def test_every_choice_change_is_audited(cast):
    choice = _set(cast)

    assert choice.history.latest().history_user == cast.coordinatrice


def test_the_coordinator_records_a_choice_from_the_page(cast, client):
    client.force_login(cast.coordinatrice)
    data = {"key": "billing.rounding", "value": "up_30", "valid_from": "2026-01-01", "act": "Délibération 2025-12"}

    response = client.post(reverse("territory:rule_choice_list"), data)

    assert response.status_code == 302
    assert selectors.rule_choices_for(facility=cast.coccinelles, on=date(2026, 2, 1)).get("billing.rounding") == "up_30"


def test_a_value_of_another_choice_gets_a_french_message(cast, client):
    client.force_login(cast.coordinatrice)
    data = {"key": "billing.rounding", "value": "5-8", "valid_from": "2026-01-01", "act": "Délibération"}

    page = client.post(reverse("territory:rule_choice_list"), data).content.decode()

    assert "Cette valeur ne correspond pas au choix sélectionné." in page


def test_a_director_cannot_record_a_choice(cast, client):
    client.force_login(cast.directrice)
    data = {"key": "billing.rounding", "value": "up_30", "valid_from": "2026-01-01", "act": "x"}

    assert client.post(reverse("territory:rule_choice_list"), data).status_code == 403


def test_the_facility_page_shows_the_choices_in_force_and_those_to_make(cast, client):
    _set(cast, value="6")
    client.force_login(cast.coordinatrice)

    page = client.get(reverse("territory:facility_detail", args=[cast.lucioles.pk])).content.decode()

    assert "1 adulte pour 6 enfants" in page and "à fixer" in page

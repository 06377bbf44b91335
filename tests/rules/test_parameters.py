from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ribambelle.rules import (
    FacilityCategory,
    FacilityKind,
    ParameterError,
    ParameterNotInForce,
    ParameterValue,
    Reference,
    facility_category,
    load_parameters,
)
from ribambelle.rules.authorisation import add_months

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "rules"


def _write(root: Path, body: str, name: str = "topic/rate.yaml") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return root


GOOD = """
description: Taux fictif
unit: rate
values:
  2000-01-01: {value: "0.0619", reference: {title: "Texte fictif 1"}}
  2010-01-01: {value: "0.0620", reference: {title: "Texte fictif 2"}, confirmed: false}
  2020-01-01: {value: null, reference: {title: "Abrogation fictive"}}
"""


def test_a_value_is_the_one_in_force_at_the_date(tmp_path):
    params = load_parameters(_write(tmp_path, GOOD))

    assert params.at("topic.rate", date(2009, 12, 31)).value == Decimal("0.0619")
    assert params.at("topic.rate", date(2010, 1, 1)).value == Decimal("0.0620")


def test_no_value_before_the_first_date_or_after_an_abrogation(tmp_path):
    params = load_parameters(_write(tmp_path, GOOD))

    with pytest.raises(ParameterNotInForce, match="31/12/1999"):
        params.at("topic.rate", date(1999, 12, 31))
    with pytest.raises(ParameterNotInForce):
        params.at("topic.rate", date(2021, 5, 1))


def test_unconfirmed_values_are_listed(tmp_path):
    params = load_parameters(_write(tmp_path, GOOD))

    assert [v.effective_on for v in params.unconfirmed()] == [date(2010, 1, 1)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (GOOD.replace('"0.0619"', "0.0619"), "guillemets"),
        (GOOD.replace(', reference: {title: "Texte fictif 1"}', ""), "référence"),
        (GOOD.replace("unit: rate", "unit: furlongs"), "unité"),
        (GOOD.replace("2010-01-01", "1990-01-01"), "croissantes"),
    ],
    ids=["unquoted float", "missing reference", "unknown unit", "dates out of order"],
)
def test_malformed_parameter_files_are_refused(tmp_path, body, message):
    with pytest.raises(ParameterError, match=message):
        load_parameters(_write(tmp_path, body))


def test_a_locally_entered_value_is_merged_but_never_overrides_the_repository(tmp_path):
    params = load_parameters(_write(tmp_path, GOOD))
    reference = Reference("Délibération locale")
    entries = [
        ParameterValue("topic.rate", date(2010, 1, 1), Decimal("9"), reference, True, entered_locally=True),
        ParameterValue("topic.rate", date(2015, 1, 1), Decimal("0.07"), reference, True, entered_locally=True),
    ]

    merged = params.with_entries(entries)

    assert merged.at("topic.rate", date(2012, 1, 1)).value == Decimal("0.0620")
    assert merged.at("topic.rate", date(2016, 1, 1)).entered_locally


def test_several_entered_values_of_one_parameter_are_all_merged(tmp_path):
    params = load_parameters(_write(tmp_path, GOOD))
    reference = Reference("Saisie locale")
    entries = [
        ParameterValue("topic.rate", date(2021, 1, 1), Decimal("0.1"), reference, True, entered_locally=True),
        ParameterValue("topic.rate", date(2022, 1, 1), Decimal("0.2"), reference, True, entered_locally=True),
    ]

    merged = params.with_entries(entries)

    assert merged.at("topic.rate", date(2021, 6, 1)).value == Decimal("0.1")
    assert merged.at("topic.rate", date(2022, 6, 1)).value == Decimal("0.2")


def test_the_repository_parameters_all_load():
    params = load_parameters()

    assert "capacity.collective_categories" in params.parameters


def test_adding_months_keeps_the_day_or_clamps_to_the_month_end():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 29), -24) == date(2024, 11, 29)


_ORDER = list(FacilityCategory)


@given(
    kind=st.sampled_from(list(FacilityKind)),
    capacity=st.integers(min_value=1, max_value=200),
    extra=st.integers(min_value=0, max_value=100),
)
def test_more_places_never_lower_the_category(kind, capacity, extra):
    params = load_parameters()
    on = date(2026, 6, 1)

    smaller = facility_category(params, kind=kind, capacity=capacity, on=on).category
    larger = facility_category(params, kind=kind, capacity=capacity + extra, on=on).category

    assert _ORDER.index(larger) >= _ORDER.index(smaller)


def test_every_parameter_is_documented_in_docs_rules():
    docs = " ".join(path.read_text(encoding="utf-8") for path in DOCS_DIR.glob("*.md"))

    missing = [key for key in load_parameters().parameters if key not in docs]

    assert missing == []

from __future__ import annotations

import json
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from ribambelle.territory.management.commands.ratio import UNSPECIFIED
from ribambelle.territory.models import ParameterEntry
from tests.territory.cli import run_cli


def _ratio(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database_url, "ratio", *args)


def test_option_5_8_for_19_children_in_30_places_is_one_json_object(database_url):
    result = _ratio(
        database_url,
        "--non-walkers",
        "7",
        "--walkers",
        "12",
        "--capacity",
        "30",
        "--option",
        "5-8",
        "--on",
        "2026-01-15",
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["required_staff"], answer["required_qualified"]) == (3, 1)
    assert answer["explanation"][1:3] == [
        "Enfants qui ne marchent pas : 7 ÷ 5 = 1,4 ; enfants qui marchent : 12 ÷ 8 = 1,5.",
        "Arrondi : somme des fractions arrondie à l'unité supérieure, 2,9 → 3 — source : valeur par défaut "
        "(docs/decisions/0002-ratio-rounding.md).",
    ]
    assert [(ref["key"], ref["effective_on"], ref["confirmed"]) for ref in answer["references"]] == [
        ("capacity.collective_categories", "2021-09-01", True),
        ("ratio.non_walkers_per_adult", "2021-09-01", False),
        ("ratio.walkers_per_adult", "2021-09-01", False),
        ("ratio.minimum_adults", "2021-09-01", True),
        ("ratio.qualified_adult_above_places", "2021-09-01", True),
        ("staff.group_1_qualifications", "2021-09-01", True),
    ]
    assert set(answer["references"][0]) == {"key", "effective_on", "title", "href", "confirmed", "entered_locally"}
    assert (answer["on"], answer["type"], answer["capacity"]) == ("2026-01-15", "multi_accueil", 30)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--option", "6"), (4, 1)),
        (("--option", "5-8", "--rounding", "ceil_each_group"), (4, 1)),
        (("--option", "5-8", "--outing"), (4, 1)),
    ],
)
def test_the_option_the_reading_and_an_outing_change_the_answer(database_url, options, expected):
    result = _ratio(
        database_url, "--non-walkers", "7", "--walkers", "12", "--capacity", "30", "--on", "2026-01-15", *options
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["required_staff"], answer["required_qualified"]) == expected


@pytest.mark.parametrize(
    ("on", "qualified", "diplomas"),
    [("2026-08-31", 0, []), ("2026-09-01", 1, ["auxiliaire_puericulture", "educateur_jeunes_enfants"])],
)
def test_the_lone_adult_of_a_micro_creche_needs_a_diploma_from_september_2026(database_url, on, qualified, diplomas):
    result = _ratio(
        database_url,
        *("--type", "micro_creche", "--capacity", "10", "--non-walkers", "1", "--walkers", "2", "--option", "6"),
        *("--on", on),
    )

    answer = json.loads(result.stdout)
    assert (answer["required_staff"], answer["required_qualified"]) == (1, qualified)
    assert answer["qualified_diplomas"][:2] == diplomas


def test_a_kindergarten_counts_children_by_age_without_an_option(database_url):
    result = _ratio(
        database_url,
        "--type",
        "jardin_enfants",
        "--capacity",
        "40",
        "--under-three",
        "8",
        "--three-and-over",
        "20",
        "--on",
        "2026-01-15",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["required_staff"] == 3


def test_without_an_option_the_answer_is_the_more_demanding_option(database_url):
    """7/5 + 12/8 = 2.9 → 3 adults with option 5-8; 19/6 = 3.2 → 4 with option 6: 4 is compliant either way."""
    result = _ratio(database_url, "--non-walkers", "7", "--walkers", "12", "--capacity", "30", "--on", "2026-01-15")

    answer = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert answer["required_staff"] == 4 and answer["by_option"] == {"5-8": 3, "6": 4}
    assert {"key": "ratio.option", "value": "6", "source": UNSPECIFIED} in answer["choices"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--non-walkers", "-1", "--walkers", "2", "--capacity", "30", "--option", "6"), "ne peut pas être négatif"),
        (("--walkers", "deux", "--capacity", "30", "--option", "6"), "nombre entier attendu, pas « deux »"),
        (("--walkers", "2", "--capacity", "30", "--option", "7"), "valeur « 7 » non permise"),
        (("--walkers", "2", "--capacity", "30", "--option", "6", "--type", "creche"), "type inconnu « creche »"),
        (("--walkers", "2", "--capacity", "30", "--option", "6", "--on", "15/01/2026"), "AAAA-MM-JJ"),
        (
            ("--walkers", "2", "--capacity", "30", "--option", "6", "--on", "2021-08-31"),
            "n'est pas en vigueur au 31/08/2021",
        ),
        (("--walkers", "2", "--capacity", "0", "--option", "6"), "au moins une place"),
        (("--walkers", "2", "--capacity", "30", "--option", "6", "--type", "creche_familiale"), "agrément"),
        (("--walkers", "2", "--capacity", "30", "--option", "6", "--type", "micro_creche"), "micro-crèche"),
        (("--walkers", "2", "--capacity", "30", "--type", "jardin_enfants"), "--under-three et --three-and-over"),
        (("--under-three", "2", "--capacity", "30", "--option", "6"), "--non-walkers et --walkers"),
        (("--walkers", "2"), "indiquez la capacité autorisée avec --capacity."),
    ],
)
def test_bad_input_is_one_french_line_and_status_2(database_url, args, message):
    result = _ratio(database_url, *args)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") <= 1 and result.stderr.startswith("ribambelle ratio: erreur : ")
    assert message in result.stderr


@pytest.mark.django_db
def test_a_locally_entered_value_is_used_and_shown_as_such():
    ParameterEntry.objects.create(
        key="ratio.outing_children_per_adult", effective_on="2026-01-01", value="4", source="Arrêté fictif de test"
    )
    out = StringIO()

    call_command(
        "ratio", "--walkers", "9", "--capacity", "30", "--option", "5-8", "--outing", "--on", "2026-01-15", stdout=out
    )

    answer = json.loads(out.getvalue())
    assert answer["required_staff"] == 3
    outing = next(ref for ref in answer["references"] if ref["key"] == "ratio.outing_children_per_adult")
    assert (outing["entered_locally"], outing["title"]) == (True, "Arrêté fictif de test")

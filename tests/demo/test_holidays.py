from __future__ import annotations

from datetime import date

import pytest

from ribambelle.demo.holidays import easter_sunday, public_holidays


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28))],
)
def test_easter_sunday_matches_the_calendar(year, easter):
    assert easter_sunday(year) == easter


def test_france_has_eleven_public_holidays_with_the_movable_feasts_after_easter():
    days = dict(public_holidays(2026, department="69"))

    assert len(days) == 11
    assert days[date(2026, 4, 6)] == "Lundi de Pâques"
    assert days[date(2026, 5, 14)] == "Ascension"
    assert days[date(2026, 5, 25)] == "Lundi de Pentecôte"


def test_alsace_moselle_adds_good_friday_and_saint_stephens_day():
    days = dict(public_holidays(2026, department="67"))

    assert len(days) == 13
    assert days[date(2026, 4, 3)] == "Vendredi saint" and days[date(2026, 12, 26)] == "Saint-Étienne"

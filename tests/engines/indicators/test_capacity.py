from __future__ import annotations

from ribambelle.engines.indicators import DayCapacity, Slot, theoretical_minutes


def test_places_times_opening_minutes():
    day = DayCapacity(places=20, opens=7 * 60 + 30, closes=18 * 60 + 30)

    assert theoretical_minutes(day) == 20 * 660


def test_a_modulated_authorisation_counts_each_slot_with_its_places():
    """20 places 7:30–18:30, but 12 before 9:00 and 15 after 17:00 (agrément modulé)."""
    day = DayCapacity(
        places=20,
        opens=450,
        closes=1110,
        slots=(Slot(start=420, end=540, places=12), Slot(start=1020, end=1140, places=15)),
    )

    assert theoretical_minutes(day) == 12 * 90 + 20 * 480 + 15 * 90


def test_a_closure_day_or_a_closed_weekday_has_no_capacity():
    assert theoretical_minutes(DayCapacity(places=20, opens=450, closes=1110, closed=True)) == 0
    assert theoretical_minutes(DayCapacity(places=20, opens=None, closes=None)) == 0


def test_a_slot_outside_the_opening_hours_changes_nothing():
    day = DayCapacity(places=10, opens=480, closes=1080, slots=(Slot(start=1100, end=1200, places=2),))

    assert theoretical_minutes(day) == 10 * 600

"""The three columns of the CAF activity data, each figure checked against the hand arithmetic of
scenario.py."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from ribambelle.steering.caf.activity import Figures, facilities_activity, forecast_takes
from ribambelle.steering.models import FacilityMonthFact
from ribambelle.territory.models import AuthorisationSlot
from tests.care.statement_month import attend, set_rounding
from tests.steering.caf.scenario import TODAY, YEAR, lucioles_2026


def _lucioles(cast, today=TODAY):
    (found,) = facilities_activity(facilities=[cast.lucioles], year=YEAR, today=today)
    return found


def test_the_forecast_reads_the_registry_of_the_whole_year_and_the_contracts_of_january(cast):
    """261 weekdays − the closure = 260 days × 660 min; × 30 places. Léo only (Zoé starts in March):
    12 × 10,125 min and 12 × 278.44 €."""
    lucioles_2026(cast)

    assert _lucioles(cast).forecast == Figures(
        places=30,
        opening_days=260,
        opening_minutes=171_600,
        theoretical_minutes=5_148_000,
        attended_minutes=121_500,
        billed_minutes=121_500,
        family_fees=Decimal("3341.28"),
    )


def test_the_actual_reads_the_facts_of_the_months_over(cast):
    """January to June: 129 days × 660 min, × 30 places; presence: Léo 3 × 540 + 560 min, Zoé 480 min;
    billed: Léo 10,125 + 30 extra in January then 5 × 10,125, Zoé 4 × 3,200 (March to June); fees 279.26 +
    5 × 278.44 + 4 × 88.00."""
    lucioles_2026(cast)

    found = _lucioles(cast)

    assert found.elapsed_months == 6 and found.partial
    assert found.actual == Figures(
        places=30,
        opening_days=129,
        opening_minutes=85_140,
        theoretical_minutes=2_554_200,
        attended_minutes=2_660,
        billed_minutes=73_580,
        family_fees=Decimal("2023.46"),
    )


def test_the_updated_column_adds_the_months_left_with_every_contract_known(cast):
    """Actual above + July to December: 132 − 1 days; Léo 6 × 10,125 and Zoé July, August 2 × 3,200 min;
    6 × 278.44 + 2 × 88.00 €."""
    lucioles_2026(cast)

    assert _lucioles(cast).updated == Figures(
        places=30,
        opening_days=129 + 131,
        opening_minutes=85_140 + 131 * 660,
        theoretical_minutes=2_554_200 + 30 * 131 * 660,
        attended_minutes=2_660 + 67_150,
        billed_minutes=73_580 + 67_150,
        family_fees=Decimal("2023.46") + Decimal("1846.64"),
    )


def test_before_the_year_the_actual_is_empty_and_updated_is_the_forecast_of_every_contract(cast):
    lucioles_2026(cast)

    found = _lucioles(cast, today=date(2025, 11, 2))

    assert found.actual is None and found.elapsed_months == 0
    assert found.updated.billed_minutes == 121_500 + 6 * 3_200
    assert found.updated.opening_days == found.forecast.opening_days == 260


def test_a_year_over_is_not_partial_and_updated_equals_actual(cast):
    lucioles_2026(cast)

    found = _lucioles(cast, today=date(2027, 2, 1))

    assert not found.partial and found.updated == found.actual


def test_missing_facts_are_reported_not_hidden(cast):
    """The facts of July to December were never computed: a year over says so."""
    lucioles_2026(cast)

    notes = _lucioles(cast, today=date(2027, 2, 1)).notes

    assert any("Réel incomplet" in note and "181 jours sur 365" in note for note in notes)


def test_the_forecast_takes_the_contracts_starting_by_the_end_of_january():
    assert forecast_takes(date(2026, 1, 31), 2026)
    assert forecast_takes(date(2024, 9, 1), 2026)
    assert not forecast_takes(date(2026, 2, 1), 2026)


def test_stale_months_of_the_facilities_asked_are_recomputed_before_reading(cast):
    """A new attendance marks January stale: the actual reads the refreshed billed minutes (one more extra
    half hour on 9 January); another facility's stale months are left alone."""
    lucioles_2026(cast)
    attend(cast.leo, cast.lucioles, [date(2026, 1, 9)], cast.leo_contract, hours=(time(8, 30), time(17, 50)))
    FacilityMonthFact.objects.filter(month=date(2026, 1, 1)).update(stale=True)

    found = _lucioles(cast)

    assert found.actual is not None and found.actual.billed_minutes == 73_580 + 30
    assert FacilityMonthFact.objects.get(facility=cast.coccinelles, month=date(2026, 1, 1)).stale


def test_a_modulated_authorisation_and_a_september_contract_at_les_coccinelles(cast):
    """24 places, 20 from 7:30 to 8:30: 261 days × (24 × 660 − 4 × 60) = 4,071,600 place-minutes. Inès (Monday,
    Tuesday, Thursday 8:30–17:30, 45 weeks, September 2026 → July 2027, 11 months): 1,620 × 45 / 11 = 6,627.27
    → 6,627 min a month, × 1.65 / 60 = 182.2425 → 182.24 €; she starts in September: not in the forecast, in
    the updated column for September to December."""
    set_rounding(cast)
    AuthorisationSlot.objects.create(
        authorisation=cast.coccinelles.authorisations.get(), starts_at=time(7, 30), ends_at=time(8, 30), capacity=20
    )

    (found,) = facilities_activity(facilities=[cast.coccinelles], year=YEAR, today=TODAY)

    assert found.forecast.theoretical_minutes == 4_071_600
    assert (found.forecast.billed_minutes, found.forecast.family_fees) == (0, Decimal("0.00"))
    assert (found.updated.billed_minutes, found.updated.family_fees) == (4 * 6_627, Decimal("728.96"))

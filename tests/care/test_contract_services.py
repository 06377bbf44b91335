from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ribambelle.care import services
from ribambelle.care.enums import ContractKind, ContractStatus, VersionReason
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, FamilySituation

MORNINGS = [services.SchedulePeriod(day, 8 * 60, 12 * 60) for day in range(5)]


def _create(cast, **overrides):
    fields = {
        "child": cast.leo,
        "facility": cast.lucioles,
        "section": None,
        "kind": ContractKind.REGULAR,
        "starts_on": date(2027, 1, 4),
        "ends_on": date(2027, 6, 30),
        "schedule": MORNINGS,
        "attendance_weeks": 24,
        "actor": cast.coordinatrice,
    }
    return services.contract_create(**(fields | overrides))


def test_the_first_version_carries_the_fee_of_the_family_and_its_references(cast):
    version = cast.leo_contract.versions.get()

    assert version.hourly_fee == Decimal("1.65") and version.reason == VersionReason.INITIAL
    assert version.weekly_minutes == 45 * 60
    keys = {ref["key"] for ref in version.fee_provenance["references"]}
    assert {"psu.resources_floor", "psu.resources_ceiling", "psu.effort_rate_collective"} <= keys


def test_a_contract_overlapping_another_of_the_child_at_the_facility_is_refused(cast):
    with pytest.raises(ValidationError, match="a déjà un contrat dans cet établissement"):
        _create(cast, starts_on=date(2026, 12, 1))


def test_hours_outside_the_opening_hours_are_refused(cast):
    early = [services.SchedulePeriod(0, 7 * 60, 12 * 60)]

    with pytest.raises(ValidationError, match="sortent des heures d'ouverture"):
        _create(cast, schedule=early)


def test_a_day_the_facility_is_closed_is_refused_naming_the_weekday(cast):
    saturday = [services.SchedulePeriod(5, 9 * 60, 12 * 60)]

    with pytest.raises(ValidationError, match="fermé le samedi") as refused:
        _create(cast, schedule=saturday)

    assert (refused.value.code, refused.value.params) == ("closed_day", {"weekday": 5})


def test_a_contract_is_a_draft_unless_created_signed(cast):
    draft = _create(cast)
    signed = _create(
        cast, child=cast.ines, starts_on=date(2026, 1, 5), ends_on=date(2026, 6, 30), status=ContractStatus.SIGNED
    )

    assert (draft.status, signed.status) == (ContractStatus.DRAFT, ContractStatus.SIGNED)


def test_a_child_younger_than_the_authorisation_allows_is_refused(cast):
    baby = Child.objects.create(family=cast.martin, first_name="Lou", last_name="Martin", birth_on=date(2026, 12, 1))

    with pytest.raises(ValidationError, match="n'aura pas l'âge minimal"):
        _create(cast, child=baby, starts_on=date(2027, 1, 4))


def test_a_contract_running_past_the_maximum_age_is_refused(cast):
    with pytest.raises(ValidationError, match="dépassera l'âge maximal"):
        _create(cast, child=cast.ines, facility=cast.lucioles, starts_on=date(2027, 9, 1), ends_on=date(2028, 6, 30))


def test_a_regular_contract_needs_a_schedule_and_weeks(cast):
    with pytest.raises(ValidationError, match="précise ses horaires"):
        _create(cast, schedule=[], attendance_weeks=None)


def test_nothing_is_written_when_the_family_situation_is_unknown(cast):
    other = Child.objects.create(family=cast.martin, first_name="Zoé", last_name="Martin", birth_on=date(2024, 5, 1))
    FamilySituation.objects.filter(family=cast.martin).delete()

    with pytest.raises(ValidationError, match="situation de la famille"):
        _create(cast, child=other)

    assert not other.contracts.exists()


def test_an_amendment_keeps_the_previous_version(cast):
    contract = cast.leo_contract

    services.contract_amend(
        contract=contract, valid_from=date(2026, 9, 1), schedule=MORNINGS, attendance_weeks=45, actor=cast.directrice
    )

    versions = list(contract.versions.order_by("valid_from"))
    assert [v.reason for v in versions] == [VersionReason.INITIAL, VersionReason.AMENDMENT]
    assert versions[0].weekly_minutes == 45 * 60 and versions[1].weekly_minutes == 20 * 60
    assert versions[1].history.latest().history_user == cast.directrice


def test_a_new_situation_recomputes_the_fee_from_its_date(cast):
    situation = FamilySituation(
        family=cast.martin,
        valid_from=date(2026, 10, 1),
        monthly_resources=Decimal("4000"),
        resources_source=ResourcesSource.CAF,
        dependent_children=2,
    )

    versions = services.family_situation_change(situation=situation, actor=cast.coordinatrice)

    # 4 000 € × 0,0516 % = 2,064 → 2,06 €/h from 1 October; the earlier version still says 1,65 €.
    assert [(v.valid_from, v.hourly_fee) for v in versions] == [(date(2026, 10, 1), Decimal("2.06"))]
    assert cast.leo_contract.versions.order_by("valid_from").first().hourly_fee == Decimal("1.65")


def _unknown_resources(cast):
    """The Bernards' situation from 1 October 2026 with unknown resources (the emergency tariff applies)."""
    return FamilySituation(
        family=cast.bernard,
        valid_from=date(2026, 10, 1),
        monthly_resources=Decimal("0"),
        resources_source=ResourcesSource.UNKNOWN,
        dependent_children=2,
    )


def test_unknown_resources_without_an_emergency_tariff_choice_are_refused_in_french(cast):
    situation = _unknown_resources(cast)

    with pytest.raises(ValidationError, match="tarif horaire ne peut pas être calculé : Choix local manquant"):
        services.family_situation_change(situation=situation, actor=cast.coordinatrice)

    assert not FamilySituation.objects.filter(family=cast.bernard, valid_from=date(2026, 10, 1)).exists()


def test_unknown_resources_use_the_emergency_tariff_of_the_facility(cast):
    from ribambelle.territory.services import rule_choice_set

    rule_choice_set(
        organisation=cast.organisation,
        facility=None,
        key="fee.emergency_tariff",
        value="floor",
        valid_from=date(2026, 1, 1),
        act="Règlement",
        actor=cast.coordinatrice,
    )
    situation = _unknown_resources(cast)

    versions = services.family_situation_change(situation=situation, actor=cast.coordinatrice)

    assert versions[0].fee_provenance["emergency_method"] == "floor"
    assert versions[0].hourly_fee == Decimal("0.41")  # 801 € × 0,0516 % = 0,4133


def test_more_weeks_of_attendance_than_the_contract_spans_are_refused(cast):
    with pytest.raises(ValidationError, match="ne couvre que 26 semaines : il ne peut pas compter 30"):
        _create(cast, attendance_weeks=30)

    assert not cast.leo.contracts.filter(starts_on=date(2027, 1, 4)).exists()

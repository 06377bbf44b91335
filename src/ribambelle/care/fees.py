"""The family hourly fee of a contract on a date: the one computation shared by the contract services and the
demo seed (which computes thousands at once from parameters it reads once)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import FamilySituation
from ribambelle.rules import ParameterSet
from ribambelle.rules.choices import MissingChoice
from ribambelle.rules.fees import emergency_hourly_fee, hourly_fee
from ribambelle.rules.parameters import ParameterNotInForce
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import rule_choices_for


def contract_fee(
    params: ParameterSet, *, facility: Facility, ase_placement: bool, situation: FamilySituation, on: date
) -> tuple[Decimal, dict[str, Any]]:
    """The hourly fee and its provenance (the rule's inputs, values and references). An unknown income takes
    the facility's emergency tariff. A parameter not in force or a missing local choice is a ValidationError
    with the rules' French message."""
    mode = FacilityType(facility.facility_type).care_mode
    try:
        if situation.resources_source == ResourcesSource.UNKNOWN:
            method = rule_choices_for(facility=facility, on=on).provenance("fee.emergency_tariff")
            emergency = emergency_hourly_fee(
                params,
                on=on,
                method=method.value,
                previous_year_average=None,
                dependent_children=situation.dependent_children,
                mode=mode,
            )
            basis = emergency.basis.as_dict() if emergency.basis else {}
            return emergency.hourly_rate, {"emergency_method": method.value, "method_source": method.source, **basis}
        result = hourly_fee(
            params,
            monthly_resources=situation.monthly_resources,
            dependent_children=situation.dependent_children,
            on=on,
            mode=mode,
            aeeh_children=situation.aeeh_children,
            ase_placement=ase_placement,
        )
    except (ParameterNotInForce, MissingChoice) as exc:
        raise ValidationError(f"Le tarif horaire ne peut pas être calculé : {exc}", code="fee") from exc
    return result.hourly_rate, result.as_dict()

"""The fee simulator: a family's hourly fee and the monthly bill of a regular contract at a facility,
computed by the rules with the facility's local choices (care mode, rounding of hours)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from ribambelle.rules.authorisation import add_months
from ribambelle.rules.billing import Contract, MonthlyBill, Period, month_bill
from ribambelle.rules.fees import FeeResult, hourly_fee
from ribambelle.rules.parameters import ParameterValue
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import parameters_in_force, rule_choices_for


@dataclass(frozen=True)
class Simulation:
    facility: Facility
    fee: FeeResult
    bill: MonthlyBill

    @property
    def references(self) -> list[ParameterValue]:
        seen: dict[tuple[str, date], ParameterValue] = {}
        for value in (*self.fee.references, *self.bill.sources):
            seen.setdefault((value.key, value.effective_on), value)
        return list(seen.values())

    @property
    def unconfirmed(self) -> bool:
        return any(not value.confirmed for value in self.references)


def fee_simulate(
    *,
    facility: Facility,
    on: date,
    monthly_resources: Decimal,
    dependent_children: int,
    aeeh_children: int,
    ase_placement: bool,
    schedule: dict[int, tuple[time, time]],
    attendance_weeks: int,
) -> Simulation:
    """Raise ValueError or LookupError (French messages) when the rules refuse the inputs."""
    params = parameters_in_force()
    fee = hourly_fee(
        params,
        monthly_resources=monthly_resources,
        dependent_children=dependent_children,
        on=on,
        mode=FacilityType(facility.facility_type).care_mode,
        aeeh_children=aeeh_children,
        ase_placement=ase_placement,
    )
    month = on.replace(day=1)
    contract = Contract(
        weekly_schedule={
            weekday: (Period(_minutes(arrival), _minutes(departure)),)
            for weekday, (arrival, departure) in schedule.items()
        },
        attendance_weeks=attendance_weeks,
        starts_on=month,
        ends_on=add_months(month, 12) - timedelta(days=1),
        hourly_fee=fee.hourly_rate,
    )
    bill = month_bill(
        params,
        contract=contract,
        month=month,
        attendance=[],
        absences=[],
        choices=rule_choices_for(facility=facility, on=on),
    )
    return Simulation(facility, fee, bill)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute

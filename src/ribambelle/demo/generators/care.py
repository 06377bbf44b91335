"""Care generator: the contracts of the care plan with their dated versions (attendance comes next, from
care_attendance.py).

The fees follow contract_create and family_situation_change (care/services/contracts.py), computed in bulk:
a version at the start, one at each amendment, one at each new situation of the family (every 1st of
January), and one when a new floor, ceiling or rate of the barème changes the fee.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from ribambelle.care.enums import ContractStatus, VersionReason
from ribambelle.care.fees import contract_fee
from ribambelle.care.models import Contract, ContractVersion
from ribambelle.demo.bulk import bulk_load
from ribambelle.demo.context import SeedContext
from ribambelle.demo.generators.care_plan import PlannedChild, PlannedContract
from ribambelle.families.models import Child, FamilySituation
from ribambelle.rules import ParameterSet
from ribambelle.rules.fees import CareMode, fee_parameter_keys
from ribambelle.territory.selectors import parameters_in_force


def generate(ctx: SeedContext) -> None:
    pairs: list[tuple[PlannedChild, Child]] = ctx.named["planned_children"]
    planned = [(contract, child) for planned_child, child in pairs for contract in planned_child.contracts]
    situations: dict[int, list[FamilySituation]] = defaultdict(list)
    for situation in sorted(ctx.created(FamilySituation), key=lambda row: row.valid_from):
        situations[situation.family_id].append(situation)
    fees = _Fees(parameters_in_force())
    with bulk_load(Contract, ContractVersion):
        contracts = ctx.create(Contract, [_contract(plan, child, on=ctx.on) for plan, child in planned])
        versions: list[ContractVersion] = []
        for (plan, child), contract in zip(planned, contracts, strict=True):
            versions += _versions(fees, plan, contract, child, situations[child.family_id], on=ctx.on)
        ctx.create(ContractVersion, versions)
    ctx.named["planned_contracts"] = [(plan, contract) for (plan, _), contract in zip(planned, contracts, strict=True)]


def _contract(plan: PlannedContract, child: Child, *, on: date) -> Contract:
    return Contract(
        child=child,
        facility=plan.frame.facility,
        section=plan.section,
        kind=plan.kind,
        status=ContractStatus.SIGNED if plan.starts_on <= on else ContractStatus.DRAFT,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )


def _versions(
    fees: _Fees,
    plan: PlannedContract,
    contract: Contract,
    child: Child,
    situations: list[FamilySituation],
    *,
    on: date,
) -> list[ContractVersion]:
    mode = plan.frame.facility_type.care_mode
    last = min(plan.ends_on, on)
    starts: dict[date, VersionReason] = {plan.starts_on: VersionReason.INITIAL}
    for terms in plan.terms[1:]:
        starts.setdefault(terms.valid_from, VersionReason.AMENDMENT)
    for situation in situations:
        if plan.starts_on < situation.valid_from <= last:
            starts.setdefault(situation.valid_from, VersionReason.SITUATION)
    for day in fees.scale_dates(mode):
        if plan.starts_on < day <= last:
            starts.setdefault(day, VersionReason.SCALE)
    versions: list[ContractVersion] = []
    for valid_from in sorted(starts):
        situation = situations[bisect_right([row.valid_from for row in situations], valid_from) - 1]
        terms = [row for row in plan.terms if row.valid_from <= valid_from][-1]
        fee, provenance = fees.fee(contract, child, situation, valid_from)
        if starts[valid_from] == VersionReason.SCALE and versions and versions[-1].hourly_fee == fee:
            continue
        versions.append(
            ContractVersion(
                contract=contract,
                valid_from=valid_from,
                reason=starts[valid_from],
                schedule=[{"weekday": day, "start": start, "end": end} for day, start, end in terms.schedule],
                attendance_weeks=terms.attendance_weeks,
                monthly_resources=situation.monthly_resources,
                dependent_children=situation.dependent_children,
                aeeh_children=situation.aeeh_children,
                hourly_fee=fee,
                fee_provenance=provenance,
            )
        )
    return versions


class _Fees:
    """The family hourly fee as the contract services compute it, from parameters read once."""

    def __init__(self, params: ParameterSet) -> None:
        self.params = params
        self._scale_dates: dict[CareMode, list[date]] = {}

    def scale_dates(self, mode: CareMode) -> list[date]:
        """The dates a new floor, ceiling or rate of ``mode`` takes effect."""
        if mode not in self._scale_dates:
            keys = fee_parameter_keys(mode)
            dates = {value.effective_on for key in keys for value in self.params[key].values}
            self._scale_dates[mode] = sorted(dates)
        return self._scale_dates[mode]

    def fee(
        self, contract: Contract, child: Child, situation: FamilySituation, on: date
    ) -> tuple[Decimal, dict[str, Any]]:
        return contract_fee(
            self.params, facility=contract.facility, ase_placement=child.ase_placement, situation=situation, on=on
        )

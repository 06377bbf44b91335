"""A new value of the barème (resources floor or ceiling, effort rates) recomputes, from its date, the fee
of every contract running then: the fee of a version is the rule applied to the family's situation on the
version's first day with the parameters in force that day.

From ``on``: a contract whose version in force began earlier gets a new version (reason « nouveau barème »)
when its fee changes; a version beginning on ``on`` or later has its fee recomputed in place (its reason
stays). A version whose fee does not change is left alone, so running it twice changes nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ribambelle.care.enums import ContractStatus, VersionReason
from ribambelle.care.fees import contract_fee
from ribambelle.care.models import Contract, ContractVersion
from ribambelle.core.audit import save_as
from ribambelle.families.models import FamilySituation
from ribambelle.rules import ParameterSet
from ribambelle.territory.selectors import parameters_in_force

_CHUNK = 2000


@dataclass
class RescaleReport:
    """What a recomputation did; ``failures`` are (contract id, child, French reason), left unchanged."""

    on: date
    contracts: int = 0
    created: int = 0
    updated: int = 0
    failures: list[tuple[int, str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "contracts": self.contracts,
            "created": self.created,
            "updated": self.updated,
            "failures": [{"contract": pk, "child": child, "reason": reason} for pk, child, reason in self.failures],
        }


@transaction.atomic
def contract_fees_rescale(*, on: date, actor: Any) -> RescaleReport:
    """Recompute from ``on`` the fee of every contract of every organisation running on or after it
    (cancelled ones left out), audited as ``actor``'s changes."""
    params = parameters_in_force()
    report = RescaleReport(on=on)
    contracts = (
        Contract.objects.filter(ends_on__gte=on)
        .exclude(status=ContractStatus.CANCELLED)
        .select_related("child", "facility")
        .prefetch_related("versions", "child__family__situations")
        .order_by("pk")
    )
    for contract in contracts.iterator(chunk_size=_CHUNK):
        report.contracts += 1
        try:
            _rescale(contract, params, on, actor, report)
        except ValidationError as exc:
            report.failures.append((contract.pk, str(contract.child), " ".join(exc.messages)))
    return report


def _rescale(contract: Contract, params: ParameterSet, on: date, actor: Any, report: RescaleReport) -> None:
    start = max(on, contract.starts_on)
    versions = sorted(contract.versions.all(), key=lambda version: version.valid_from)
    situations = sorted(contract.child.family.situations.all(), key=lambda situation: situation.valid_from)
    in_force = [version for version in versions if version.valid_from <= start]
    if in_force and in_force[-1].valid_from < start:
        current = in_force[-1]
        situation = _situation_on(situations, start, contract)
        fee, provenance = _fee(params, contract, situation, start)
        if fee != current.hourly_fee:
            version = ContractVersion(
                contract=contract,
                valid_from=start,
                reason=VersionReason.SCALE,
                schedule=current.schedule,
                attendance_weeks=current.attendance_weeks,
                monthly_resources=situation.monthly_resources,
                dependent_children=situation.dependent_children,
                aeeh_children=situation.aeeh_children,
                hourly_fee=fee,
                fee_provenance=provenance,
            )
            version.full_clean()
            save_as(actor, version)
            report.created += 1
    for version in versions:
        if version.valid_from < start:
            continue
        situation = _situation_on(situations, version.valid_from, contract)
        fee, provenance = _fee(params, contract, situation, version.valid_from)
        if fee != version.hourly_fee or provenance != version.fee_provenance:
            version.hourly_fee, version.fee_provenance = fee, provenance
            save_as(actor, version)
            report.updated += 1


def _situation_on(situations: list[FamilySituation], day: date, contract: Contract) -> FamilySituation:
    index = bisect_right([situation.valid_from for situation in situations], day)
    if index == 0:
        raise ValidationError(
            f"La situation de la famille au {day:%d/%m/%Y} n'est pas connue : le tarif ne peut pas être calculé.",
            code="situation_missing",
        )
    return situations[index - 1]


def _fee(params: ParameterSet, contract: Contract, situation: FamilySituation, day: date) -> tuple[Any, Any]:
    return contract_fee(
        params, facility=contract.facility, ase_placement=contract.child.ase_placement, situation=situation, on=day
    )

"""Contracts: creation, amendments (avenants) and fee recomputation when the family's situation changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ribambelle.care.enums import ContractKind, ContractStatus, VersionReason
from ribambelle.care.fees import contract_fee
from ribambelle.care.models import Contract, ContractVersion
from ribambelle.core.audit import save_as
from ribambelle.families.models import Child, FamilySituation
from ribambelle.rules.choices import MissingChoice
from ribambelle.rules.parameters import ParameterNotInForce
from ribambelle.territory.models import Authorisation, Facility, Section
from ribambelle.territory.selectors import parameters_in_force

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# What a contract service may refuse with: its own French validation, or the rules' French errors when a
# parameter is not in force on the date or a local choice has not been made.
REFUSALS = (ValidationError, ParameterNotInForce, MissingChoice)


@dataclass(frozen=True)
class SchedulePeriod:
    """A contracted period of one weekday (0 = Monday), in minutes since midnight."""

    weekday: int
    start: int
    end: int

    def as_dict(self) -> dict[str, int]:
        return {"weekday": self.weekday, "start": self.start, "end": self.end}


@transaction.atomic
def contract_create(
    *,
    child: Child,
    facility: Facility,
    section: Section | None,
    kind: ContractKind,
    starts_on: date,
    ends_on: date,
    schedule: Sequence[SchedulePeriod],
    attendance_weeks: int | None,
    actor: Any,
    status: ContractStatus = ContractStatus.DRAFT,
) -> Contract:
    """A contract (a draft unless told otherwise: an import brings running contracts in signed) with its first
    version; refused when it overlaps another contract of the child at the facility, leaves the opening
    hours, or the child's age leaves the authorisation's range."""
    contract = Contract(
        child=child,
        facility=facility,
        section=section,
        kind=kind,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    contract.full_clean()
    if section is not None and section.facility_id != facility.pk:
        raise ValidationError("Cette section appartient à un autre établissement.", code="section")
    overlapping = Contract.objects.filter(child=child, facility=facility).overlapping(starts_on, ends_on)
    if overlapping.exists():
        raise ValidationError(
            f"{child} a déjà un contrat dans cet établissement sur cette période.", code="contract_overlap"
        )
    _check_ages(child, facility, starts_on, ends_on)
    save_as(actor, contract)
    _version_create(
        contract=contract,
        valid_from=starts_on,
        reason=VersionReason.INITIAL,
        schedule=schedule,
        attendance_weeks=attendance_weeks,
        actor=actor,
    )
    return contract


@transaction.atomic
def contract_sign(*, contract: Contract, actor: Any) -> Contract:
    """Record that the family signed the draft contract."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError(f"Ce contrat est déjà {contract.get_status_display().lower()}.", code="status")
    contract.status = ContractStatus.SIGNED
    save_as(actor, contract)
    return contract


@transaction.atomic
def contract_cancel(*, contract: Contract, actor: Any) -> Contract:
    """Cancel a draft the family did not sign: it no longer counts anywhere (board, statements, overlaps).
    A signed contract is ended by the family's notice, not cancelled; a contract with attendance is kept."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError("Seul un contrat en brouillon (non signé) peut être annulé.", code="status")
    if contract.attendances.exists():
        raise ValidationError(
            "Des présences sont déjà enregistrées sous ce contrat : il ne peut pas être annulé.", code="attended"
        )
    contract.status = ContractStatus.CANCELLED
    save_as(actor, contract)
    return contract


@transaction.atomic
def contract_amend(
    *,
    contract: Contract,
    valid_from: date,
    schedule: Sequence[SchedulePeriod],
    attendance_weeks: int | None,
    actor: Any,
) -> ContractVersion:
    """An avenant from ``valid_from``: new schedule or weeks; earlier versions are kept."""
    if not contract.starts_on < valid_from <= contract.ends_on:
        raise ValidationError("Un avenant prend effet après le début du contrat et avant sa fin.", code="amend_date")
    return _version_create(
        contract=contract,
        valid_from=valid_from,
        reason=VersionReason.AMENDMENT,
        schedule=schedule,
        attendance_weeks=attendance_weeks,
        actor=actor,
    )


@transaction.atomic
def family_situation_change(*, situation: FamilySituation, actor: Any) -> list[ContractVersion]:
    """Record a new situation; the fee of every contract of the family's children running from that date
    is recomputed from it, as a new version (history kept)."""
    situation.full_clean()
    save_as(actor, situation)
    versions = []
    contracts = Contract.objects.filter(child__family=situation.family, ends_on__gte=situation.valid_from)
    for contract in contracts.select_related("child", "facility").order_by("starts_on"):
        current = contract.versions.in_force_on(max(situation.valid_from, contract.starts_on)).first()
        if current is None:
            continue
        valid_from = max(situation.valid_from, contract.starts_on)
        versions.append(
            _version_create(
                contract=contract,
                valid_from=valid_from,
                reason=VersionReason.SITUATION,
                schedule=[SchedulePeriod(**period) for period in current.schedule],
                attendance_weeks=current.attendance_weeks,
                actor=actor,
                replace=valid_from == current.valid_from,
            )
        )
    return versions


def _version_create(
    *,
    contract: Contract,
    valid_from: date,
    reason: VersionReason,
    schedule: Sequence[SchedulePeriod],
    attendance_weeks: int | None,
    actor: Any,
    replace: bool = False,
) -> ContractVersion:
    _check_schedule(contract, schedule, attendance_weeks)
    situation = FamilySituation.objects.filter(family_id=contract.child.family_id).in_force_on(valid_from)
    current = situation.order_by("-valid_from").first()
    if current is None:
        raise ValidationError(
            f"La situation de la famille au {valid_from:%d/%m/%Y} n'est pas connue : le tarif ne peut pas être "
            "calculé.",
            code="situation_missing",
        )
    fee, provenance = contract_fee(
        parameters_in_force(),
        facility=contract.facility,
        ase_placement=contract.child.ase_placement,
        situation=current,
        on=valid_from,
    )
    version = ContractVersion.objects.filter(contract=contract, valid_from=valid_from).first() if replace else None
    version = version or ContractVersion(contract=contract, valid_from=valid_from)
    version.reason = reason
    version.schedule = [period.as_dict() for period in sorted(schedule, key=lambda p: (p.weekday, p.start))]
    version.attendance_weeks = attendance_weeks
    version.monthly_resources = current.monthly_resources
    version.dependent_children = current.dependent_children
    version.aeeh_children = current.aeeh_children
    version.hourly_fee = fee
    version.fee_provenance = provenance
    version.full_clean()
    save_as(actor, version)
    return version


def _check_ages(child: Child, facility: Facility, starts_on: date, ends_on: date) -> None:
    authorisation = (
        Authorisation.objects.in_force_on(starts_on).filter(facility=facility).order_by("-valid_from").first()
    )
    if authorisation is None:
        raise ValidationError(
            f"{facility} n'a pas d'autorisation en vigueur au {starts_on:%d/%m/%Y}.", code="no_authorisation"
        )
    age_at_start, age_at_end = child.age_in_months(starts_on), child.age_in_months(ends_on)
    if age_at_start is None or age_at_start < authorisation.min_age_months:
        raise ValidationError(
            f"{child} n'aura pas l'âge minimal de l'autorisation ({authorisation.min_age_months} mois) au "
            f"{starts_on:%d/%m/%Y}.",
            code="too_young",
        )
    if age_at_end is not None and age_at_end >= authorisation.max_age_months:
        raise ValidationError(
            f"{child} dépassera l'âge maximal de l'autorisation ({authorisation.max_age_months} mois) avant le "
            f"{ends_on:%d/%m/%Y} : raccourcissez le contrat.",
            code="too_old",
        )


def _check_schedule(contract: Contract, schedule: Sequence[SchedulePeriod], attendance_weeks: int | None) -> None:
    if contract.kind == ContractKind.REGULAR and (not schedule or not attendance_weeks):
        raise ValidationError(
            "Un contrat régulier précise ses horaires hebdomadaires et ses semaines de présence.", code="regular"
        )
    spanned_weeks = -(-((contract.ends_on - contract.starts_on).days + 1) // 7)
    if attendance_weeks is not None and attendance_weeks > spanned_weeks:
        raise ValidationError(
            f"Le contrat ne couvre que {spanned_weeks} semaines : il ne peut pas compter {attendance_weeks} "
            "semaines de présence.",
            code="attendance_weeks",
        )
    hours = {row.weekday: row for row in contract.facility.opening_hours.all()}
    for period in schedule:
        day = _WEEKDAYS[period.weekday]
        which = {"weekday": period.weekday}  # so that an import names the day's columns
        opening = hours.get(period.weekday)
        if opening is None:
            raise ValidationError(f"L'établissement est fermé le {day}.", code="closed_day", params=which)
        opens = opening.opens_at.hour * 60 + opening.opens_at.minute
        closes = opening.closes_at.hour * 60 + opening.closes_at.minute
        if period.end <= period.start:
            raise ValidationError(f"Le départ du {day} doit suivre l'arrivée.", code="period_order", params=which)
        if period.start < opens or period.end > closes:
            raise ValidationError(
                f"Les horaires du {day} sortent des heures d'ouverture ({opening.opens_at:%H:%M}–"
                f"{opening.closes_at:%H:%M}).",
                code="outside_hours",
                params=which,
            )

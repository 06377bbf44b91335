"""A facility's PSU side over a period (docs/cockpit.md, « Funding »): average hourly family participation
and the bonus mixité it gives, the share of children with a disability (bonus inclusion), an estimate of
the PSU for an hourly cost price the coordinator types in, and the committees' admission figures. Counts
and amounts only, never a name. The rules are rules.psu_funding's; the inputs come from the facts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, Sum

from ribambelle.allocation.figures import Figures, committee_figures
from ribambelle.care.enums import ContractStatus
from ribambelle.care.models import Contract
from ribambelle.rules.parameters import ParameterError, ParameterNotInForce
from ribambelle.rules.psu_funding import Bonus, PsuEstimate, psu_amount, social_mix_bonus
from ribambelle.steering.cockpit import Period
from ribambelle.steering.models import FacilityDayFact, FacilityMonthFact
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import parameters_in_force

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Funding:
    places: int  # the highest number of authorised places over the period
    billed_minutes: int
    attended_minutes: int
    theoretical_minutes: int
    family_fees: Decimal
    average_hourly_fee: Decimal | None  # family fees / billed hours, to the cent
    social_mix: Bonus | None
    children: int  # children with a signed contract at the facility during the period
    children_with_disability: int
    psu: PsuEstimate | None
    psu_problem: str  # why there is no estimate (French), when there is none
    admissions: Figures | None

    @property
    def admission_rate(self) -> Decimal | None:
        """Accepted offers / applications examined (allocation.figures), as a Decimal for the pages."""
        if self.admissions is None or not self.admissions.examined:
            return None
        return Decimal(self.admissions.accepted) / self.admissions.examined

    @property
    def disability_share(self) -> Decimal | None:
        return Decimal(self.children_with_disability) / self.children if self.children else None


def _hours(minutes: int) -> Decimal:
    return Decimal(minutes) / 60


def funding(*, facility: Facility, period: Period, hourly_cost_price: Decimal | None) -> Funding:
    places = FacilityDayFact.objects.filter(facility=facility, on__range=(period.first, period.end_on)).aggregate(
        places=Max("places")
    )["places"]
    months = FacilityMonthFact.objects.filter(facility=facility, month__range=(period.first, period.last)).aggregate(
        billed=Sum("billed_minutes"),
        fees=Sum("billed_amount"),
        attended=Sum("attended_minutes"),
        theoretical=Sum("theoretical_minutes"),
    )
    places, billed = places or 0, months["billed"] or 0
    attended, theoretical = months["attended"] or 0, months["theoretical"] or 0
    fees = months["fees"] or Decimal("0.00")
    params = parameters_in_force()
    average = (fees / _hours(billed)).quantize(CENT, ROUND_HALF_UP) if billed else None
    mix = (
        None
        if average is None
        else social_mix_bonus(params, on=period.first, average_hourly_fee=average, places=places)
    )
    children = Contract.objects.filter(
        facility=facility, status=ContractStatus.SIGNED, starts_on__lte=period.end_on, ends_on__gte=period.first
    ).aggregate(
        children=Count("child_id", distinct=True),
        disabled=Count("child_id", distinct=True, filter=Q(child__disability=True)),
    )
    psu, problem = None, "Saisissez le prix de revient horaire de l'établissement pour estimer la PSU."
    if hourly_cost_price is not None:
        if not (billed and attended):
            problem = "Pas d'heures facturées et réalisées sur la période : la PSU ne peut être estimée."
        else:
            try:
                psu = psu_amount(
                    params,
                    on=period.first,
                    hourly_cost_price=hourly_cost_price,
                    billed_hours=_hours(billed),
                    attended_hours=_hours(attended),
                    capacity_hours=_hours(theoretical),
                    family_fees=fees,
                )
            except (ParameterError, ParameterNotInForce):
                problem = (
                    "Le prix plafond PSU de la période n'est pas saisi : un administrateur le saisit dans "
                    "« Réglementation » (barème annuel de la Cnaf)."
                )
    admissions = next(
        (f for f in committee_figures(organisation_id=facility.organisation_id)[0] if f.pk == facility.pk), None
    )
    return Funding(
        places=places,
        billed_minutes=billed,
        attended_minutes=attended,
        theoretical_minutes=theoretical,
        family_fees=fees,
        average_hourly_fee=average,
        social_mix=mix,
        children=children["children"],
        children_with_disability=children["disabled"],
        psu=psu,
        psu_problem="" if psu else problem,
        admissions=admissions,
    )

"""Local choices generator: what the demo organisation and some facilities decided where the law leaves
the choice (ratio option, rounding of hours, emergency tariff), dated and tied to the act behind them."""

from __future__ import annotations

from datetime import date

from ribambelle.demo.context import SeedContext
from ribambelle.rules import FacilityKind
from ribambelle.territory.enums import FacilityType
from ribambelle.territory.models import Facility, Organisation, RuleChoice

# Share of facilities whose own règlement picks the "1 per 6" ratio option instead of the organisation's.
_OWN_RATIO_OPTION_SHARE = 0.25


def generate(ctx: SeedContext) -> None:
    organisation: Organisation = ctx.named["organisation"]
    year = ctx.on.year
    council = f"Délibération du conseil n° {year - 1}-{ctx.rng.randint(100, 199)} du 14/12/{year - 1}"
    earlier = f"Délibération du conseil n° {year - 5}-{ctx.rng.randint(100, 199)} du 20/09/{year - 5}"
    choices = [
        _choice(organisation, None, "ratio.option", "5-8", date(year - 5, 9, 1), earlier),
        _choice(
            organisation, None, "billing.rounding", "up_15", date(year - 5, 9, 1), earlier, ends=date(year - 1, 12, 31)
        ),
        _choice(organisation, None, "billing.rounding", "up_30", date(year, 1, 1), council),
        _choice(organisation, None, "fee.emergency_tariff", "floor", date(year - 5, 9, 1), earlier),
    ]
    facilities: list[Facility] = ctx.created(Facility)
    for facility in facilities:
        collective = FacilityType(facility.facility_type).regulatory_kind == FacilityKind.COLLECTIVE
        if collective and ctx.rng.random() < _OWN_RATIO_OPTION_SHARE:
            act = f"Règlement de fonctionnement de {facility.name} du 01/09/{year - 2}"
            choices.append(_choice(organisation, facility, "ratio.option", "6", date(year - 2, 9, 1), act))
    ctx.create(RuleChoice, choices)


def _choice(
    organisation: Organisation,
    facility: Facility | None,
    key: str,
    value: str,
    valid_from: date,
    act: str,
    *,
    ends: date | None = None,
) -> RuleChoice:
    return RuleChoice(
        organisation=organisation,
        facility=facility,
        key=key,
        value=value,
        valid_from=valid_from,
        valid_to=ends,
        act=act,
    )

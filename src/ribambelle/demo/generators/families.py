"""Families generator: the households of the children the care plan places, with their brothers and
sisters, their sector, and their dated situation (resources, dependent children, AEEH).

The care plan (care_plan.py) is drawn here, because the children come before their contracts; the care
generator reads it back from ``ctx.named``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.text import slugify

from ribambelle.care.enums import ContractKind
from ribambelle.demo.bulk import bulk_load
from ribambelle.demo.context import SeedContext
from ribambelle.demo.generators.care_frames import CastChild, Frame, frames
from ribambelle.demo.generators.care_plan import PlannedChild, plan
from ribambelle.families.enums import ResourcesSource, SocialSecurityScheme
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.rules.authorisation import add_months
from ribambelle.territory.models import Facility

# Names of parents (born 1980 to 2000) and of young children (born 2014 and later); Léo and Inès are the
# cast's alone.
MOTHERS = (
    "Julie", "Camille", "Marie", "Laura", "Sarah", "Émilie", "Pauline", "Mélanie", "Élodie", "Aurélie",
    "Charlotte", "Manon", "Anaïs", "Claire", "Lucie", "Marion", "Nadia", "Fatima", "Yasmine", "Amina",
    "Leïla", "Sonia", "Aïcha", "Fatou", "Ana", "Inès", "Chloé", "Céline", "Audrey", "Jennifer",
)  # fmt: skip
FATHERS = (
    "Thomas", "Nicolas", "Julien", "Maxime", "Kevin", "Alexandre", "Romain", "Guillaume", "Antoine", "Mathieu",
    "Sébastien", "Jérémy", "Florian", "Benjamin", "Vincent", "Karim", "Mehdi", "Sofiane", "Youssef", "Moussa",
    "Mamadou", "David", "Pierre", "Hugo", "Clément", "Jonathan", "Anthony", "Rachid", "Samir", "Paulo",
)  # fmt: skip
GIRLS = (
    "Jade", "Louise", "Ambre", "Alba", "Emma", "Rose", "Alice", "Romy", "Anna", "Lina", "Mia", "Léna", "Julia",
    "Iris", "Agathe", "Chloé", "Inaya", "Mila", "Lou", "Léonie", "Zoé", "Nina", "Éva", "Sofia", "Aya",
    "Maryam", "Jeanne", "Victoire", "Charlie", "Margaux",
)  # fmt: skip
BOYS = (
    "Gabriel", "Raphaël", "Louis", "Maël", "Noah", "Jules", "Arthur", "Adam", "Lucas", "Sacha", "Isaac",
    "Gabin", "Hugo", "Liam", "Eden", "Mohamed", "Paul", "Aaron", "Tiago", "Nathan", "Ayden", "Marius", "Noé",
    "Malo", "Léon", "Théo", "Ethan", "Côme", "Ibrahim", "Timéo",
)  # fmt: skip
_MORE_LAST_NAMES = (
    "Haddad", "Benali", "Diallo", "Nguyen", "Traoré", "Da Silva", "Martins", "Rodrigues", "Kaya", "Mendy",
    "Ferreira", "Bensaïd", "Diop", "Pereira", "Amrani", "Cissé", "Tran", "Yilmaz", "Lopes", "Belkacem",
)  # fmt: skip
_CHILDREN_WEIGHTS = {1: 40, 2: 38, 3: 16, 4: 6}
_SIBLINGS_IN_CARE_SHARE = 0.06
_TWO_PARENTS_SHARE = 0.75
_FLOOR_SHARE = 0.06
_TAX_NOTICE_SHARE = 0.12
_AEEH_SHARE = 0.015
_ASE_SHARE = 0.003
# Children with a disability (AEEH or being detected) among children in EAJE: about 1.5 % (order of magnitude
# of the bonus inclusion's statistics; a demo figure, not a regulatory one).
_DISABILITY_SHARE = 0.015
_OTHER_SECTOR_SHARE = 0.15
# CAF reporting: about 85 % of families accept FILOUE; a few depend on the MSA or another scheme. Drawn from
# their own generator, so that the rest of the seed stays what it was.
_FILOUE_CONSENT_SHARE = 0.85
_SCHEME_WEIGHTS = {
    SocialSecurityScheme.GENERAL: 95,
    SocialSecurityScheme.AGRICULTURAL: 3,
    SocialSecurityScheme.OTHER: 2,
}
_CAST_RESOURCES = Decimal("3200.00")  # tests/cast.py: 3 200 € a month, two dependent children


@dataclass
class _Household:
    home: Frame
    members: list[PlannedChild]
    emergency: bool  # an emergency placement: resources unknown, nobody joins
    siblings: list[date] = field(default_factory=list)

    @property
    def cast(self) -> CastChild | None:
        return self.members[0].cast

    @property
    def first_start(self) -> date:
        return min(contract.starts_on for member in self.members for contract in member.contracts)


def generate(ctx: SeedContext) -> None:
    window_start = add_months(ctx.on, -ctx.attendance_months)
    planned = plan(frames(ctx), seed=ctx.seed, on=ctx.on, window_start=window_start)
    ctx.named["attendance_from"] = window_start
    with bulk_load(Family, FamilySituation, Child):
        pairs = _rows(ctx, _households(ctx.rng, planned))
    ctx.named["planned_children"] = pairs
    for planned_child, child in pairs:
        if planned_child.cast:
            ctx.named[planned_child.cast.key] = child


def _rows(ctx: SeedContext, households: list[_Household]) -> list[tuple[PlannedChild, Child]]:
    """Write the families, their situations and their children; return each planned child with its row."""
    pools = NamePools(ctx)
    caf = random.Random(f"{ctx.seed}-caf")
    families = ctx.create(
        Family, [_caf_fields(caf, _family(ctx, pools, item, serial), item) for serial, item in enumerate(households)]
    )
    situations: list[FamilySituation] = []
    children: list[Child] = []
    pairs: list[tuple[PlannedChild, Child]] = []
    for household, family in zip(households, families, strict=True):
        situations += _situations(ctx, household, family)
        for member in household.members:
            ase = ctx.rng.random() < _ASE_SHARE
            children.append(_child(ctx, pools, family, member.birth_on, member.cast, ase=ase))
            pairs.append((member, children[-1]))
        children += [_child(ctx, pools, family, birth_on, None, ase=False) for birth_on in household.siblings]
    ctx.create(FamilySituation, situations)
    ctx.create(Child, children)
    return pairs


def _households(rng: random.Random, planned: list[PlannedChild]) -> list[_Household]:
    """One household per child, but now and then a child joins an earlier household of the same facility
    (brothers and sisters at least 15 months apart); then brothers and sisters not in care, older."""
    households: list[_Household] = []
    by_facility: dict[int, list[_Household]] = {}
    for child in planned:
        recent = by_facility.setdefault(child.home.index, [])
        emergency = any(contract.kind == ContractKind.EMERGENCY for contract in child.contracts)
        if child.cast is None and not emergency and rng.random() < _SIBLINGS_IN_CARE_SHARE:
            joinable = [
                household
                for household in recent[-20:]
                if household.cast is None
                and not household.emergency
                and all(abs((member.birth_on - child.birth_on).days) >= 456 for member in household.members)
            ]
            if joinable:
                rng.choice(joinable).members.append(child)
                continue
        households.append(_Household(child.home, [child], emergency))
        recent.append(households[-1])
    for household in households:
        total = 2 if household.cast else rng.choices(list(_CHILDREN_WEIGHTS), list(_CHILDREN_WEIGHTS.values()))[0]
        eldest = min(member.birth_on for member in household.members)
        for _ in range(max(0, total - len(household.members))):
            eldest = add_months(eldest, -rng.randint(18, 60)) - timedelta(days=rng.randrange(28))
            household.siblings.append(eldest)
    return households


class NamePools:
    def __init__(self, ctx: SeedContext) -> None:
        self.last_names = sorted({ctx.faker.last_name() for _ in range(600)}) + list(_MORE_LAST_NAMES)
        self.streets = sorted({ctx.faker.street_name() for _ in range(300)})


def _family(ctx: SeedContext, pools: NamePools, household: _Household, serial: int) -> Family:
    rng, cast = ctx.rng, household.cast
    last_name = cast.last_name if cast else rng.choice(pools.last_names)
    first_name = cast.parent_first_name if cast else rng.choice(MOTHERS if rng.random() < 0.8 else FATHERS)
    other_first = other_last = ""
    if cast is None and rng.random() < _TWO_PARENTS_SHARE:
        other_first = rng.choice(FATHERS if first_name in MOTHERS else MOTHERS)
        other_last = last_name if rng.random() < 0.6 else rng.choice(pools.last_names)
    facility = household.home.facility
    if rng.random() < _OTHER_SECTOR_SHARE:
        facility = rng.choice(ctx.created(Facility))
    source = _source(rng, household)
    return Family(
        organisation=ctx.named["organisation"],
        reference=f"F-{household.first_start.year}-{serial + 1:05d}",
        parent_first_name=first_name,
        parent_last_name=last_name,
        other_parent_first_name=other_first,
        other_parent_last_name=other_last,
        email=f"{slugify(first_name)}.{slugify(last_name)}{serial % 97}@example.org",
        phone=f"0{rng.choice((6, 7))} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
        f"{rng.randint(10, 99)}",
        address=f"{rng.randint(1, 120)} {rng.choice(pools.streets)}",
        postcode=facility.postcode,
        city=facility.city,
        sector_id=facility.sector_id,
        caf_number=f"{rng.randint(1_000_000, 9_999_999)}" if source == ResourcesSource.CAF else "",
    )


def _caf_fields(rng: random.Random, family: Family, household: _Household) -> Family:
    """The family's FILOUE consent and social-security scheme (the cast's families agree, régime général)."""
    consent = rng.random() < _FILOUE_CONSENT_SHARE
    scheme = rng.choices(list(_SCHEME_WEIGHTS), list(_SCHEME_WEIGHTS.values()))[0]
    family.filoue_consent = consent or household.cast is not None
    family.social_security_scheme = SocialSecurityScheme.GENERAL if household.cast else scheme
    return family


def _source(rng: random.Random, household: _Household) -> ResourcesSource:
    if household.emergency:
        return ResourcesSource.UNKNOWN
    if household.cast is None and rng.random() < _TAX_NOTICE_SHARE:
        return ResourcesSource.TAX_NOTICE
    return ResourcesSource.CAF


def _situations(ctx: SeedContext, household: _Household, family: Family) -> list[FamilySituation]:
    """The situation known when the first contract begins (from the 1st of January of that year, or from
    the placement for an emergency), then the yearly update every 1st of January while a contract runs."""
    rng = ctx.rng
    children = len(household.members) + len(household.siblings)
    if household.emergency:
        return [_situation(family, household.first_start, Decimal("0.00"), ResourcesSource.UNKNOWN, children, 0)]
    source = ResourcesSource.CAF if family.caf_number else ResourcesSource.TAX_NOTICE
    aeeh = 1 if household.cast is None and rng.random() < _AEEH_SHARE else 0
    resources = float(_CAST_RESOURCES) if household.cast else monthly_resources(rng)
    rows = [_situation(family, date(household.first_start.year, 1, 1), money(resources), source, children, aeeh)]
    contracts = [contract for member in household.members for contract in member.contracts]
    for year in range(household.first_start.year + 1, ctx.on.year + 1):
        january = date(year, 1, 1)
        if household.cast is None and any(c.starts_on < january <= c.ends_on for c in contracts):
            resources *= rng.uniform(0.6, 1.4) if rng.random() < 0.08 else rng.uniform(0.97, 1.06)
            rows.append(_situation(family, january, money(resources), source, children, aeeh))
    return rows


def _situation(
    family: Family, valid_from: date, resources: Decimal, source: ResourcesSource, children: int, aeeh: int
) -> FamilySituation:
    return FamilySituation(
        family=family,
        valid_from=valid_from,
        monthly_resources=resources,
        resources_source=source,
        dependent_children=children,
        aeeh_children=aeeh,
    )


def monthly_resources(rng: random.Random) -> float:
    """Monthly resources: a few households at the floor or below (minimum social benefits), most around
    3 300 € (log-normal), about one in twenty above the ceiling."""
    if rng.random() < _FLOOR_SHARE:
        return rng.uniform(0, 800)
    return rng.lognormvariate(8.1, 0.6)


def money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _child(
    ctx: SeedContext, pools: NamePools, family: Family, birth_on: date, cast: CastChild | None, *, ase: bool
) -> Child:
    rng = ctx.rng
    if cast:
        first_name, last_name = cast.first_name, cast.last_name
    else:
        first_name = rng.choice(GIRLS if rng.random() < 0.5 else BOYS)
        last_name = family.parent_last_name
        if family.other_parent_last_name and rng.random() < 0.5:
            last_name = family.other_parent_last_name
    walks_since: date | None = birth_on + timedelta(days=max(270, min(540, round(rng.gauss(395, 55)))))
    if cast is not None:
        walks_since = birth_on + timedelta(days=385) if cast.walks else None
    if walks_since is not None and walks_since >= ctx.on:
        walks_since = None
    return Child(
        family=family,
        first_name=first_name,
        last_name=last_name,
        birth_on=birth_on,
        walks_since=walks_since,
        ase_placement=ase,
        disability=cast is None and rng.random() < _DISABILITY_SHARE,
    )

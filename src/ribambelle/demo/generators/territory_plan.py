"""The shape of the generated territory, before any row exists: the demo town, or a city of N places.

The demo town is written out by hand, so that the user guide can rely on it; a city is drawn at random
from realistic profiles per facility type until it reaches the number of places asked for.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass

from faker import Faker

from ribambelle.territory.enums import FacilityType, Funding, ManagementMode

TOWN_POPULATION = (43_000, 47_000)
# Above this many places a territory is an intercommunality, whose sectors are its member communes.
INTERCOMMUNALITY_FROM_PLACES = 1_500
_PLACES_PER_SECTOR = 800
_COMPASS = ("Nord", "Sud", "Centre", "Est", "Ouest", "Nord-Est", "Nord-Ouest", "Sud-Est", "Sud-Ouest")
_TOWN_SECTORS = _COMPASS[:4]
# Agrément modulé: some multi-accueils, crèches collectives and haltes-garderies authorise fewer places
# at the ends of the day.
_MODULATED_TYPES = (FacilityType.MULTI_ACCUEIL, FacilityType.CRECHE_COLLECTIVE, FacilityType.HALTE_GARDERIE)
_MODULATED_SHARE = 0.25


class Story(enum.Enum):
    """How a facility's PMI authorisations came about, relative to the reference date."""

    LEGACY = "an old authorisation, expiry as the rule in force at the decision gives it"
    RECENT = "a new facility, authorised in the last two years"
    EXTENDED = "an old authorisation, then a newer one after a capacity extension"
    RENEWAL_WINDOW = "an old authorisation whose letter gives an expiry 13 to 23 months ahead"
    RENEWAL_OVERDUE = "an old authorisation whose letter gives an expiry less than a year ahead"


_STORY_WEIGHTS = {
    Story.LEGACY: 50,
    Story.RECENT: 20,
    Story.EXTENDED: 18,
    Story.RENEWAL_WINDOW: 9,
    Story.RENEWAL_OVERDUE: 3,
}


@dataclass(frozen=True)
class TypeProfile:
    places: tuple[int, int]
    min_ages: tuple[int, ...]
    max_ages: tuple[int, ...]
    share: int
    managements: dict[ManagementMode, int]
    paje_share: float = 0.0
    first_opened_years_ago: int = 45


PROFILES: dict[FacilityType, TypeProfile] = {
    FacilityType.MULTI_ACCUEIL: TypeProfile(
        places=(20, 66),
        min_ages=(2, 2, 3),
        max_ages=(48, 48, 72),
        share=45,
        managements={
            ManagementMode.REGIE: 55,
            ManagementMode.ASSOCIATION: 20,
            ManagementMode.DSP: 15,
            ManagementMode.MARCHE: 10,
        },
    ),
    FacilityType.CRECHE_COLLECTIVE: TypeProfile(
        places=(40, 80),
        min_ages=(2, 3),
        max_ages=(36, 48),
        share=20,
        managements={ManagementMode.REGIE: 70, ManagementMode.DSP: 20, ManagementMode.MARCHE: 10},
    ),
    FacilityType.HALTE_GARDERIE: TypeProfile(
        places=(15, 25),
        min_ages=(3, 6),
        max_ages=(48, 72),
        share=5,
        managements={ManagementMode.REGIE: 50, ManagementMode.ASSOCIATION: 50},
    ),
    FacilityType.MICRO_CRECHE: TypeProfile(
        places=(10, 12),
        min_ages=(2, 3),
        max_ages=(48,),
        share=15,
        managements={ManagementMode.ENTREPRISE: 80, ManagementMode.ASSOCIATION: 20},
        paje_share=0.75,
        first_opened_years_ago=15,
    ),
    FacilityType.JARDIN_ENFANTS: TypeProfile(
        places=(24, 60),
        min_ages=(24, 30),
        max_ages=(72,),
        share=5,
        managements={ManagementMode.REGIE: 60, ManagementMode.ASSOCIATION: 40},
    ),
    FacilityType.CRECHE_FAMILIALE: TypeProfile(
        places=(30, 90),
        min_ages=(2, 3),
        max_ages=(48, 72),
        share=6,
        managements={ManagementMode.REGIE: 90, ManagementMode.ASSOCIATION: 10},
    ),
    FacilityType.CRECHE_PARENTALE: TypeProfile(
        places=(12, 20),
        min_ages=(3, 10),
        max_ages=(36, 48),
        share=4,
        managements={ManagementMode.ASSOCIATION: 100},
    ),
}

NAME_STEMS = (
    "Les Papillons", "Les Écureuils", "Les Hirondelles", "Les Petits Loups", "Les Lutins", "Pomme d'Api",
    "Les Marmots", "Les Oursons", "Les Pitchouns", "Les Farfadets", "Les Mésanges", "Les Libellules",
    "Les Dauphins", "Les Bambins", "Les Frimousses", "Les Galopins", "Les Canaillous", "Les Trois Pommes",
    "Le Nid", "La Ribambelle", "Les Moussaillons", "Les Loupiots", "Les Poussins", "Arc-en-ciel",
    "Les Tournesols", "Les Coquelicots", "Les Myosotis", "Les Capucines", "Les Pâquerettes", "Les Bleuets",
    "Les Primevères", "Les Jonquilles", "Les Marguerites", "Les Colombes", "Les Chatons", "Les Diablotins",
    "Les Petits Princes", "Le Petit Prince", "Les Cabrioles", "Les Chérubins", "Les Mini-Pousses",
    "Les Petites Canailles", "Câlins et Bisous", "Les Dinosaures", "La Maison des Doudous", "Les Explorateurs",
    "Les Bout'chou", "Le Jardin Enchanté", "Les Pirates", "La Cabane", "Les Castors",
    "Les Mouflets", "Les Hérissons", "Les Koalas", "Les Pandas", "Les Grillons", "Les Cigales", "Les Abeilles",
)  # fmt: skip


@dataclass(frozen=True)
class SectorSpec:
    name: str
    commune: str | None  # None: the organisation's own town


@dataclass(frozen=True)
class FacilitySpec:
    name: str
    facility_type: FacilityType
    sector: int
    capacity: int
    management_mode: ManagementMode
    funding: Funding
    story: Story
    modulated: bool = False
    cast_key: str | None = None

    @property
    def profile(self) -> TypeProfile:
        return PROFILES[self.facility_type]


@dataclass(frozen=True)
class TerritoryPlan:
    population: int
    intercommunality: bool
    sectors: list[SectorSpec]
    facilities: list[FacilitySpec]

    @property
    def places(self) -> int:
        return sum(spec.capacity for spec in self.facilities)


_T, _M, _F, _S = FacilityType, ManagementMode, Funding, Story
# The demo town: every facility type, about 450 places; the cast of the user guide comes first.
# Columns: name (None: drawn), type, sector, places, management, funding, story, modulated, cast key.
_TOWN: tuple[tuple[str | None, FacilityType, str, int, ManagementMode, Funding, Story, bool, str | None], ...] = (
    ("Les Lucioles", _T.MULTI_ACCUEIL, "Nord", 60, _M.REGIE, _F.PSU, _S.EXTENDED, False, "lucioles"),
    ("Les Coccinelles", _T.MULTI_ACCUEIL, "Sud", 48, _M.REGIE, _F.PSU, _S.RENEWAL_WINDOW, True, "coccinelles"),
    (None, _T.CRECHE_COLLECTIVE, "Centre", 66, _M.REGIE, _F.PSU, _S.LEGACY, False, None),
    (None, _T.HALTE_GARDERIE, "Centre", 22, _M.ASSOCIATION, _F.PSU, _S.RENEWAL_OVERDUE, True, None),
    (None, _T.MICRO_CRECHE, "Est", 12, _M.ENTREPRISE, _F.PAJE, _S.RECENT, False, None),
    (None, _T.MICRO_CRECHE, "Nord", 10, _M.ASSOCIATION, _F.PSU, _S.LEGACY, False, None),
    (None, _T.JARDIN_ENFANTS, "Sud", 50, _M.REGIE, _F.PSU, _S.RENEWAL_WINDOW, False, None),
    (None, _T.CRECHE_FAMILIALE, "Est", 90, _M.REGIE, _F.PSU, _S.LEGACY, False, None),
    (None, _T.CRECHE_PARENTALE, "Nord", 18, _M.ASSOCIATION, _F.PSU, _S.RECENT, False, None),
    (None, _T.MULTI_ACCUEIL, "Est", 60, _M.DSP, _F.PSU, _S.EXTENDED, False, None),
)


def town_plan(rng: random.Random) -> TerritoryPlan:
    sectors = [SectorSpec(name, None) for name in _TOWN_SECTORS]
    index = {sector.name: position for position, sector in enumerate(sectors)}
    names = _NamePicker(rng)
    facilities = [
        FacilitySpec(
            name=names.take(name) if name else names.draw(None),
            facility_type=facility_type,
            sector=index[sector],
            capacity=capacity,
            management_mode=management,
            funding=funding,
            story=story,
            modulated=modulated,
            cast_key=cast_key,
        )
        for name, facility_type, sector, capacity, management, funding, story, modulated, cast_key in _TOWN
    ]
    return TerritoryPlan(rng.randint(*TOWN_POPULATION), False, sectors, facilities)


def city_plan(rng: random.Random, faker: Faker, *, places: int, seat: str) -> TerritoryPlan:
    """Facilities drawn by type share until ``places`` is reached (the last one may overshoot it).

    The seat's sectors are compass points; an intercommunality's further sectors are member communes."""
    intercommunality = places >= INTERCOMMUNALITY_FROM_PLACES
    sector_count = max(len(_TOWN_SECTORS), round(places / _PLACES_PER_SECTOR))
    seat_sectors = max(2, sector_count // 2) if intercommunality else sector_count
    sectors = [SectorSpec(name, None) for name in _COMPASS[:seat_sectors]]
    communes: dict[str, None] = {seat: None}
    while intercommunality and len(sectors) < sector_count:
        commune = faker.city()
        if commune not in communes:
            communes[commune] = None
            sectors.append(SectorSpec(commune, commune))
    names = _NamePicker(rng)
    facilities = [
        _cast_facility(rng, names, "Les Lucioles", sector=0, cast_key="lucioles"),
        _cast_facility(rng, names, "Les Coccinelles", sector=1, cast_key="coccinelles"),
    ]
    total = sum(spec.capacity for spec in facilities)
    types = list(PROFILES)
    shares = [PROFILES[facility_type].share for facility_type in types]
    stories, story_weights = list(_STORY_WEIGHTS), list(_STORY_WEIGHTS.values())
    while total < places:
        facility_type = rng.choices(types, shares)[0]
        profile = PROFILES[facility_type]
        management = rng.choices(list(profile.managements), list(profile.managements.values()))[0]
        is_company = management == ManagementMode.ENTREPRISE
        funding = Funding.PAJE if is_company and rng.random() < profile.paje_share else Funding.PSU
        sector = rng.randrange(len(sectors))
        facilities.append(
            FacilitySpec(
                name=names.draw(sectors[sector].name),
                facility_type=facility_type,
                sector=sector,
                capacity=rng.randint(*profile.places),
                management_mode=management,
                funding=funding,
                story=rng.choices(stories, story_weights)[0],
                modulated=facility_type in _MODULATED_TYPES and rng.random() < _MODULATED_SHARE,
            )
        )
        total += facilities[-1].capacity
    population = places * rng.randint(50, 70) if intercommunality else places * rng.randint(90, 110)
    return TerritoryPlan(population, intercommunality, sectors, facilities)


def _cast_facility(rng: random.Random, names: _NamePicker, name: str, *, sector: int, cast_key: str) -> FacilitySpec:
    return FacilitySpec(
        name=names.take(name),
        facility_type=FacilityType.MULTI_ACCUEIL,
        sector=sector,
        capacity=rng.randint(*PROFILES[FacilityType.MULTI_ACCUEIL].places),
        management_mode=ManagementMode.REGIE,
        funding=Funding.PSU,
        story=Story.LEGACY,
        cast_key=cast_key,
    )


class _NamePicker:
    """Facility names, unique within the organisation: the stems first, then qualified by sector."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: dict[str, None] = {}

    def take(self, name: str) -> str:
        self._used[name] = None
        return name

    def draw(self, sector: str | None) -> str:
        free = [stem for stem in NAME_STEMS if stem not in self._used]
        if not free and sector:
            free = [f"{stem} ({sector})" for stem in NAME_STEMS if f"{stem} ({sector})" not in self._used]
        if free:
            return self.take(self._rng.choice(free))
        stem = self._rng.choice(NAME_STEMS)
        base, number = f"{stem} ({sector})" if sector else stem, 2
        while f"{base} {number}" in self._used:
            number += 1
        return self.take(f"{base} {number}")

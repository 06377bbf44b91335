"""Applications generator: about three applications per place, the demand a big town's front desk holds at
the end of November, for the January entries and the next rentrée.

Most applicants are new families with a baby (born in the last two years, or expected within three
months); one in ten is a family with a child already in care applying for a younger one (their brothers
and sisters criterion), and a few ask for twins together. Each application ranks one to five facilities,
the family's sector first, among those with a section for the child's age on the wished start; the week is
full time for most, three or four days or some half-days for the others. One in five still misses a
document; a few were withdrawn.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils.text import slugify

from ribambelle.demo.bulk import bulk_load
from ribambelle.demo.context import SeedContext
from ribambelle.demo.generators.care_frames import Frame, frames
from ribambelle.demo.generators.families import BOYS, FATHERS, GIRLS, MOTHERS, NamePools, money, monthly_resources
from ribambelle.families.enums import (
    REQUIRED_DOCUMENTS,
    ApplicationDocument,
    ApplicationStatus,
    DayPart,
    ResourcesSource,
)
from ribambelle.families.models import Application, ApplicationChoice, Child, Family, FamilySituation
from ribambelle.families.models.family import months_of_age
from ribambelle.rules.authorisation import add_months
from ribambelle.territory.models import Section

APPLICATIONS_PER_PLACE = 3
_SIBLING_SHARE = 0.10
_TWINS_SHARE = 0.02
_SEPTEMBER_SHARE = 0.65
_MISSING_DOCUMENT_SHARE = 0.20
_WITHDRAWN_SHARE = 0.04
_FULL_TIME_SHARE = 0.6
_CHOICES_WEIGHTS = {1: 15, 2: 25, 3: 35, 4: 15, 5: 10}


def generate(ctx: SeedContext) -> None:
    places = sum(section.places for section in ctx.created(Section))
    if places == 0:
        return
    maker = _Applications(ctx, frames(ctx))
    with bulk_load(Family, FamilySituation, Child, Application, ApplicationChoice):
        maker.run(APPLICATIONS_PER_PLACE * places)


class _Applications:
    def __init__(self, ctx: SeedContext, facility_frames: list[Frame]) -> None:
        self.ctx, self.rng = ctx, random.Random(f"applications:{ctx.seed}")
        self.frames = [frame for frame in facility_frames if frame.sections and frame.facility.closed_on is None]
        self.pools = NamePools(ctx)
        self.january = _first_weekday(date(ctx.on.year + 1, 1, 2))  # the 1st is a public holiday
        self.september = _first_weekday(date(ctx.on.year + 1, 9, 1))
        self._by_age: dict[int, dict[int | None, list[Section]]] = {}

    def run(self, count: int) -> None:
        ctx, rng = self.ctx, self.rng
        in_care = [child for child in ctx.created(Child) if child.birth_on and child.birth_on > add_months(ctx.on, -36)]
        families: list[Family] = []
        children: list[Child] = []
        applicants: list[tuple[Child, date]] = []
        while len(applicants) < count:
            start = self.september if rng.random() < _SEPTEMBER_SHARE else self.january
            if in_care and rng.random() < _SIBLING_SHARE:
                family = rng.choice(in_care).family
            else:
                family = self._family(len(families))
                families.append(family)
            twins = rng.random() < _TWINS_SHARE
            birth = self._birth(start)
            for _ in range(2 if twins else 1):
                children.append(self._child(family, birth))
                applicants.append((children[-1], start))
        ctx.create(Family, families)
        ctx.create(FamilySituation, [self._situation(family) for family in families])
        for child in children:  # the new families got their keys just now
            child.family = child.family
        ctx.create(Child, children)
        applications, choices = [], []
        for child, start in applicants:
            wishes = self._wishes(child, start)
            if not wishes:
                continue
            applications.append(self._application(child, start))
            choices.append(wishes)
        ctx.create(Application, applications)
        ctx.create(
            ApplicationChoice,
            [
                ApplicationChoice(application=application, rank=rank, facility=section.facility, section=section)
                for application, wishes in zip(applications, choices, strict=True)
                for rank, section in enumerate(wishes, start=1)
            ],
        )

    def _family(self, serial: int) -> Family:
        rng, pools = self.rng, self.pools
        last_name = rng.choice(pools.last_names)
        first_name = rng.choice(MOTHERS if rng.random() < 0.8 else FATHERS)
        home = rng.choice(self.frames).facility
        return Family(
            organisation=self.ctx.named["organisation"],
            reference=f"D-{self.ctx.on.year}-{serial + 1:05d}",
            parent_first_name=first_name,
            parent_last_name=last_name,
            email=f"{slugify(first_name)}.{slugify(last_name)}{serial % 89}@example.org",
            address=f"{rng.randint(1, 120)} {rng.choice(pools.streets)}",
            postcode=home.postcode,
            city=home.city,
            sector_id=home.sector_id,
        )

    def _situation(self, family: Family) -> FamilySituation:
        return FamilySituation(
            family=family,
            valid_from=date(self.ctx.on.year, 1, 1),
            monthly_resources=money(monthly_resources(self.rng)),
            resources_source=ResourcesSource.TAX_NOTICE,
            dependent_children=self.rng.choice((1, 1, 2, 2, 3)),
        )

    def _birth(self, start: date) -> date:
        """Born 3 to 24 months before the wished start (a baby due before then, when it is not born yet)."""
        return start - timedelta(days=self.rng.randint(95, 730))

    def _child(self, family: Family, birth: date) -> Child:
        born = birth <= self.ctx.on
        return Child(
            family=family,
            first_name=self.rng.choice(GIRLS if self.rng.random() < 0.5 else BOYS),
            last_name=family.parent_last_name,
            birth_on=birth if born else None,
            expected_birth_on=None if born else birth,
        )

    def _wishes(self, child: Child, start: date) -> list[Section]:
        """One to five sections taking the child's age on ``start``, in different facilities, the family's
        sector first (drawn, not sorted: a city has a thousand sections)."""
        age = months_of_age(child.birth_on or child.expected_birth_on, start)  # type: ignore[arg-type]
        by_sector = self._fitting(age)
        count = self.rng.choices(list(_CHOICES_WEIGHTS), list(_CHOICES_WEIGHTS.values()))[0]
        home = by_sector.get(child.family.sector_id, [])
        others = by_sector.get(None, [])
        picked = self.rng.sample(home, min(count, len(home)))
        picked += self.rng.sample(others, min(count + len(home), len(others)))
        wishes: list[Section] = []
        for section in picked:
            if len(wishes) < count and all(section.facility_id != wish.facility_id for wish in wishes):
                wishes.append(section)
        return wishes

    def _fitting(self, age: int) -> dict[int | None, list[Section]]:
        """The sections taking a child of ``age`` months, by sector, and all of them under None."""
        if age not in self._by_age:
            found: dict[int | None, list[Section]] = {None: []}
            for frame in self.frames:
                for section in frame.sections:
                    if section.min_age_months <= age < section.max_age_months:
                        found.setdefault(frame.facility.sector_id, []).append(section)
                        found[None].append(section)
            self._by_age[age] = found
        return self._by_age[age]

    def _application(self, child: Child, start: date) -> Application:
        rng, on = self.rng, self.ctx.on
        received = on - timedelta(days=rng.randint(0, 300))
        documents = [document.value for document in ApplicationDocument]
        if rng.random() < _MISSING_DOCUMENT_SHARE:
            documents.remove(rng.choice(REQUIRED_DOCUMENTS).value)
        status = (
            ApplicationStatus.COMPLETE if len(documents) == len(ApplicationDocument) else ApplicationStatus.RECEIVED
        )
        if rng.random() < _WITHDRAWN_SHARE:
            status = ApplicationStatus.WITHDRAWN
        return Application(
            family=child.family,
            child=child,
            received_on=received,
            desired_start_on=start,
            week=self._week(),
            documents=documents,
            accepts_separate_facilities=rng.random() < 0.5,
            status=status,
        )

    def _week(self) -> list[dict[str, object]]:
        rng = self.rng
        if rng.random() < _FULL_TIME_SHARE:
            return [{"weekday": day, "part": DayPart.DAY.value} for day in range(5)]
        days = sorted(rng.sample(range(5), rng.choice((2, 3, 4))))
        parts = (DayPart.DAY, DayPart.DAY, DayPart.MORNING, DayPart.AFTERNOON)
        return [{"weekday": day, "part": rng.choice(parts).value} for day in days]


def _first_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day

"""The named world of the tests; its logins are the demo's (see docs/guide and README)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from ribambelle.accounts.enums import Role
from ribambelle.accounts.models import User
from ribambelle.care import services as care_services
from ribambelle.care.enums import ContractKind
from ribambelle.care.models import Contract
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.territory.enums import (
    FacilityType,
    Funding,
    ManagementMode,
    OrganisationKind,
    SectionKind,
)
from ribambelle.territory.models import (
    Authorisation,
    Facility,
    OpeningHours,
    Organisation,
    Section,
    Sector,
)

PASSWORD = "ribambelle"


@dataclass
class Cast:
    organisation: Organisation
    nord: Sector
    sud: Sector
    lucioles: Facility
    coccinelles: Facility
    coordinatrice: User
    directrice: User
    directrice_coccinelles: User
    elu: User
    rh: User
    admin: User
    martin: Family
    leo: Child
    leo_contract: Contract
    bernard: Family
    ines: Child
    ines_contract: Contract

    def user(self, role: Role) -> User:
        return {
            Role.COORDINATOR: self.coordinatrice,
            Role.DIRECTOR: self.directrice,
            Role.ELECTED: self.elu,
            Role.HR: self.rh,
            Role.ADMINISTRATOR: self.admin,
        }[role]


def _user(username: str, first: str, last: str, role: Role, organisation: Organisation) -> User:
    user = User(username=username, first_name=first, last_name=last, role=role, organisation=organisation)
    user.set_password(PASSWORD)
    user.save()
    return user


def _facility(organisation: Organisation, sector: Sector, name: str, capacity: int) -> Facility:
    facility = Facility.objects.create(
        organisation=organisation,
        sector=sector,
        name=name,
        facility_type=FacilityType.MULTI_ACCUEIL,
        management_mode=ManagementMode.REGIE,
        funding=Funding.PSU,
        address="1 rue des Écoles",
        postcode="69100",
        city="Villeurbanne",
        caf_file_number="AFC-2019-0042",
        caf_equipment_id="IDEQU-0042",
    )
    for weekday in range(5):
        OpeningHours.objects.create(facility=facility, weekday=weekday, opens_at=time(7, 30), closes_at=time(18, 30))
    Authorisation.objects.create(
        facility=facility,
        decided_on=date(2025, 6, 2),
        valid_from=date(2025, 7, 1),
        expires_on=date(2040, 6, 1),
        capacity=capacity,
        min_age_months=2,
        max_age_months=48,
    )
    Section.objects.create(
        facility=facility, name="Bébés", kind=SectionKind.BABIES, min_age_months=2, max_age_months=18, places=10
    )
    Section.objects.create(
        facility=facility,
        name="Grands",
        kind=SectionKind.OLDER,
        min_age_months=18,
        max_age_months=48,
        places=capacity - 10,
    )
    return facility


def _family(organisation: Organisation, sector: Sector, last_name: str, first_name: str, reference: str) -> Family:
    family = Family.objects.create(
        organisation=organisation,
        reference=reference,
        parent_first_name=first_name,
        parent_last_name=last_name,
        address="2 rue des Tilleuls",
        postcode="69100",
        city="Villeurbanne",
        sector=sector,
    )
    FamilySituation.objects.create(
        family=family,
        valid_from=date(2025, 1, 1),
        monthly_resources=Decimal("3200.00"),
        resources_source=ResourcesSource.CAF,
        dependent_children=2,
    )
    return family


def _contract(
    child: Child, facility: Facility, days: tuple[int, ...], span: tuple[date, date], actor: User
) -> Contract:
    """A regular signed contract, 8:30–17:30 on ``days``, 45 weeks a year."""
    schedule = [care_services.SchedulePeriod(day, 8 * 60 + 30, 17 * 60 + 30) for day in days]
    contract = care_services.contract_create(
        child=child,
        facility=facility,
        section=None,
        kind=ContractKind.REGULAR,
        starts_on=span[0],
        ends_on=span[1],
        schedule=schedule,
        attendance_weeks=45,
        actor=actor,
    )
    return care_services.contract_sign(contract=contract, actor=actor)


def build_cast() -> Cast:
    organisation = Organisation.objects.create(
        name="Ville de Villeurbanne-sur-Test",
        kind=OrganisationKind.COMMUNE,
        siren="216902662",
        insee_code="69266",
        population=45000,
    )
    nord = Sector.objects.create(organisation=organisation, name="Nord")
    sud = Sector.objects.create(organisation=organisation, name="Sud")
    lucioles = _facility(organisation, nord, "Les Lucioles", 30)
    coccinelles = _facility(organisation, sud, "Les Coccinelles", 24)
    directrice = _user("directrice", "Nadia", "Haddad", Role.DIRECTOR, organisation)
    other_director = _user("directrice2", "Amélie", "Durand", Role.DIRECTOR, organisation)
    lucioles.directors.add(directrice)
    coccinelles.directors.add(other_director)
    coordinatrice = _user("coordinatrice", "Claire", "Moreau", Role.COORDINATOR, organisation)
    martin = _family(organisation, nord, "Martin", "Julie", "F-2025-0001")
    leo = Child.objects.create(family=martin, first_name="Léo", last_name="Martin", birth_on=date(2025, 9, 10))
    bernard = _family(organisation, sud, "Bernard", "Karim", "F-2025-0002")
    ines = Child.objects.create(
        family=bernard, first_name="Inès", last_name="Bernard", birth_on=date(2024, 3, 2), walks_since=date(2025, 3, 20)
    )
    leo_contract = _contract(leo, lucioles, (0, 1, 2, 3, 4), (date(2026, 1, 5), date(2026, 12, 31)), coordinatrice)
    ines_contract = _contract(ines, coccinelles, (0, 1, 3), (date(2026, 9, 1), date(2027, 7, 31)), coordinatrice)
    return Cast(
        organisation=organisation,
        nord=nord,
        sud=sud,
        lucioles=lucioles,
        coccinelles=coccinelles,
        coordinatrice=coordinatrice,
        directrice=directrice,
        directrice_coccinelles=other_director,
        elu=_user("elu", "Gérard", "Roux", Role.ELECTED, organisation),
        rh=_user("rh", "Sophie", "Lefèvre", Role.HR, organisation),
        admin=_user("admin", "Alex", "Martin", Role.ADMINISTRATOR, organisation),
        martin=martin,
        leo=leo,
        leo_contract=leo_contract,
        bernard=bernard,
        ines=ines,
        ines_contract=ines_contract,
    )

"""The demo town's CAF identifiers, FILOUE consents, social-security schemes and children with a disability."""

from __future__ import annotations

from django.db.models import Count

from ribambelle.families.enums import SocialSecurityScheme
from ribambelle.families.models import Child, Family
from ribambelle.territory.enums import Funding
from ribambelle.territory.models import Facility, Organisation


def test_the_demo_organisation_has_its_caf_code_and_psu_facilities_their_identifiers(town):
    organisation = Organisation.objects.get()
    psu = Facility.objects.filter(funding=Funding.PSU)

    assert len(organisation.caf_code) == 3 and organisation.caf_code.isdigit()
    assert psu.exists() and not psu.filter(caf_file_number="").exists() and not psu.filter(caf_equipment_id="").exists()


def test_about_85_percent_of_the_demo_families_in_care_agree_to_filoue(town):
    """Families still on the waiting list are asked when their contract is signed: none has agreed yet."""
    in_care = Family.objects.filter(children__contracts__isnull=False).distinct()

    share = in_care.filter(filoue_consent=True).count() / in_care.count()

    assert 0.78 <= share <= 0.92


def test_a_few_demo_families_depend_on_the_msa_or_another_scheme(town):
    in_care = Family.objects.filter(children__contracts__isnull=False).distinct()

    schemes = dict(in_care.values_list("social_security_scheme").annotate(n=Count("pk", distinct=True)))

    assert schemes[SocialSecurityScheme.GENERAL] > 0.9 * sum(schemes.values())
    assert schemes.get(SocialSecurityScheme.AGRICULTURAL, 0) > 0 and schemes.get(SocialSecurityScheme.OTHER, 0) > 0


def test_a_few_demo_children_have_a_disability_none_of_the_named_ones(town):
    in_care = Child.objects.filter(contracts__isnull=False).distinct()

    disabled = in_care.filter(disability=True)
    assert 0 < disabled.count() <= 0.05 * in_care.count()
    assert not disabled.filter(first_name__in=["Léo", "Inès"]).exists()

"""The contract pages: the facility's list, the contract page (versions, fee explanation, history), the new
contract and amendment forms, and the family situation change that recomputes fees."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ribambelle.care import services
from ribambelle.care.enums import ContractKind, ContractStatus, VersionReason
from ribambelle.care.models import Contract
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family, FamilySituation

SPRING = "2026-03-02 10:00 +01:00"


def _schedule(days=range(5), arrival="08:30", departure="17:30"):
    return {
        field: value for day in days for field, value in ((f"arrival_{day}", arrival), (f"departure_{day}", departure))
    }


def _new_contract(cast, child, **overrides):
    data = {
        "child": child.pk,
        "section": "",
        "kind": ContractKind.REGULAR,
        "starts_on": "2026-09-01",
        "ends_on": "2027-07-09",
        "attendance_weeks": "45",
    } | _schedule(range(4))
    return data | overrides


def _sibling(cast, born=date(2025, 11, 20)):
    return Child.objects.create(family=cast.martin, first_name="Zoé", last_name="Martin", birth_on=born)


def _detail(client, cast):
    url = reverse("care:contract_detail", args=[cast.lucioles.pk, cast.leo_contract.pk])
    return client.get(url).content.decode()


@time_machine.travel(SPRING, tick=False)
def test_a_director_sees_her_facilitys_contracts_with_weekly_hours_and_fee(cast, client):
    client.force_login(cast.directrice)

    page = client.get(reverse("care:contract_list", args=[cast.lucioles.pk])).content.decode()

    assert "Léo Martin" in page and "Accueil régulier" in page
    assert "45 h" in page and "1,65\u00a0€" in page and "Inès Bernard" not in page


@time_machine.travel("2027-01-11 10:00 +01:00", tick=False)
def test_a_contract_that_has_ended_leaves_the_list(cast, client):
    client.force_login(cast.directrice)

    page = client.get(reverse("care:contract_list", args=[cast.lucioles.pk])).content.decode()

    assert "Léo Martin" not in page and "Aucun contrat en cours ni à venir." in page


@time_machine.travel(SPRING, tick=False)
def test_the_contract_list_reads_a_fixed_number_of_queries(cast, client, django_assert_max_num_queries):
    client.force_login(cast.coordinatrice)
    for day in (2, 3, 4):
        client.post(
            reverse("care:contract_create", args=[cast.lucioles.pk]),
            _new_contract(cast, _sibling(cast, date(2025, 11, day))),
        )

    with django_assert_max_num_queries(8):
        page = client.get(reverse("care:contract_list", args=[cast.lucioles.pk])).content.decode()

    assert page.count(">Zoé Martin</a>") == 3


def test_the_contract_page_explains_the_fee_with_the_texts_applied(cast, client):
    client.force_login(cast.directrice)

    page = _detail(client, cast)

    assert "Comment est-il calculé ?" in page and "dossier F-2025-0001" in page
    # 3 200 € × 0,0516 % = 1,6512 € → 1,65 €.
    assert "3\u202f200,00\u00a0€ × 0,0516 % = 1,6512 €" in page and "plancher 801,00\u00a0€" in page
    assert "psu.effort_rate_collective" in page and "non vérifiée" in page


def test_the_contract_page_shows_who_created_the_contract_and_its_version(cast, client):
    client.force_login(cast.directrice)

    page = _detail(client, cast)

    # Created, its first version, then signed: three changes by the coordinator.
    assert page.count("Claire Moreau") == 3 and "Version du contrat : Contrat initial au 05/01/2026" in page
    assert "lundi 08:30–17:30 ; mardi 08:30–17:30" in page


@time_machine.travel(SPRING, tick=False)
def test_a_director_creates_a_regular_contract_and_lands_on_its_page(cast, client):
    client.force_login(cast.directrice)
    zoe = _sibling(cast)

    response = client.post(
        reverse("care:contract_create", args=[cast.lucioles.pk]), _new_contract(cast, zoe), follow=True
    )

    contract = Contract.objects.get(child=zoe)
    assert contract.facility == cast.lucioles and contract.versions.get().weekly_minutes == 4 * 9 * 60
    assert "Le contrat de Zoé Martin est enregistré : tarif horaire 1,65\u00a0€." in response.content.decode()
    assert contract.history.get().history_user == cast.directrice


def test_the_new_contract_form_preselects_the_child_named_in_the_address(cast, client):
    client.force_login(cast.directrice)
    zoe = _sibling(cast)

    page = client.get(reverse("care:contract_create", args=[cast.lucioles.pk]), {"enfant": zoe.pk}).content.decode()

    assert f'<option value="{zoe.pk}" selected>MARTIN Zoé (né·e le 20/11/2025, dossier F-2025-0001)</option>' in page
    assert '<label for="id_arrival_0" class="visually-hidden">Arrivée le lundi</label>' in page


def _leo(cast):
    return cast.leo


def _newborn(cast):
    return _sibling(cast, date(2026, 2, 20))


@pytest.mark.parametrize(
    ("child_of", "overrides", "message"),
    [
        (
            _leo,
            {"starts_on": "2026-06-01", "ends_on": "2026-12-18"},
            "Léo Martin a déjà un contrat dans cet établissement sur cette période.",
        ),
        (
            _sibling,
            _schedule([0], arrival="07:00"),
            "Les horaires du lundi sortent des heures d&#x27;ouverture (07:30–18:30).",
        ),
        (
            _newborn,
            {"starts_on": "2026-03-02", "ends_on": "2026-07-31"},
            "Zoé Martin n&#x27;aura pas l&#x27;âge minimal de l&#x27;autorisation (2 mois) au 02/03/2026.",
        ),
    ],
    ids=["overlap", "outside opening hours", "too young"],
)
def test_a_refused_contract_says_why_in_french_and_writes_nothing(cast, client, child_of, overrides, message):
    client.force_login(cast.directrice)
    child = child_of(cast)
    before = Contract.objects.count()

    response = client.post(
        reverse("care:contract_create", args=[cast.lucioles.pk]), _new_contract(cast, child, **overrides)
    )

    assert response.status_code == 200 and message in response.content.decode()
    assert Contract.objects.count() == before


def test_a_departure_before_the_arrival_is_tied_to_its_field(cast, client):
    client.force_login(cast.directrice)

    page = client.post(
        reverse("care:contract_create", args=[cast.lucioles.pk]),
        _new_contract(cast, _sibling(cast), **_schedule([1], arrival="17:00", departure="09:00")),
    ).content.decode()

    assert "Le départ du mardi doit suivre l&#x27;arrivée." in page
    assert 'aria-describedby="id_departure_1_error"' in page and "data-rb-focus" in page


def test_unknown_resources_without_a_local_choice_are_refused_with_the_rules_message(cast, client):
    client.force_login(cast.directrice)
    FamilySituation.objects.create(
        family=cast.martin,
        valid_from=date(2026, 8, 1),
        monthly_resources=0,
        resources_source=ResourcesSource.UNKNOWN,
        dependent_children=2,
    )

    page = client.post(
        reverse("care:contract_create", args=[cast.lucioles.pk]), _new_contract(cast, _sibling(cast))
    ).content.decode()

    assert "Choix local manquant" in page and not Contract.objects.filter(child__first_name="Zoé").exists()


@time_machine.travel(SPRING, tick=False)
def test_the_amendment_form_starts_from_the_terms_in_force(cast, client):
    client.force_login(cast.directrice)

    page = client.get(reverse("care:contract_amend", args=[cast.lucioles.pk, cast.leo_contract.pk])).content.decode()

    assert 'name="arrival_0" value="08:30"' in page and 'name="attendance_weeks" value="45"' in page
    assert 'name="arrival_5" id="id_arrival_5"' in page


def test_an_amendment_adds_a_version_from_its_date_and_keeps_the_first(cast, client):
    client.force_login(cast.directrice)
    data = {"valid_from": "2026-09-01", "attendance_weeks": "40"} | _schedule(range(3))

    response = client.post(
        reverse("care:contract_amend", args=[cast.lucioles.pk, cast.leo_contract.pk]), data, follow=True
    )

    versions = list(cast.leo_contract.versions.order_by("valid_from"))
    assert [v.reason for v in versions] == [VersionReason.INITIAL, VersionReason.AMENDMENT]
    assert versions[1].weekly_minutes == 27 * 60 and versions[1].attendance_weeks == 40
    page = response.content.decode()
    assert "L&#x27;avenant au 01/09/2026 est enregistré : tarif horaire 1,65\u00a0€." in page
    assert "Version du 01/09/2026 : avenant (horaires ou semaines)" in page and "Version du 05/01/2026" in page


def test_an_amendment_before_the_contract_starts_is_refused(cast, client):
    client.force_login(cast.directrice)
    data = {"valid_from": "2025-12-01", "attendance_weeks": "40"} | _schedule(range(3))

    page = client.post(reverse("care:contract_amend", args=[cast.lucioles.pk, cast.leo_contract.pk]), data)

    assert "Un avenant prend effet après le début du contrat et avant sa fin." in page.content.decode()
    assert cast.leo_contract.versions.count() == 1


def test_a_situation_change_recomputes_the_fee_as_a_new_version(cast, client):
    client.force_login(cast.directrice)
    data = {
        "valid_from": "2026-03-01",
        "monthly_resources": "4000",
        "resources_source": ResourcesSource.TAX_NOTICE,
        "dependent_children": "2",
        "aeeh_children": "0",
    }

    response = client.post(reverse("care:family_situation_change", args=[cast.martin.pk]), data, follow=True)

    # 4 000 € × 0,0516 % = 2,064 → 2,06 €/h from 1 March; the first version keeps 1,65 €.
    page = response.content.decode()
    assert "Nouvelle version du contrat de Léo Martin à Les Lucioles au 01/03/2026 : tarif horaire 2,06\u00a0€." in page
    fees = [(v.reason, str(v.hourly_fee)) for v in cast.leo_contract.versions.order_by("valid_from")]
    assert fees == [(VersionReason.INITIAL, "1.65"), (VersionReason.SITUATION, "2.06")]
    assert "4\u202f000,00\u00a0€ × 0,0516 % = 2,064 €" in _detail(client, cast)


def test_a_situation_change_of_a_family_without_running_contract_says_so(cast, client):
    client.force_login(cast.coordinatrice)
    data = {
        "valid_from": "2028-01-01",
        "monthly_resources": "2500",
        "resources_source": ResourcesSource.CAF,
        "dependent_children": "3",
        "aeeh_children": "0",
    }

    response = client.post(reverse("care:family_situation_change", args=[cast.martin.pk]), data, follow=True)

    assert "Aucun contrat en cours ou à venir n&#x27;est concerné." in response.content.decode()


def test_the_situation_form_starts_from_the_current_situation(cast, client):
    client.force_login(cast.directrice)

    page = client.get(reverse("care:family_situation_change", args=[cast.martin.pk])).content.decode()

    assert 'name="monthly_resources" value="3200.00"' in page and "depuis le 01/01/2025" in page


def test_the_index_lists_the_directors_facility_and_carries_the_child(cast, client):
    client.force_login(cast.directrice)
    zoe = _sibling(cast)

    page = client.get(reverse("care:contract_index"), {"enfant": zoe.pk}).content.decode()

    assert "Les Lucioles" in page and "Les Coccinelles" not in page
    assert f"{reverse('care:contract_create', args=[cast.lucioles.pk])}?enfant={zoe.pk}" in page


def test_the_index_ignores_a_child_of_another_organisation(cast, client):
    client.force_login(cast.coordinatrice)
    stranger = Family.objects.create(
        organisation=_other_organisation(),
        reference="X-1",
        parent_first_name="Ana",
        parent_last_name="Silva",
        address="1 rue",
        postcode="75001",
        city="Paris",
    )
    child = Child.objects.create(family=stranger, first_name="Tom", last_name="Silva", birth_on=date(2025, 1, 1))

    page = client.get(reverse("care:contract_index"), {"enfant": child.pk}).content.decode()

    assert "Tom Silva" not in page and "?enfant=" not in page


@pytest.mark.parametrize(
    ("login", "shown"), [("directrice", True), ("coordinatrice", True), ("elu", False), ("rh", False)]
)
def test_the_contracts_entry_shows_to_those_who_see_a_facilitys_children(cast, client, login, shown):
    client.force_login(getattr(cast, login))

    page = client.get(reverse("territory:cockpit")).content.decode()

    assert (f'href="{reverse("care:contract_index")}"' in page) is shown


def _other_organisation():
    from ribambelle.territory.enums import OrganisationKind
    from ribambelle.territory.models import Organisation

    return Organisation.objects.create(
        name="Autre ville", kind=OrganisationKind.COMMUNE, siren="123456789", population=900
    )


def test_a_director_is_never_offered_the_children_of_other_facilities(cast):
    from ribambelle.care.selectors import contract_child_choices

    offered = set(contract_child_choices(user=cast.directrice))

    assert cast.leo in offered and cast.ines not in offered


def _draft(cast):
    """A draft contract of Léo in 2027 at Les Lucioles (the cast's contracts are signed)."""
    return services.contract_create(
        child=cast.leo,
        facility=cast.lucioles,
        section=None,
        kind=ContractKind.REGULAR,
        starts_on=date(2027, 1, 4),
        ends_on=date(2027, 6, 30),
        schedule=[services.SchedulePeriod(day, 8 * 60, 12 * 60) for day in range(5)],
        attendance_weeks=20,
        actor=cast.coordinatrice,
    )


def test_a_director_marks_a_draft_contract_as_signed_and_the_history_names_her(cast, client):
    draft = _draft(cast)
    client.force_login(cast.directrice)

    response = client.post(reverse("care:contract_sign", args=[cast.lucioles.pk, draft.pk]), follow=True)

    draft.refresh_from_db()
    assert draft.status == ContractStatus.SIGNED
    assert draft.history.latest().history_user == cast.directrice
    assert "Le contrat de Léo Martin est signé." in response.content.decode()
    assert "Marquer le contrat comme signé" not in response.content.decode()


def test_a_signed_contract_cannot_be_cancelled(cast, client):
    client.force_login(cast.directrice)
    url = reverse("care:contract_cancel", args=[cast.lucioles.pk, cast.leo_contract.pk])

    response = client.post(url, follow=True)

    cast.leo_contract.refresh_from_db()
    assert cast.leo_contract.status == ContractStatus.SIGNED
    assert "Seul un contrat en brouillon (non signé) peut être annulé." in response.content.decode()


def test_a_draft_with_attendance_cannot_be_cancelled(cast):
    draft = _draft(cast)
    services.attendance_arrive(
        child=cast.leo, facility=cast.lucioles, on=date(2027, 1, 4), at=time(8, 30), actor=cast.directrice
    )

    with pytest.raises(ValidationError, match="Des présences sont déjà enregistrées sous ce contrat"):
        services.contract_cancel(contract=draft, actor=cast.coordinatrice)


def test_a_cancelled_draft_frees_its_period(cast):
    draft = _draft(cast)

    services.contract_cancel(contract=draft, actor=cast.coordinatrice)

    again = _draft(cast)
    assert again.status == ContractStatus.DRAFT
    assert not Contract.objects.filter(child=cast.leo).active_on(date(2027, 1, 4)).exclude(pk=again.pk).exists()


def test_a_draft_contract_is_billed_with_a_note_asking_for_its_signature(cast):
    from ribambelle.care.statements import month_statements
    from tests.care.statement_month import set_rounding

    set_rounding(cast)
    draft = _draft(cast)

    (statement,) = [s for s in month_statements(facility=cast.lucioles, month=date(2027, 1, 1)) if s.contract == draft]

    assert "Contrat non signé (brouillon) : faites-le signer avant d'envoyer le relevé." in statement.notes
    assert not statement.error and statement.billed_minutes > 0

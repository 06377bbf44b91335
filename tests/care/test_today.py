"""The today page of a facility: the board, the taps (plain POST and htmx) and the live counts."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ribambelle.care import services
from ribambelle.care.enums import AbsenceReason, ContractKind
from ribambelle.care.models import Absence, Attendance
from ribambelle.families.models import Child
from ribambelle.territory import services as territory_services
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import Closure

MONDAY = date(2026, 3, 2)
ASCENSION = date(2026, 5, 14)
PARIS = ZoneInfo("Europe/Paris")


def _page(client, cast, on=MONDAY, facility=None):
    url = reverse("care:today", args=[(facility or cast.lucioles).pk])
    return client.get(url, {"date": on.isoformat()})


def _post(client, cast, action, htmx=False, follow=False, **data):
    fields = {"on": MONDAY.isoformat(), "child": cast.leo.pk} | data
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse(f"care:{action}", args=[cast.lucioles.pk]), fields, headers=headers, follow=follow)


def _arrive(cast, at=time(8, 40), on=MONDAY):
    services.attendance_arrive(child=cast.leo, facility=cast.lucioles, on=on, at=at, actor=cast.directrice)


def _set_ratio_option(cast, value="5-8"):
    territory_services.rule_choice_set(
        organisation=cast.organisation,
        facility=None,
        key="ratio.option",
        value=value,
        valid_from=date(2026, 1, 1),
        act="Délibération du conseil municipal du 15/12/2025",
        actor=cast.coordinatrice,
    )


def _counts(response):
    """The live region, as text: from its opening tag to the children's list."""
    text = response.content.decode()
    return text[text.index('id="comptes"') : text.index('id="enfants"')]


def test_the_board_lists_leo_on_a_monday_of_his_contract(cast, client):
    client.force_login(cast.directrice)

    response = _page(client, cast)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Léo Martin" in page and "Prévu : 8 h 30 – 17 h 30" in page
    assert 'Arrivée<span class="visually-hidden"> de Léo Martin</span>' in page
    assert "Inès Bernard" not in page


def test_the_time_defaults_to_the_current_minute_on_the_current_day(cast, client):
    client.force_login(cast.directrice)

    with time_machine.travel(datetime(2026, 3, 2, 8, 47, 31, tzinfo=PARIS), tick=False):
        page = client.get(reverse("care:today", args=[cast.lucioles.pk])).content.decode()

    assert 'name="at" value="08:47" required data-rb-now' in page


def test_a_tap_records_an_arrival_with_the_actor_in_the_history(cast, client):
    client.force_login(cast.directrice)

    response = _post(client, cast, "today_arrive", at="08:45")

    attendance = Attendance.objects.get(child=cast.leo, on=MONDAY)
    assert attendance.arrived_at == time(8, 45) and attendance.left_at is None
    assert attendance.history.latest().history_user == cast.directrice
    assert response.status_code == 302
    assert response.url == f"{reverse('care:today', args=[cast.lucioles.pk])}?date=2026-03-02"


def test_a_departure_after_the_contracted_time_is_flagged_as_a_late_pickup(cast, client):
    client.force_login(cast.directrice)
    _arrive(cast)

    response = _post(client, cast, "today_leave", at="17:45")

    assert Attendance.objects.get(child=cast.leo, on=MONDAY).late_pickup
    page = client.get(response.url).content.decode()
    assert "Départ de Léo Martin à 17 h 45. Départ après l&#x27;heure prévue au contrat." in page
    assert '<span class="badge badge-warning">départ tardif</span>' in page


def test_an_absence_is_recorded_with_its_reason(cast, client):
    client.force_login(cast.directrice)

    response = _post(client, cast, "today_absence", reason=AbsenceReason.ILLNESS_WITH_CERTIFICATE)

    assert Absence.objects.get(child=cast.leo, on=MONDAY).reason == AbsenceReason.ILLNESS_WITH_CERTIFICATE
    page = client.get(response.url).content.decode()
    assert "absent·e : Maladie avec certificat médical" in page


def test_an_absence_without_a_reason_is_refused(cast, client):
    client.force_login(cast.directrice)

    response = _post(client, cast, "today_absence", follow=True)

    assert not Absence.objects.exists()
    assert "Choisissez le motif de l&#x27;absence." in response.content.decode()


def test_an_absence_can_be_withdrawn(cast, client):
    client.force_login(cast.directrice)
    services.absence_record(
        child=cast.leo, facility=cast.lucioles, on=MONDAY, reason=AbsenceReason.FAMILY_LEAVE, actor=cast.directrice
    )

    _post(client, cast, "today_absence_cancel")

    assert not Absence.objects.exists()


def test_an_arrival_on_a_day_the_child_is_absent_is_refused_in_french(cast, client):
    client.force_login(cast.directrice)
    services.absence_record(
        child=cast.leo, facility=cast.lucioles, on=MONDAY, reason=AbsenceReason.FAMILY_LEAVE, actor=cast.directrice
    )

    response = _post(client, cast, "today_arrive", follow=True, at="08:45")

    assert not Attendance.objects.exists()
    assert "Léo Martin est noté·e absent·e ce jour : retirez d&#x27;abord l&#x27;absence." in response.content.decode()


def test_a_closure_day_shows_a_banner_and_refuses_taps(cast, client):
    client.force_login(cast.directrice)
    Closure.objects.create(
        facility=cast.lucioles, kind=ClosureKind.PUBLIC_HOLIDAY, start_on=ASCENSION, end_on=ASCENSION
    )

    response = _post(client, cast, "today_arrive", on=ASCENSION.isoformat(), at="08:45")

    assert not Attendance.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Établissement fermé ce jour (Jour férié) : aucun pointage possible." in page
    assert "<strong>Établissement fermé ce jour</strong> : Jour férié, du 14/05/2026 au 14/05/2026." in page
    assert 'name="at"' not in page


def test_a_day_still_to_come_is_shown_but_not_tapped(cast, client):
    client.force_login(cast.directrice)

    with time_machine.travel(datetime(2026, 3, 1, 18, 0, tzinfo=PARIS), tick=False):
        page = _page(client, cast).content.decode()
        _post(client, cast, "today_arrive", at="08:45")

    assert "Léo Martin" in page and 'name="at"' not in page
    assert not Attendance.objects.exists()


def test_a_child_under_contract_who_was_not_expected_can_arrive(cast, client):
    client.force_login(cast.directrice)
    lina = Child.objects.create(family=cast.martin, first_name="Lina", last_name="Martin", birth_on=date(2024, 5, 2))
    services.contract_create(
        child=lina,
        facility=cast.lucioles,
        section=None,
        kind=ContractKind.OCCASIONAL,
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 6, 30),
        schedule=[],
        attendance_weeks=None,
        actor=cast.coordinatrice,
    )
    assert f'<option value="{lina.pk}">Lina Martin</option>' in _page(client, cast).content.decode()

    _post(client, cast, "today_arrive", child=lina.pk, at="09:10")

    assert Attendance.objects.get(child=lina).contract.kind == ContractKind.OCCASIONAL


def test_an_htmx_refusal_for_a_child_not_on_the_board_shows_above_the_rows(cast, client):
    client.force_login(cast.directrice)

    response = _post(client, cast, "today_arrive", htmx=True, child=cast.ines.pk)

    page = response.content.decode()
    assert page.index("Indiquez l&#x27;heure.") < page.index('class="today-children"')


def test_the_first_day_of_the_calendar_is_shown_without_a_previous_day(cast, client):
    client.force_login(cast.directrice)

    response = client.get(reverse("care:today", args=[cast.lucioles.pk]), {"date": "0001-01-01"})

    page = response.content.decode()
    assert response.status_code == 200 and "Jour précédent" not in page
    assert "aucune autorisation en vigueur ce jour" in page


def test_a_child_of_another_facility_cannot_be_tapped(cast, client):
    client.force_login(cast.coordinatrice)

    response = _post(client, cast, "today_arrive", child=cast.ines.pk, at="08:45")

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_the_director_gets_404_on_another_facility(cast, client):
    client.force_login(cast.directrice)

    page = _page(client, cast, facility=cast.coccinelles)
    tap = client.post(reverse("care:today_arrive", args=[cast.coccinelles.pk]), {})

    assert page.status_code == 404 and tap.status_code == 404


def test_the_required_staff_waits_for_the_ratio_option(cast, client):
    client.force_login(cast.directrice)
    _arrive(cast)

    counts = _counts(_page(client, cast))

    assert '<span class="figure">1</span> enfant présent sur 1 attendu' in counts
    assert '<span class="figure">1</span> ne marchant pas' in counts
    assert "option du taux d&#x27;encadrement à fixer" in counts


def test_the_required_staff_shows_once_the_ratio_option_is_set(cast, client):
    client.force_login(cast.directrice)
    _set_ratio_option(cast)
    _arrive(cast)

    counts = _counts(_page(client, cast))

    assert '<span class="figure">2</span> professionnels requis par le taux d\'encadrement' in counts
    assert '<span class="figure">34</span> enfants au plus en même temps (surnombre)' in counts
    assert "limite respectée" in counts and "paramètre non vérifié" in counts


def test_walkers_are_counted_apart(cast, client):
    client.force_login(cast.coordinatrice)
    monday = date(2026, 9, 7)
    services.attendance_arrive(
        child=cast.ines, facility=cast.coccinelles, on=monday, at=time(8, 30), actor=cast.coordinatrice
    )

    counts = _counts(_page(client, cast, on=monday, facility=cast.coccinelles))

    assert '<span class="figure">0</span> ne marchant pas' in counts
    assert '<span class="figure">1</span> marchant' in counts


def test_an_htmx_tap_returns_the_children_and_the_counts_out_of_band(cast, client):
    client.force_login(cast.directrice)

    response = _post(client, cast, "today_arrive", htmx=True, at="08:45")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="comptes" class="today-counts" aria-live="polite" hx-swap-oob="innerHTML"' in page
    assert '<span class="figure">1</span> enfant présent' in page
    assert 'role="status" tabindex="-1" data-rb-focus>Arrivée de Léo Martin à 8 h 45.</p>' in page
    assert 'Départ<span class="visually-hidden"> de Léo Martin</span>' in page


def test_an_htmx_tap_refused_puts_the_message_in_the_childs_row(cast, client):
    client.force_login(cast.directrice)
    _arrive(cast)

    response = _post(client, cast, "today_arrive", htmx=True, at="09:00")

    assert 'role="alert" tabindex="-1" data-rb-focus>Léo Martin est déjà présent·e.</p>' in response.content.decode()


def test_an_unreadable_date_shows_the_error_and_today(cast, client):
    client.force_login(cast.directrice)

    response = client.get(reverse("care:today", args=[cast.lucioles.pk]), {"date": "30/02/2026"})

    assert "Saisissez une date, par exemple 02/03/2026." in response.content.decode()


@pytest.mark.parametrize(
    ("user", "names"), [("directrice", ["Les Lucioles"]), ("coordinatrice", ["Les Coccinelles", "Les Lucioles"])]
)
def test_the_index_lists_the_facilities_whose_children_the_user_sees(cast, client, user, names):
    client.force_login(getattr(cast, user))

    page = client.get(reverse("care:today_index")).content.decode()

    assert [name for name in ("Les Coccinelles", "Les Lucioles") if name in page] == names


def test_the_index_tells_an_elected_official_she_has_no_facility_to_tap(cast, client):
    client.force_login(cast.elu)

    page = client.get(reverse("care:today_index")).content.decode()

    assert "votre rôle n'en compte aucun" in page


def test_the_board_stays_within_its_query_budget(cast, client, django_assert_max_num_queries):
    """Three children on the board, one present: about a dozen queries for the board, the rest for the
    session and the navigation."""
    client.force_login(cast.directrice)
    for first_name in ("Lina", "Noé"):
        child = Child.objects.create(
            family=cast.martin, first_name=first_name, last_name="Martin", birth_on=date(2024, 5, 2)
        )
        services.contract_create(
            child=child,
            facility=cast.lucioles,
            section=None,
            kind=ContractKind.REGULAR,
            starts_on=date(2026, 2, 2),
            ends_on=date(2026, 6, 30),
            schedule=[services.SchedulePeriod(0, 9 * 60, 16 * 60)],
            attendance_weeks=20,
            actor=cast.coordinatrice,
        )
    _arrive(cast)

    with django_assert_max_num_queries(25):
        page = _page(client, cast).content.decode()

    assert page.count('<li id="enfant-') == 3


def test_a_period_tapped_at_the_wrong_time_is_corrected_and_the_late_pickup_follows(cast, client):
    client.force_login(cast.directrice)
    _arrive(cast)
    services.attendance_leave(child=cast.leo, facility=cast.lucioles, on=MONDAY, at=time(17, 45), actor=cast.directrice)
    period = Attendance.objects.get(child=cast.leo, on=MONDAY)
    assert period.late_pickup

    response = _post(client, cast, "today_correct", period=period.pk, arrived_at="08:30", left_at="17:20")

    period.refresh_from_db()
    assert (period.arrived_at, period.left_at, period.late_pickup) == (time(8, 30), time(17, 20), False)
    assert period.history.latest().history_user == cast.directrice
    page = client.get(response.url).content.decode()
    assert "Heures de Léo Martin corrigées : arrivée 8 h 30, départ 17 h 20." in page


def test_a_correction_overlapping_another_period_of_the_day_is_refused_in_french(cast, client):
    client.force_login(cast.directrice)
    _arrive(cast, at=time(8, 0))
    services.attendance_leave(child=cast.leo, facility=cast.lucioles, on=MONDAY, at=time(11, 0), actor=cast.directrice)
    _arrive(cast, at=time(14, 0))
    afternoon = Attendance.objects.get(child=cast.leo, on=MONDAY, arrived_at=time(14, 0))

    response = _post(client, cast, "today_correct", htmx=True, period=afternoon.pk, arrived_at="10:30", left_at="")

    assert "chevauchent une autre présence de Léo Martin ce jour (08:00 – 11:00)" in response.content.decode()
    afternoon.refresh_from_db()
    assert afternoon.arrived_at == time(14, 0)


def test_a_period_recorded_by_mistake_is_deleted_and_kept_in_the_history(cast, client):
    client.force_login(cast.directrice)
    _arrive(cast)
    period = Attendance.objects.get(child=cast.leo, on=MONDAY)

    _post(client, cast, "today_delete", period=period.pk)

    assert not Attendance.objects.filter(pk=period.pk).exists()
    deleted = Attendance.history.filter(id=period.pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == cast.directrice


def test_only_a_period_of_the_childs_own_row_can_be_deleted(cast, client):
    client.force_login(cast.directrice)
    _arrive(cast)
    period = Attendance.objects.get(child=cast.leo, on=MONDAY)

    response = _post(client, cast, "today_delete", htmx=True, period=period.pk + 1000)

    assert "Cette présence de Léo Martin n&#x27;existe plus" in response.content.decode()
    assert Attendance.objects.filter(pk=period.pk).exists()

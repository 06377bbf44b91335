"""A committee session from preparation to the families' answers."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ribambelle.allocation import committee
from ribambelle.allocation.enums import AdjustmentReason, OfferStatus, SessionStatus
from ribambelle.care.enums import ContractKind, ContractStatus
from ribambelle.families.enums import ApplicationStatus
from tests.allocation.committee import START_ON, prepared

VALIDATED_ON = date(2026, 11, 23)


def _decision(session, application):
    return session.decisions.select_related("choice__facility").get(application=application)


def test_preparing_takes_the_free_places_of_every_section_on_the_start_date(cast):
    session, _, _ = prepared(cast)

    places = {(p.facility.name, p.section.name): p.places for p in session.places.select_related("facility", "section")}

    assert places == {
        ("Les Coccinelles", "Bébés"): 1,
        ("Les Coccinelles", "Grands"): 0,
        ("Les Lucioles", "Bébés"): 1,
        ("Les Lucioles", "Grands"): 0,
    }
    assert session.grid.name == "Grille 2026" and session.seed == session.held_on.toordinal()


def test_the_engine_proposes_the_first_wish_to_the_higher_priority_and_explains_the_other(cast):
    session, jade, hugo = prepared(cast)

    session = committee.session_run(session=session, actor=cast.coordinatrice)

    assert session.status == SessionStatus.PROPOSED
    assert _decision(session, jade).choice.facility == cast.lucioles
    assert _decision(session, hugo).choice.facility == cast.coccinelles
    (why,) = session.engine_output["explanations"][str(hugo.pk)]
    assert why["reason"] == "full" and why["cutoff_priority"] >= 20
    jade.refresh_from_db()
    assert jade.status == ApplicationStatus.IN_COMMITTEE
    assert jade.history.latest().history_user == cast.coordinatrice
    assert _decision(session, jade).history.get().history_user == cast.coordinatrice


def test_an_adjustment_needs_a_reason_and_a_place_left(cast):
    session, _, hugo = prepared(cast)
    session = committee.session_run(session=session, actor=cast.coordinatrice)
    hugo_decision = _decision(session, hugo)
    lucioles = hugo.choices.get(facility=cast.lucioles)

    with pytest.raises(ValidationError, match="Indiquez le motif"):
        committee.decision_adjust(decision=hugo_decision, choice=None, reason="", actor=cast.coordinatrice)
    with pytest.raises(ValidationError, match="Plus de place à Les Lucioles \\(Bébés\\)"):
        committee.decision_adjust(
            decision=hugo_decision, choice=lucioles, reason=AdjustmentReason.SIBLINGS, actor=cast.coordinatrice
        )
    adjusted = committee.decision_adjust(
        decision=hugo_decision, choice=None, reason=AdjustmentReason.SCHEDULE, actor=cast.coordinatrice
    )

    assert adjusted.adjusted and adjusted.reason == AdjustmentReason.SCHEDULE
    assert adjusted.history.latest().history_user == cast.coordinatrice


def test_validating_offers_the_places_and_puts_the_others_back_on_the_waiting_list(cast):
    session, jade, hugo = prepared(cast)
    session = committee.session_run(session=session, actor=cast.coordinatrice)
    committee.decision_adjust(
        decision=_decision(session, hugo), choice=None, reason=AdjustmentReason.SCHEDULE, actor=cast.coordinatrice
    )

    committee.session_validate(session=session, on=VALIDATED_ON, actor=cast.coordinatrice)

    offer = _decision(session, jade).offers.get()
    assert (offer.reply_by, offer.status) == (date(2026, 12, 8), OfferStatus.PENDING)
    jade.refresh_from_db(), hugo.refresh_from_db()
    assert (jade.status, hugo.status) == (ApplicationStatus.OFFERED, ApplicationStatus.COMPLETE)


def test_a_refusal_offers_the_place_to_the_next_in_line(cast):
    session, jade, hugo = prepared(cast)
    session = committee.session_run(session=session, actor=cast.coordinatrice)
    committee.decision_adjust(
        decision=_decision(session, hugo), choice=None, reason=AdjustmentReason.SCHEDULE, actor=cast.coordinatrice
    )
    committee.session_validate(session=session, on=VALIDATED_ON, actor=cast.coordinatrice)

    following = committee.offer_refuse(
        offer=_decision(session, jade).offers.get(), on=date(2026, 11, 30), actor=cast.coordinatrice
    )

    assert following.choice.facility == cast.lucioles and following.decision.application == hugo
    assert following.decision.reason == AdjustmentReason.NEXT_IN_LINE
    jade.refresh_from_db(), hugo.refresh_from_db()
    assert (jade.status, hugo.status) == (ApplicationStatus.REFUSED, ApplicationStatus.OFFERED)


def test_an_offer_without_answer_in_time_expires_and_passes_on(cast):
    session, jade, hugo = prepared(cast)
    session = committee.session_run(session=session, actor=cast.coordinatrice)
    committee.decision_adjust(
        decision=_decision(session, hugo), choice=None, reason=AdjustmentReason.SCHEDULE, actor=cast.coordinatrice
    )
    committee.session_validate(session=session, on=VALIDATED_ON, actor=cast.coordinatrice)

    assert committee.offers_expire(on=date(2026, 12, 8), actor=cast.coordinatrice) == []
    (following,) = committee.offers_expire(on=date(2026, 12, 9), actor=cast.coordinatrice)

    jade.refresh_from_db()
    assert jade.status == ApplicationStatus.WITHDRAWN and following.decision.application == hugo


def test_an_acceptance_draws_up_the_draft_contract_on_the_week_asked_for(cast):
    session, jade, _ = prepared(cast)
    session = committee.session_run(session=session, actor=cast.coordinatrice)
    committee.session_validate(session=session, on=VALIDATED_ON, actor=cast.coordinatrice)

    contract = committee.offer_accept(
        offer=_decision(session, jade).offers.get(), on=date(2026, 11, 25), actor=cast.coordinatrice
    )

    assert (contract.facility, contract.section.name, contract.kind) == (cast.lucioles, "Bébés", ContractKind.REGULAR)
    assert contract.status == ContractStatus.DRAFT and contract.starts_on == START_ON
    # The end of the school year comes first: Jade, born on 20 May 2026, is a baby (2 to 18 months) until
    # 19 November 2027.
    assert contract.ends_on == date(2027, 8, 31)
    version = contract.versions.get()
    assert [(p["weekday"], p["start"], p["end"]) for p in version.schedule][-1][0] == 4
    jade.refresh_from_db()
    assert jade.status == ApplicationStatus.ACCEPTED
    with pytest.raises(ValidationError, match="déjà sa réponse"):
        committee.offer_refuse(
            offer=_decision(session, jade).offers.get(), on=date(2026, 11, 26), actor=cast.coordinatrice
        )


def test_the_figures_count_examined_offered_and_answered_without_any_name(cast, client):
    from django.urls import reverse

    from ribambelle.allocation.figures import committee_figures

    session, jade, _ = prepared(cast)
    session = committee.session_run(session=session, actor=cast.coordinatrice)
    committee.session_validate(session=session, on=VALIDATED_ON, actor=cast.coordinatrice)
    committee.offer_refuse(offer=_decision(session, jade).offers.get(), on=date(2026, 11, 30), actor=cast.coordinatrice)

    facilities, _, total = committee_figures(organisation_id=cast.organisation.pk)
    client.force_login(cast.elu)
    page = client.get(reverse("allocation:figures")).content.decode()

    lucioles = next(row for row in facilities if row.label == "Les Lucioles")
    assert (lucioles.examined, lucioles.offered, lucioles.refused) == (2, 1, 1)
    assert (total.examined, total.offered, total.accepted, total.refused) == (2, 2, 0, 1)
    # Jade applied on 2 November, offered a place on 23 November: 21 days.
    assert lucioles.waiting_days == 21 and total.admission_rate == 0
    assert "Les Lucioles" in page and "Jade" not in page and "Hugo" not in page


def test_the_command_closes_late_offers_and_refuses_a_director(cast):
    import json

    from ribambelle.allocation.management.commands.expire_offers import Command
    from tests.commands import run_command

    session, jade, hugo = prepared(cast)
    session = committee.session_run(session=session, actor=cast.coordinatrice)
    committee.decision_adjust(
        decision=_decision(session, hugo), choice=None, reason=AdjustmentReason.SCHEDULE, actor=cast.coordinatrice
    )
    committee.session_validate(session=session, on=VALIDATED_ON, actor=cast.coordinatrice)

    refused = run_command(Command, "expire_offers", "--as", "directrice", "--on", "2026-12-09")
    done = run_command(Command, "expire_offers", "--as", "coordinatrice", "--on", "2026-12-09")

    assert refused[0] == 2 and "ne conduit pas les commissions" in refused[2]
    assert done[0] == 0 and json.loads(done[1])["new_offers"][0]["application"] == hugo.pk
    jade.refresh_from_db()
    assert jade.status == ApplicationStatus.WITHDRAWN

"""Committee sessions: prepare the places and the applications, run the engine, adjust with a reason,
validate, then the offers and the families' answers. Every write is audited (core.audit.save_as).

- **Places**: the free places of each section on the start date (care.forecast), editable while preparing.
- **Applications examined**: the organisation's complete applications wishing to start on or before the
  start date. Their priority is the points of the grid in force on the committee's date; each wish gets
  its bonuses (a brother or sister in the facility, the family's sector); a wish for a section with no
  place in the session is left out of the engine's input.
- **Engine**: engines.allocation through its JSON schema (kept on the session with the output, so anyone
  can re-run it with `ribambelle allocate`). Every child takes a full place. Siblings applying together are
  placed together unless the family accepts separate facilities; the engine cannot combine that with the
  L214-7 reserve yet, so when both occur the reserve wins (a legal duty) and siblings are treated
  separately, as the proposal says.
- **Letters**: once validated, each family with an e-mail address gets its letter (allocation.letters).
- **Offers**: a validated session offers each placed application its place, to answer within
  ``reply_days``; not placed, an application goes back to the waiting list. A refusal or no answer in time
  offers the place to the next in line of the session (the engine's order at that section).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from ribambelle.allocation.enums import AdjustmentReason, OfferStatus, SessionStatus
from ribambelle.allocation.letters import send_letters
from ribambelle.allocation.models import CommitteeSession, Decision, Offer, SessionPlace
from ribambelle.allocation.selectors import grid_in_force, scores
from ribambelle.care.enums import ContractKind
from ribambelle.care.forecast import places_forecast
from ribambelle.care.models import Contract
from ribambelle.care.services import SchedulePeriod, contract_create
from ribambelle.core.audit import bulk_create_as, save_as
from ribambelle.engines.allocation import allocate, instance_from_json, lottery_draw, result_to_json
from ribambelle.families.enums import ApplicationStatus, DayPart
from ribambelle.families.models import Application, ApplicationChoice
from ribambelle.families.services import application_move, applications_move
from ribambelle.rules.authorisation import add_months
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import parameters_in_force


def program_id(facility_id: int, section_id: int | None) -> str:
    return f"{facility_id}/{section_id or 0}"


@transaction.atomic
def session_prepare(*, session: CommitteeSession, actor: Any) -> CommitteeSession:
    """A session in preparation with the grid in force on its date and the free places of every open
    facility of the organisation on its start date."""
    session.organisation_id = actor.organisation_id
    grid = grid_in_force(organisation_id=actor.organisation_id, on=session.held_on)
    if grid is None:
        raise ValidationError(
            f"Aucune grille de critères n'est publiée pour le {session.held_on:%d/%m/%Y} : publiez-en une avant "
            "de préparer la commission.",
            code="grid",
        )
    session.grid = grid
    session.status = SessionStatus.PREPARATION
    if not session.seed:
        session.seed = session.held_on.toordinal()
    session.full_clean()
    save_as(actor, session)
    facilities = Facility.objects.filter(organisation_id=actor.organisation_id).active().order_by("name")
    for row in places_forecast(facilities=facilities, on=session.start_on):
        if row.free:
            save_as(actor, SessionPlace(session=session, facility=row.facility, section=row.section, places=row.free))
    return session


def _in_preparation(session: CommitteeSession) -> CommitteeSession:
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.PREPARATION:
        raise ValidationError("La commission n'est plus en préparation.", code="status")
    return session


@transaction.atomic
def session_place_set(*, place: SessionPlace, places: int, actor: Any) -> SessionPlace:
    _in_preparation(place.session)
    place.places = places
    place.full_clean()
    save_as(actor, place)
    return place


def eligible_applications(session: CommitteeSession) -> QuerySet[Application]:
    return Application.objects.filter(
        family__organisation_id=session.organisation_id,
        status=ApplicationStatus.COMPLETE,
        desired_start_on__lte=session.start_on,
    ).select_related("family", "child")


@dataclass(frozen=True)
class EngineInput:
    data: dict[str, Any]
    notes: tuple[str, ...]


def engine_input(session: CommitteeSession) -> EngineInput:
    """The engine's JSON input for the session (see docs/allocation.md, section 8)."""
    places = {program_id(p.facility_id, p.section_id): p.places for p in session.places.all()}
    applications = list(eligible_applications(session).order_by("received_on", "pk"))
    by_application = scores(applications=applications, grid=session.grid)
    choices: dict[int, list[ApplicationChoice]] = {}
    for choice in ApplicationChoice.objects.filter(application__in=applications).order_by("application_id", "rank"):
        choices.setdefault(choice.application_id, []).append(choice)
    children = []
    for application in applications:
        score = by_application[application.pk]
        wished = [c for c in choices.get(application.pk, []) if program_id(c.facility_id, c.section_id) in places]
        children.append(
            {
                "id": str(application.pk),
                "family": str(application.family_id),
                "priority": float(score.points),
                "applied_on": application.received_on.isoformat(),
                "preferences": [program_id(c.facility_id, c.section_id) for c in wished],
                "bonus": {
                    program_id(c.facility_id, c.section_id): float(score.bonuses[c.facility_id].points)
                    for c in wished
                    if score.bonuses[c.facility_id].points
                },
                "l214_7": score.insertion,
            }
        )
    together = {a.family_id for a in applications if not a.accepts_separate_facilities}
    counted = [a.family_id for a in applications]
    families = sorted({f for f in counted if counted.count(f) > 1})
    notes = []
    separate_all = any(child["l214_7"] for child in children) and any(f in together for f in families)
    if separate_all:
        notes.append(
            "Des familles demandent des places ensemble pour des frères et sœurs, et des places sont réservées "
            "(article L214-7) : la réserve, obligation légale, s'applique et les frères et sœurs sont examinés "
            "séparément. Ajustez si besoin, avec le motif « rapprochement de frères et sœurs »."
        )
    data = {
        "programs": [
            {"id": pid, "facility": pid.split("/")[0], "section": pid.split("/")[1], "capacity": count}
            for pid, count in places.items()
        ],
        "children": children,
        "tie_break": {"seed": session.seed},
        "on": session.start_on.isoformat(),
        "families": [{"id": str(f), "separate": separate_all or f not in together} for f in families],
    }
    return EngineInput(data, tuple(notes))


@transaction.atomic
def session_run(*, session: CommitteeSession, actor: Any) -> CommitteeSession:
    """Run the engine on the session's places and applications; its proposal becomes the decisions to
    review, and the applications are in committee."""
    session = _in_preparation(session)
    prepared = engine_input(session)
    result = result_to_json(allocate(instance_from_json(prepared.data, parameters_in_force())))
    result["notes"] = list(prepared.notes)
    session.engine_input, session.engine_output = prepared.data, result
    session.status = SessionStatus.PROPOSED
    save_as(actor, session)
    applications = {a.pk: a for a in eligible_applications(session)}
    choices = {
        (c.application_id, program_id(c.facility_id, c.section_id)): c
        for c in ApplicationChoice.objects.filter(application__in=list(applications))
    }
    decisions = []
    for child in prepared.data["children"]:
        application = applications[int(child["id"])]
        assigned = result["assignments"][child["id"]]
        choice = choices[(application.pk, assigned)] if assigned else None
        points = Decimal(str(child["priority"]))
        decisions.append(
            Decision(session=session, application=application, choice=choice, proposed_choice=choice, points=points)
        )
    # A big city's committee examines thousands of applications: written in bulk, each with its history row.
    bulk_create_as(actor, Decision, decisions)
    applications_move(applications=list(applications.values()), to=ApplicationStatus.IN_COMMITTEE, actor=actor)
    return session


def _taken(session: CommitteeSession, choice: ApplicationChoice, *, besides: Decision) -> int:
    decisions = session.decisions.exclude(pk=besides.pk).filter(
        choice__facility_id=choice.facility_id, choice__section_id=choice.section_id
    )
    return decisions.count()


def _places(session: CommitteeSession, choice: ApplicationChoice) -> int:
    place = session.places.filter(facility_id=choice.facility_id, section_id=choice.section_id).first()
    return place.places if place else 0


@transaction.atomic
def decision_adjust(*, decision: Decision, choice: ApplicationChoice | None, reason: str, actor: Any) -> Decision:
    """Depart from the proposal for one application: another of its wishes with a place left, or no place;
    a controlled reason is required."""
    session = CommitteeSession.objects.select_for_update().get(pk=decision.session_id)
    if session.status != SessionStatus.PROPOSED:
        raise ValidationError("Les décisions ne s'ajustent qu'entre la proposition et la validation.", code="status")
    if choice is not None and choice.application_id != decision.application_id:
        raise ValidationError("Ce vœu appartient à une autre demande.", code="choice")
    if choice != decision.proposed_choice and reason not in AdjustmentReason.values:
        raise ValidationError("Indiquez le motif de l'ajustement.", code="reason")
    if choice is not None and _taken(session, choice, besides=decision) >= _places(session, choice):
        raise ValidationError(
            f"Plus de place à {choice.facility}{f' ({choice.section.name})' if choice.section else ''} dans cette "
            "commission : retirez d'abord une autre attribution.",
            code="full",
        )
    decision.choice = choice
    decision.reason = "" if choice == decision.proposed_choice else reason
    save_as(actor, decision)
    return decision


@transaction.atomic
def session_validate(*, session: CommitteeSession, on: date, actor: Any) -> CommitteeSession:
    """Make the decisions final: an offer for each place attributed, the others back on the waiting list."""
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.PROPOSED:
        raise ValidationError("Seule une proposition examinée peut être validée.", code="status")
    session.status, session.validated_on = SessionStatus.VALIDATED, on
    save_as(actor, session)
    decisions = list(session.decisions.select_related("application", "choice"))
    placed = [decision for decision in decisions if decision.choice is not None]
    bulk_create_as(actor, Offer, [_offer_for(decision, decision.choice, on, session.reply_days) for decision in placed])  # type: ignore[arg-type]
    applications_move(applications=[d.application for d in placed], to=ApplicationStatus.OFFERED, actor=actor)
    waiting = [decision.application for decision in decisions if decision.choice is None]
    applications_move(applications=waiting, to=ApplicationStatus.COMPLETE, actor=actor)
    transaction.on_commit(lambda: send_letters(session))
    return session


def _offer_for(decision: Decision, choice: ApplicationChoice, on: date, reply_days: int) -> Offer:
    return Offer(decision=decision, choice=choice, offered_on=on, reply_by=on + timedelta(days=reply_days))


def _offer(decision: Decision, choice: ApplicationChoice, on: date, actor: Any) -> Offer:
    offer = _offer_for(decision, choice, on, decision.session.reply_days)
    save_as(actor, offer)
    application_move(application=decision.application, to=ApplicationStatus.OFFERED, actor=actor)
    return offer


def _pending(offer: Offer) -> Offer:
    offer = (
        Offer.objects.select_for_update().select_related("decision__session", "decision__application").get(pk=offer.pk)
    )
    if offer.status != OfferStatus.PENDING:
        raise ValidationError(f"Cette proposition a déjà sa réponse : {offer.get_status_display().lower()}.")
    return offer


@transaction.atomic
def offer_refuse(*, offer: Offer, on: date, actor: Any) -> Offer | None:
    """The family refuses: its application closes, and the place goes to the next in line (the new offer,
    or None when nobody waits for it in the session)."""
    offer = _pending(offer)
    offer.status, offer.answered_on = OfferStatus.REFUSED, on
    save_as(actor, offer)
    application_move(application=offer.decision.application, to=ApplicationStatus.REFUSED, actor=actor)
    return _next_in_line(offer, on, actor)


@transaction.atomic
def offers_expire(*, on: date, actor: Any) -> list[Offer]:
    """Offers of the actor's organisation without an answer by their date: the application is withdrawn and
    the place goes to the next in line. Returns the new offers."""
    late = Offer.objects.filter(
        status=OfferStatus.PENDING,
        reply_by__lt=on,
        decision__session__organisation_id=actor.organisation_id,
    )
    offers = []
    for offer in late:
        offer = _pending(offer)
        offer.status = OfferStatus.EXPIRED
        save_as(actor, offer)
        application_move(application=offer.decision.application, to=ApplicationStatus.WITHDRAWN, actor=actor)
        following = _next_in_line(offer, on, actor)
        if following is not None:
            offers.append(following)
    return offers


def _next_in_line(offer: Offer, on: date, actor: Any) -> Offer | None:
    """The best-ranked application of the session still waiting (not placed) that wished this section, in
    the engine's order: priority there, then the earlier application, then the session's lottery."""
    session = offer.decision.session
    section = program_id(offer.choice.facility_id, offer.choice.section_id)
    children = {child["id"]: child for child in session.engine_input["children"]}
    candidates = []
    for decision in session.decisions.filter(choice__isnull=True).select_related("application"):
        if decision.application.status != ApplicationStatus.COMPLETE:
            continue
        child = children.get(str(decision.application_id))
        if child is None or section not in child["preferences"]:
            continue
        priority = Decimal(str(child["priority"])) + Decimal(str(child["bonus"].get(section, 0)))
        key = (-priority, child["applied_on"], lottery_draw(session.seed, child["id"]))
        candidates.append((key, decision))
    if not candidates:
        return None
    _, decision = min(candidates, key=lambda item: item[0])
    choice = decision.application.choices.get(facility_id=offer.choice.facility_id, section_id=offer.choice.section_id)
    decision.choice, decision.reason = choice, AdjustmentReason.NEXT_IN_LINE
    save_as(actor, decision)
    application_move(application=decision.application, to=ApplicationStatus.IN_COMMITTEE, actor=actor)
    return _offer(decision, choice, on, actor)


@transaction.atomic
def offer_accept(*, offer: Offer, on: date, actor: Any) -> Contract:
    """The family accepts: the application is accepted and the child's draft contract is drawn up through
    the contracts service, from the session's start date to the end of the school year (or the last day the
    section takes the child), on the week the family asked for within the opening hours; the director
    completes it (weeks of attendance, hours) by an amendment before signing."""
    offer = _pending(offer)
    offer.status, offer.answered_on = OfferStatus.ACCEPTED, on
    save_as(actor, offer)
    application = offer.decision.application
    application_move(application=application, to=ApplicationStatus.ACCEPTED, actor=actor)
    starts_on = max(offer.decision.session.start_on, application.desired_start_on)
    ends_on = _contract_end(application, offer.choice, starts_on)
    schedule = _schedule(application, offer.choice.facility)
    spanned = -(-((ends_on - starts_on).days + 1) // 7)
    return contract_create(
        child=application.child,
        facility=offer.choice.facility,
        section=offer.choice.section,
        kind=ContractKind.REGULAR,
        starts_on=starts_on,
        ends_on=ends_on,
        schedule=schedule,
        attendance_weeks=max(1, spanned - round(spanned * _WEEKS_OFF_PER_YEAR / 52)),
        actor=actor,
    )


# Weeks a year without care in a first contract: the facility's closures and the family's leave, the
# common figure; the director adjusts it with the family.
_WEEKS_OFF_PER_YEAR = 7
_NOON, _AFTERNOON = 12 * 60, 13 * 60 + 30


def _contract_end(application: Application, choice: ApplicationChoice, starts_on: date) -> date:
    end = date(starts_on.year + (1 if starts_on.month >= 9 else 0), 8, 31)
    born = application.child.birth_on or application.child.expected_birth_on
    max_age = choice.section.max_age_months if choice.section else None
    if born is not None and max_age is not None:
        end = min(end, add_months(born, max_age) - timedelta(days=1))
    return end


def _schedule(application: Application, facility: Facility) -> list[SchedulePeriod]:
    hours = {row.weekday: row for row in facility.opening_hours.all()}
    periods = []
    for entry in application.week:
        opening = hours.get(entry["weekday"])
        if opening is None:
            continue
        opens = opening.opens_at.hour * 60 + opening.opens_at.minute
        closes = opening.closes_at.hour * 60 + opening.closes_at.minute
        start, end = {
            DayPart.DAY: (opens, closes),
            DayPart.MORNING: (opens, min(closes, _NOON)),
            DayPart.AFTERNOON: (max(opens, _AFTERNOON), closes),
        }[DayPart(entry["part"])]
        if start < end:
            periods.append(SchedulePeriod(entry["weekday"], start, end))
    return periods

"""What a committee writes: the minutes of a session and the letter to each family (PDF, and the same
text by e-mail when the family gave an address; Django's e-mail backend, the console by default)."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from ribambelle.allocation.enums import AdjustmentReason
from ribambelle.allocation.models import CommitteeSession, Decision
from ribambelle.core.pdf import pdf_bytes

REASONS = {
    "full": "les places demandées ont été attribuées à des demandes ayant plus de points",
    "slot_full": "les demi-journées demandées sont complètes",
    "ratio": "le taux d'encadrement de l'établissement ne permet pas d'accueillir un enfant de plus",
    "reserved": "les places restantes sont réservées aux familles en parcours d'insertion (article L214-7)",
    "list_order": "une demande ayant plus de points attend cette place",
    "siblings": "les frères et sœurs demandent à être accueillis ensemble et il n'y a pas assez de places",
    "blocking": "l'attribution pourrait être revue",
}


def decision_context(decision: Decision) -> dict[str, Any]:
    """The facts a letter states: the decision, the points and, without a place, why for each wish."""
    session = decision.session
    explanations = (session.engine_output or {}).get("explanations", {}).get(str(decision.application_id), [])
    wishes = {f"{c.facility_id}/{c.section_id or 0}": c for c in decision.application.choices.all()}
    reasons = [
        (wishes[row["program"]], REASONS.get(row["reason"], row["reason"]))
        for row in explanations
        if row["program"] in wishes
    ]
    offer = decision.offers.order_by("-pk").first()
    return {
        "session": session,
        "decision": decision,
        "application": decision.application,
        "family": decision.application.family,
        "offer": offer,
        "reasons": reasons,
        "adjustment": AdjustmentReason(decision.reason).label if decision.reason else "",
    }


def letter_pdf(decision: Decision) -> bytes:
    return pdf_bytes("allocation/letter_pdf.html", decision_context(decision))


def minutes_pdf(session: CommitteeSession, decisions: list[Decision]) -> bytes:
    context = {
        "session": session,
        "decisions": decisions,
        "places": session.places.select_related("facility", "section"),
    }
    return pdf_bytes("allocation/minutes_pdf.html", context)


def send_letters(session: CommitteeSession) -> int:
    """E-mail each family with an address its letter, as text (the PDF, slower to make, is downloaded from
    the session's page when a letter goes by post); returns the count."""
    sent = 0
    for decision in session.decisions.select_related("application__family", "application__child", "choice__facility"):
        family = decision.application.family
        if not family.email:
            continue
        context = decision_context(decision)
        message = EmailMessage(
            subject=f"{session.organisation} — votre demande de place n° {decision.application_id}",
            body=render_to_string("allocation/letter.txt", context),
            to=[family.email],
        )
        message.send()
        sent += 1
    return sent

"""Committee pages (coordinator and administrator): the sessions, their preparation (places), the run as a
background job, the review of the proposal with adjustments, the validation, the minutes and letters, and
the families' answers to the offers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from ribambelle.allocation import committee, letters
from ribambelle.allocation.enums import AdjustmentReason, SessionStatus
from ribambelle.allocation.figures import committee_figures
from ribambelle.allocation.models import CommitteeSession, Decision, Offer
from ribambelle.allocation.tasks import SESSION_RUN, SESSION_VALIDATE
from ribambelle.core.jobs import job_start
from ribambelle.core.pdf import pdf_response
from ribambelle.territory.forms import DateInput


class SessionForm(forms.ModelForm):
    class Meta:
        model = CommitteeSession
        fields = ["title", "held_on", "start_on", "reply_days", "seed"]
        widgets = {"held_on": DateInput(), "start_on": DateInput()}
        help_texts = {"seed": "Laissez vide : la date de la commission sert de graine, publiée au procès-verbal."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seed"].required = False


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm("allocation.run_committee"):
        raise PermissionDenied


def _session(request: HttpRequest, pk: int) -> CommitteeSession:
    _require(request)
    return get_object_or_404(
        CommitteeSession.objects.select_related("grid"), pk=pk, organisation_id=request.user.organisation_id
    )


def _decision(request: HttpRequest, pk: int) -> Decision:
    _require(request)
    return get_object_or_404(
        Decision.objects.select_related("session", "application__child", "application__family"),
        pk=pk,
        session__organisation_id=request.user.organisation_id,
    )


def _back(session_pk: int) -> HttpResponse:
    return redirect("allocation:session_detail", pk=session_pk)


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    sessions = CommitteeSession.objects.filter(organisation_id=request.user.organisation_id).order_by("-held_on")
    return render(request, "allocation/session_list.html", {"sessions": sessions})


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = SessionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = committee.session_prepare(session=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "La commission est préparée : vérifiez les places, puis lancez le calcul.")
            return _back(session.pk)
    return render(request, "allocation/session_form.html", {"form": form})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    decisions = list(
        session.decisions.select_related(
            "application__child", "choice__facility", "choice__section", "proposed_choice__facility"
        )
        .prefetch_related("application__choices__facility", "application__choices__section", "offers__choice__facility")
        .order_by("-points", "application__received_on", "pk")
    )
    explanations = (session.engine_output or {}).get("explanations", {})
    rows = [
        (
            decision,
            [
                letters.REASONS.get(row["reason"], row["reason"])
                for row in explanations.get(str(decision.application_id), [])
            ],
        )
        for decision in decisions
    ]
    context = {
        "session": session,
        "places": session.places.select_related("facility", "section").order_by(
            "facility__name", "section__min_age_months"
        ),
        "eligible": committee.eligible_applications(session).count()
        if session.status == SessionStatus.PREPARATION
        else None,
        "rows": rows,
        "reasons": AdjustmentReason.choices,
    }
    return render(request, "allocation/session_detail.html", context)


@login_required
@require_POST
def session_places(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        for place in session.places.all():
            value = request.POST.get(f"place_{place.pk}", "")
            if not value.isdigit():
                raise ValidationError(f"Indiquez un nombre de places entier pour {place.facility}.")
            if int(value) != place.places:
                committee.session_place_set(place=place, places=int(value), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Places enregistrées.")
    return _back(session.pk)


@login_required
@require_POST
def session_run(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if session.status != SessionStatus.PREPARATION:
        messages.error(request, "La proposition de cette commission est déjà calculée.")
        return _back(session.pk)
    job = job_start(
        kind=SESSION_RUN,
        label=f"Calcul de la proposition — {session}",
        params={"session_id": session.pk, "actor_id": request.user.pk},
        actor=request.user,
    )
    return redirect("core:job_detail", pk=job.pk)


@login_required
@require_POST
def decision_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    choice_pk = request.POST.get("choice", "")
    choice = decision.application.choices.filter(pk=choice_pk).first() if choice_pk.isdigit() else None
    if choice_pk and choice is None:
        messages.error(request, "Choisissez un des vœux de la famille.")
        return _back(decision.session_id)
    try:
        committee.decision_adjust(
            decision=decision, choice=choice, reason=request.POST.get("reason", ""), actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, f"{decision.application.child} : {' '.join(exc.messages)}")
    else:
        messages.success(request, f"Décision ajustée pour {decision.application.child}.")
    return _back(decision.session_id)


@login_required
@require_POST
def session_validate(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if session.status != SessionStatus.PROPOSED:
        messages.error(request, "Seule une proposition examinée peut être validée.")
        return _back(session.pk)
    job = job_start(
        kind=SESSION_VALIDATE,
        label=f"Validation des décisions — {session}",
        params={"session_id": session.pk, "actor_id": request.user.pk, "on": timezone.localdate().isoformat()},
        actor=request.user,
    )
    return redirect("core:job_detail", pk=job.pk)


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if session.status == SessionStatus.PREPARATION:
        raise Http404("Pas encore de décision.")
    decisions = list(
        session.decisions.select_related(
            "application__child", "choice__facility", "proposed_choice__facility"
        ).order_by("-points", "application__received_on")
    )
    return pdf_response(letters.minutes_pdf(session, decisions), f"proces-verbal-{session.held_on:%Y-%m-%d}")


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    return pdf_response(letters.letter_pdf(decision), f"courrier-demande-{decision.application_id}")


def _answer(request: HttpRequest, pk: int, accept: bool) -> HttpResponse:
    _require(request)
    offer = get_object_or_404(Offer, pk=pk, decision__session__organisation_id=request.user.organisation_id)
    child = offer.decision.application.child
    try:
        if accept:
            contract = committee.offer_accept(offer=offer, on=timezone.localdate(), actor=request.user)
            messages.success(request, f"Place acceptée pour {child} : le contrat est préparé en brouillon.")
            return redirect("care:contract_detail", pk=contract.facility_id, contract_pk=contract.pk)
        following = committee.offer_refuse(offer=offer, on=timezone.localdate(), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(offer.decision.session_id)
    after = (
        f" La place est proposée à {following.decision.application.child}."
        if following
        else " Personne n'attend cette place dans cette commission."
    )
    messages.success(request, f"Refus enregistré pour {child}.{after}")
    return _back(offer.decision.session_id)


@login_required
@require_POST
def offers_expire(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the offers of the organisation left without an answer by their date (every session's)."""
    session = _session(request, pk)
    following = committee.offers_expire(on=timezone.localdate(), actor=request.user)
    messages.success(request, f"Propositions sans réponse closes ; {len(following)} place(s) proposée(s) aux suivants.")
    return _back(session.pk)


@login_required
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, accept=True)


@login_required
@require_POST
def offer_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, accept=False)


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("allocation.view_figures"):
        raise PermissionDenied
    facilities, sectors, total = committee_figures(organisation_id=request.user.organisation_id)
    context = {"facilities": facilities, "sectors": sectors, "total_rows": [total]}
    return render(request, "allocation/figures.html", context)


urlpatterns = [
    path("chiffres/", figures, name="figures"),
    path("commissions/", session_list, name="session_list"),
    path("commissions/nouvelle/", session_create, name="session_create"),
    path("commissions/<int:pk>/", session_detail, name="session_detail"),
    path("commissions/<int:pk>/places/", session_places, name="session_places"),
    path("commissions/<int:pk>/calcul/", session_run, name="session_run"),
    path("commissions/<int:pk>/validation/", session_validate, name="session_validate"),
    path("commissions/<int:pk>/proces-verbal.pdf", minutes_pdf, name="minutes_pdf"),
    path("decisions/<int:pk>/ajustement/", decision_adjust, name="decision_adjust"),
    path("decisions/<int:pk>/courrier.pdf", letter_pdf, name="letter_pdf"),
    path("commissions/<int:pk>/expiration/", offers_expire, name="offers_expire"),
    path("propositions/<int:pk>/acceptation/", offer_accept, name="offer_accept"),
    path("propositions/<int:pk>/refus/", offer_refuse, name="offer_refuse"),
]

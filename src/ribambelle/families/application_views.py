"""Application pages (demandes de place): the list with its filters, the front-desk form from a family's
page, and the application page (wishes, documents, status and its history, siblings and probable
duplicates). The committee and the offers belong to the allocation app."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from ribambelle.families import forms, selectors, services
from ribambelle.families.enums import ApplicationStatus
from ribambelle.families.models import Application
from ribambelle.families.views import family_for
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import facilities_visible_to


def _application(request: HttpRequest, pk: int, perm: str) -> Application:
    application = selectors.application_get(user=request.user, pk=pk)
    if application is None:
        raise Http404("Demande introuvable.")
    if not request.user.has_perm(perm, application):
        raise PermissionDenied
    return application


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("families.view_applications"):
        raise PermissionDenied
    applications = selectors.application_list(user=request.user)
    facilities = facilities_visible_to(request.user).order_by("name")
    status, facility_pk = request.GET.get("statut", ""), request.GET.get("etablissement", "")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    if facility_pk.isdigit():
        applications = applications.filter(choices__facility_id=int(facility_pk))
    rows = applications.select_related("family", "child").prefetch_related("choices__facility")
    context = {
        "applications": rows.order_by("received_on", "pk")[:500],
        "total": rows.count(),
        "statuses": ApplicationStatus.choices,
        "facilities": facilities,
        "status": status,
        "facility_pk": int(facility_pk) if facility_pk.isdigit() else None,
    }
    return render(request, "families/application_list.html", context)


@login_required
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_for(request, pk, "families.view_family")
    if not request.user.has_perm("families.add_application"):
        raise PermissionDenied
    form = forms.ApplicationForm(
        request.POST or None,
        initial={"received_on": timezone.localdate()},
        children=family.children.order_by("birth_on", "expected_birth_on", "first_name"),
        facilities=Facility.objects.filter(organisation_id=family.organisation_id).active().order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_create(
                child=data["child"],
                received_on=data["received_on"],
                desired_start_on=data["desired_start_on"],
                week=data["week"],
                facilities=data["facilities"],
                documents=data["documents"],
                accepts_separate_facilities=data["accepts_separate_facilities"],
                actor=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            status = application.get_status_display().lower()
            messages.success(
                request, f"La demande n° {application.pk} de {application.child} est enregistrée ({status})."
            )
            return redirect("families:application_detail", pk=application.pk)
    return render(request, "families/application_form.html", {"family": family, "form": form})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "families.view_application")
    can_change = request.user.has_perm("families.change_application", application)
    context = {
        "application": application,
        "can_change": can_change,
        "can_view_family": request.user.has_perm("families.view_family", application.family),
        "documents_form": forms.DocumentsForm(initial={"documents": application.documents}) if can_change else None,
        "siblings": selectors.application_siblings(application=application).select_related("child"),
        "duplicates": selectors.probable_duplicates(application=application) if can_change else [],
        "changes": application.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "families/application_detail.html", context)


@login_required
@require_POST
def application_documents(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "families.change_application")
    form = forms.DocumentsForm(request.POST)
    if form.is_valid():
        application = services.application_documents_set(
            application=application, documents=form.cleaned_data["documents"], actor=request.user
        )
        messages.success(request, f"Pièces enregistrées : la demande est {application.get_status_display().lower()}.")
    else:
        messages.error(request, "Choisissez les pièces dans la liste.")
    return redirect("families:application_detail", pk=application.pk)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "families.change_application")
    try:
        services.application_move(application=application, to=ApplicationStatus.WITHDRAWN, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"La demande n° {application.pk} est retirée.")
    return redirect("families:application_detail", pk=application.pk)


urlpatterns = [
    path("demandes/", application_list, name="application_list"),
    path("<int:pk>/demandes/nouvelle/", application_create, name="application_create"),
    path("demandes/<int:pk>/", application_detail, name="application_detail"),
    path("demandes/<int:pk>/pieces/", application_documents, name="application_documents"),
    path("demandes/<int:pk>/retrait/", application_withdraw, name="application_withdraw"),
]

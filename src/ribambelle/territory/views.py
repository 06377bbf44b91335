"""Registry pages: cockpit, facility page and history, create and edit forms, registry check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ribambelle.core.jobs import job_start
from ribambelle.territory import forms, history, selectors, services
from ribambelle.territory.models import Authorisation, Closure, Facility, Section


def _facility(request: HttpRequest, pk: int, perm: str) -> Facility:
    facility = get_object_or_404(selectors.facilities_aggregated_for(request.user), pk=pk)
    if not request.user.has_perm(perm, facility):
        raise PermissionDenied
    return facility


def _form_errors(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sectors = [(s.pk, s.name) for s in selectors.sector_list(user=request.user)]
    filters = forms.CockpitFilterForm(request.GET or None, sectors=sectors)
    sector_id = facility_type = None
    if filters.is_valid():
        sector_id = filters.cleaned_data["sector"]
        facility_type = filters.cleaned_data["facility_type"] or None
    facilities = selectors.facility_list(user=request.user, on=today, sector_id=sector_id, facility_type=facility_type)
    rows = selectors.facility_rows(facilities, on=today)
    organisation = selectors.organisation_get(user=request.user)
    context = {
        "rows": rows,
        "summary": selectors.registry_summary(rows),
        "filters": filters,
        "organisation": organisation,
        "duties": selectors.organisation_duties(organisation, on=today),
        "today": today,
    }
    template = "territory/includes/facility_table.html" if request.htmx else "territory/cockpit.html"
    return render(request, template, context)


@login_required
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility(request, pk, "territory.view_facility")
    today = timezone.localdate()
    # Names of persons only for users who may read the facility's nominative data (no elected official).
    nominative = selectors.facilities_visible_to(request.user).filter(pk=facility.pk).exists()
    context = {
        "facility": facility,
        "row": selectors.facility_row(facility, on=today),
        "authorisations": facility.authorisations.prefetch_related("slots").order_by("-valid_from"),
        "sections": facility.sections.order_by("min_age_months", "name"),
        "opening_hours": facility.opening_hours.order_by("weekday"),
        "closures": facility.closures.filter(end_on__gte=today).order_by("start_on"),
        "directors": facility.directors.order_by("last_name") if nominative else None,
        "today": today,
        "choices": selectors.facility_choice_rows(facility=facility, on=today),
        "can_change": request.user.has_perm("territory.change_facility", facility),
        "can_history": request.user.has_perm("territory.view_facility_history", facility),
    }
    return render(request, "territory/facility_detail.html", context)


@login_required
def facility_history(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility(request, pk, "territory.view_facility_history")
    return render(
        request,
        "territory/facility_history.html",
        {"facility": facility, "changes": history.facility_changes(facility)},
    )


@login_required
def facility_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("territory.add_facility"):
        raise PermissionDenied
    return _facility_form(request, Facility())


@login_required
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _facility_form(request, _facility(request, pk, "territory.change_facility"))


def _facility_form(request: HttpRequest, facility: Facility) -> HttpResponse:
    is_new = facility.pk is None
    organisation_id = request.user.organisation_id  # type: ignore[union-attr]
    form = forms.FacilityForm(request.POST or None, instance=facility, organisation_id=organisation_id)
    days = forms.OpeningDayFormSet(
        request.POST or None, initial=forms.opening_days_initial(None if is_new else facility), prefix="jours"
    )
    if request.method == "POST" and form.is_valid() and days.is_valid():
        opening_days = [
            services.OpeningDay(d["weekday"], d["opens_at"], d["closes_at"]) for d in days.cleaned_data if d["is_open"]
        ]
        try:
            saved = services.facility_save(
                facility=form.save(commit=False),
                opening_days=opening_days,
                directors=form.cleaned_data["directors"],
                actor=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"L'établissement « {saved.name} » est enregistré.")
            return redirect("territory:facility_detail", pk=saved.pk)
    return render(request, "territory/facility_form.html", {"form": form, "days": days, "is_new": is_new})


@login_required
def authorisation_create(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility(request, pk, "territory.change_facility")
    authorisation = Authorisation(facility=facility)
    form = forms.AuthorisationForm(request.POST or None, instance=authorisation)
    slots = forms.AuthorisationSlotFormSet(request.POST or None, instance=authorisation, prefix="plages")
    if request.method == "POST" and form.is_valid() and slots.is_valid():
        chosen = [
            services.Slot(s["starts_at"], s["ends_at"], s["capacity"])
            for s in slots.cleaned_data
            if s and s.get("starts_at")
        ]
        try:
            services.authorisation_create(authorisation=form.save(commit=False), slots=chosen, actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "L'autorisation est enregistrée.")
            return redirect("territory:facility_detail", pk=facility.pk)
    return render(request, "territory/authorisation_form.html", {"facility": facility, "form": form, "slots": slots})


@login_required
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility(request, pk, "territory.change_facility")
    return _section_form(request, Section(facility=facility))


@login_required
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    facility = _facility(request, pk, "territory.change_facility")
    return _section_form(request, get_object_or_404(facility.sections, pk=section_pk))


def _section_form(request: HttpRequest, section: Section) -> HttpResponse:
    form = forms.SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(section=form.save(commit=False), on=timezone.localdate(), actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"La section « {section.name} » est enregistrée.")
            return redirect("territory:facility_detail", pk=section.facility_id)
    title = "Nouvelle section" if section.pk is None else f"Section « {section.name} »"
    return render(
        request, "territory/facility_part_form.html", {"facility": section.facility, "form": form, "title": title}
    )


@login_required
def closure_create(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility(request, pk, "territory.change_facility")
    form = forms.ClosureForm(request.POST or None, instance=Closure(facility=facility))
    if request.method == "POST" and form.is_valid():
        try:
            services.closure_create(closure=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "La fermeture est enregistrée.")
            return redirect("territory:facility_detail", pk=facility.pk)
    return render(
        request,
        "territory/facility_part_form.html",
        {"facility": facility, "form": form, "title": "Nouvelle fermeture"},
    )


@login_required
@require_POST
def closure_delete(request: HttpRequest, pk: int, closure_pk: int) -> HttpResponse:
    facility = _facility(request, pk, "territory.change_facility")
    services.closure_delete(closure=get_object_or_404(facility.closures, pk=closure_pk), actor=request.user)
    messages.success(request, "La fermeture est supprimée.")
    return redirect("territory:facility_detail", pk=facility.pk)


@login_required
def registry_check(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("territory.check_registry"):
        raise PermissionDenied
    if request.method == "POST":
        job = job_start(
            kind="territory.registry_check",
            label="Contrôle du registre",
            params={"organisation_id": request.user.organisation_id},  # type: ignore[union-attr]
            actor=request.user,
        )
        return redirect("core:job_detail", pk=job.pk)
    return render(request, "territory/registry_check.html", {"jobs": selectors.registry_check_jobs(user=request.user)})

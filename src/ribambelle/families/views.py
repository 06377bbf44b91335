"""Family pages: a new family with its first situation and child, the family page (with its applications,
see application_views.py), its edit (identity, CAF number and scheme, FILOUE consent), and one more
child. Changing a family's situation recomputes fees: that page belongs to care (care/views/situations.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ribambelle.families import forms, selectors, services
from ribambelle.families.models import Family
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import facilities_visible_to


def family_for(request: HttpRequest, pk: int, perm: str) -> Family:
    """The family in the user's scope (404 otherwise), when the user holds ``perm`` on it (403 otherwise)."""
    family = selectors.family_get(user=request.user, pk=pk)
    if family is None:
        raise Http404("Famille introuvable.")
    if not request.user.has_perm(perm, family):
        raise PermissionDenied
    return family


def _add_errors(form: BaseForm, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def family_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("families.add_family"):
        raise PermissionDenied
    data = request.POST or None
    organisation_id = request.user.organisation_id  # type: ignore[union-attr]
    family_form = forms.FamilyForm(data, organisation_id=organisation_id, prefix="famille")
    situation_form = forms.SituationForm(data, prefix="situation")
    child_form = forms.ChildForm(data, prefix="enfant")
    all_forms = (family_form, situation_form, child_form)
    if request.method == "POST" and all(form.is_valid() for form in all_forms):
        try:
            family = services.family_create(
                family=family_form.save(commit=False),
                situation=situation_form.save(commit=False),
                child=child_form.save(commit=False),
                actor=request.user,
            )
        except ValidationError as exc:
            _add_errors(family_form, exc)
        else:
            messages.success(request, f"La famille {family.reference} est enregistrée.")
            return redirect("families:family_detail", pk=family.pk)
    errors = any(form.errors for form in all_forms)
    return render(
        request,
        "families/family_form.html",
        {"family_form": family_form, "situation_form": situation_form, "child_form": child_form, "errors": errors},
    )


@login_required
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_for(request, pk, "families.view_family")
    visible = facilities_visible_to(request.user).active().order_by("name")
    context = {
        "family": family,
        "visible_facility_ids": set(visible.values_list("pk", flat=True)),
        "contract_facilities": _contract_facilities(request, visible),
        "can_change": request.user.has_perm("families.change_family", family),
        "can_apply": request.user.has_perm("families.add_application"),
        "applications": selectors.application_list(user=request.user).filter(family=family).select_related("child"),
    }
    return render(request, "families/family_detail.html", context)


@login_required
def family_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The parents' identity and address, the CAF number, the social-security scheme and the FILOUE consent."""
    family = family_for(request, pk, "families.change_family")
    form = forms.FamilyForm(request.POST or None, instance=family, organisation_id=family.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_update(family=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"La famille {family.reference} est mise à jour.")
            return redirect("families:family_detail", pk=family.pk)
    return render(request, "families/family_edit.html", {"family": family, "form": form})


@login_required
def child_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_for(request, pk, "families.change_family")
    form = forms.ChildForm(request.POST or None, initial={"last_name": family.parent_last_name})
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_add(family=family, child=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"{child} est ajouté·e à la famille.")
            return redirect("families:family_detail", pk=family.pk)
    return render(request, "families/child_form.html", {"family": family, "form": form})


def _contract_facilities(request: HttpRequest, visible: QuerySet[Facility]) -> list[Facility]:
    """The facilities where the user may draw up a contract (a director: hers)."""
    return [facility for facility in visible if request.user.has_perm("care.change_contract", facility)]

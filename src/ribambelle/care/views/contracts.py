"""Contract pages: the facilities to pick from, a facility's current and future contracts, the contract page
(its versions in order with the fee explanation, and its audit trail), a new contract, an amendment.

Out of scope (``facility_for_care``) is a 404; viewing needs ``care.view_care`` and writing
``care.change_contract``, both on the facility."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from ribambelle.care import history, selectors, services
from ribambelle.care.enums import ContractKind
from ribambelle.care.forms import contracts as forms
from ribambelle.care.models import Contract
from ribambelle.care.version_display import fee_explanation, schedule_days
from ribambelle.core.templatetags.ribambelle import euros
from ribambelle.families.models import Child
from ribambelle.territory.models import Facility


def _facility(request: HttpRequest, pk: int, perm: str) -> Facility:
    facility = get_object_or_404(selectors.facility_for_care(user=request.user), pk=pk)
    if not request.user.has_perm(perm, facility):
        raise PermissionDenied
    return facility


def _contract(request: HttpRequest, pk: int, contract_pk: int, perm: str) -> Contract:
    facility = _facility(request, pk, perm)
    contract = selectors.contract_get(user=request.user, facility=facility, pk=contract_pk)
    if contract is None:
        raise Http404("Contrat introuvable.")
    return contract


def _child(request: HttpRequest) -> Child | None:
    """The child named by ``?enfant=`` among those a contract may be drawn up for."""
    pk = request.GET.get("enfant", "")
    if not pk.isdigit():
        return None
    return selectors.contract_child_choices(user=request.user).filter(pk=pk).first()


@login_required
def contract_index(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("care.view_care_facilities"):
        raise PermissionDenied
    facilities = selectors.facility_for_care(user=request.user).order_by("name")
    rows = [
        (facility, request.user.has_perm("care.change_contract", facility))
        for facility in facilities
        if request.user.has_perm("care.view_care", facility)
    ]
    return render(request, "care/contract_index.html", {"rows": rows, "child": _child(request)})


@login_required
def contract_list(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility(request, pk, "care.view_care")
    today = timezone.localdate()
    contracts = selectors.contract_current_list(user=request.user, facility=facility, on=today)
    rows = [(contract, selectors.version_on(contract, max(today, contract.starts_on))) for contract in contracts]
    context = {
        "facility": facility,
        "rows": rows,
        "today": today,
        "can_change": request.user.has_perm("care.change_contract", facility),
    }
    return render(request, "care/contract_list.html", context)


@login_required
def contract_detail(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    contract = _contract(request, pk, contract_pk, "care.view_care")
    today = timezone.localdate()
    family = contract.child.family
    in_force = selectors.version_on(contract, max(today, contract.starts_on))
    context = {
        "contract": contract,
        "facility": contract.facility,
        "family": family,
        "versions": [(v, schedule_days(v.schedule), fee_explanation(v)) for v in contract.versions.all()],
        "in_force": in_force,
        "changes": history.contract_changes(contract),
        "can_change": request.user.has_perm("care.change_contract", contract.facility),
        "can_view_family": request.user.has_perm("families.view_family", family),
        "can_change_family": request.user.has_perm("families.change_family", family),
    }
    return render(request, "care/contract_detail.html", context)


@login_required
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility(request, pk, "care.change_contract")
    child = _child(request)
    form = forms.ContractForm(
        request.POST or None,
        initial={"child": child.pk} if child else None,
        children=selectors.contract_child_choices(user=request.user),
        sections=facility.sections.order_by("min_age_months", "name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = services.contract_create(
                child=data["child"],
                facility=facility,
                section=data["section"],
                kind=ContractKind(data["kind"]),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                schedule=data["schedule"],
                attendance_weeks=data["attendance_weeks"],
                actor=request.user,
            )
        except services.REFUSALS as exc:
            forms.add_refusal(form, exc)
        else:
            fee = euros(contract.versions.get().hourly_fee)
            messages.success(request, f"Le contrat de {contract.child} est enregistré : tarif horaire {fee}.")
            return redirect("care:contract_detail", pk=facility.pk, contract_pk=contract.pk)
    return render(request, "care/contract_form.html", {"facility": facility, "form": form})


@login_required
def contract_amend(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    contract = _contract(request, pk, contract_pk, "care.change_contract")
    current = selectors.version_on(contract, max(timezone.localdate(), contract.starts_on))
    initial = {}
    if current is not None:
        initial = {"attendance_weeks": current.attendance_weeks, **forms.schedule_initial(current.schedule)}
    form = forms.AmendmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.contract_amend(
                contract=contract,
                valid_from=data["valid_from"],
                schedule=data["schedule"],
                attendance_weeks=data["attendance_weeks"],
                actor=request.user,
            )
        except services.REFUSALS as exc:
            forms.add_refusal(form, exc)
        else:
            fee, day = euros(version.hourly_fee), f"{version.valid_from:%d/%m/%Y}"
            messages.success(request, f"L'avenant au {day} est enregistré : tarif horaire {fee}.")
            return redirect("care:contract_detail", pk=contract.facility_id, contract_pk=contract.pk)
    return render(request, "care/contract_amend.html", {"contract": contract, "form": form})


def _status_change(request: HttpRequest, pk: int, contract_pk: int, change: Any, done: str) -> HttpResponse:
    contract = _contract(request, pk, contract_pk, "care.change_contract")
    try:
        change(contract=contract, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done.format(child=contract.child))
    return redirect("care:contract_detail", pk=contract.facility_id, contract_pk=contract.pk)


@login_required
@require_POST
def contract_sign(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    return _status_change(request, pk, contract_pk, services.contract_sign, "Le contrat de {child} est signé.")


@login_required
@require_POST
def contract_cancel(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    return _status_change(request, pk, contract_pk, services.contract_cancel, "Le contrat de {child} est annulé.")


urlpatterns = [
    path("contrats/", contract_index, name="contract_index"),
    path("etablissements/<int:pk>/contrats/", contract_list, name="contract_list"),
    path("etablissements/<int:pk>/contrats/nouveau/", contract_create, name="contract_create"),
    path("etablissements/<int:pk>/contrats/<int:contract_pk>/", contract_detail, name="contract_detail"),
    path("etablissements/<int:pk>/contrats/<int:contract_pk>/avenant/", contract_amend, name="contract_amend"),
    path("etablissements/<int:pk>/contrats/<int:contract_pk>/signature/", contract_sign, name="contract_sign"),
    path("etablissements/<int:pk>/contrats/<int:contract_pk>/annulation/", contract_cancel, name="contract_cancel"),
]

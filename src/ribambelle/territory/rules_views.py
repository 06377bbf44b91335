"""Pages of the regulation as code: the parameters over time, local entries, and the local choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ribambelle.rules.choices import CHOICES
from ribambelle.territory import forms, selectors, services, simulation
from ribambelle.territory.formatting import display_value


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def parameter_list(request: HttpRequest) -> HttpResponse:
    _require(request, "territory.view_parameters")
    params = selectors.parameters_in_force()
    unconfirmed_only = request.GET.get("non_verifies") == "1"
    parameters = [
        {
            "parameter": parameter,
            "values": [(value, display_value(value.value)) for value in reversed(parameter.values)],
        }
        for _, parameter in sorted(params.parameters.items())
        if not unconfirmed_only or any(not value.confirmed for value in parameter.values)
    ]
    return render(
        request,
        "territory/parameter_list.html",
        {
            "parameters": parameters,
            "unconfirmed_only": unconfirmed_only,
            "can_enter": request.user.has_perm("territory.add_parameter_entry"),
        },
    )


@login_required
def parameter_entry_create(request: HttpRequest) -> HttpResponse:
    _require(request, "territory.add_parameter_entry")
    keys = [(key, f"{key} — {p.description}") for key, p in sorted(selectors.parameters_in_force().parameters.items())]
    form = forms.ParameterEntryForm(request.POST or None, keys=keys, initial={"key": request.GET.get("cle", "")})
    if request.method == "POST" and form.is_valid():
        try:
            entry, jobs = services.parameter_entry_create(entry=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"La valeur de {entry.key} au {entry.effective_on:%d/%m/%Y} est enregistrée.")
            if jobs:
                return redirect("core:job_detail", pk=jobs[0].pk)
            return redirect("territory:parameter_list")
    return render(request, "territory/parameter_entry_form.html", {"form": form})


@login_required
def rule_choice_list(request: HttpRequest) -> HttpResponse:
    _require(request, "territory.view_parameters")
    can_set = request.user.has_perm("territory.set_rule_choice")
    form = None
    if can_set:
        facilities = selectors.facilities_visible_to(request.user).order_by("name")
        form = forms.RuleChoiceForm(request.POST or None, facilities=facilities)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            organisation = selectors.organisation_get(user=request.user)
            assert organisation is not None
            try:
                services.rule_choice_set(
                    organisation=organisation,
                    facility=data["facility"],
                    key=data["key"],
                    value=data["value"],
                    valid_from=data["valid_from"],
                    act=data["act"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Le choix local est enregistré.")
                return redirect("territory:rule_choice_list")
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "choices": selectors.rule_choice_list(user=request.user),
        "declared": list(CHOICES.values()),
        "form": form,
    }
    return render(request, "territory/rule_choice_list.html", context)


@login_required
def fee_simulator(request: HttpRequest) -> HttpResponse:
    _require(request, "territory.view_parameters")
    facilities = selectors.facilities_aggregated_for(request.user).active().order_by("name")
    form = forms.FeeSimulatorForm(
        request.GET or None, facilities=facilities, initial={"on": timezone.localdate(), "attendance_weeks": 45}
    )
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = simulation.fee_simulate(
                facility=data["facility"],
                on=data["on"],
                monthly_resources=data["monthly_resources"],
                dependent_children=data["dependent_children"],
                aeeh_children=data["aeeh_children"],
                ase_placement=data["ase_placement"],
                schedule=data["schedule"],
                attendance_weeks=data["attendance_weeks"],
            )
        except (ValueError, LookupError) as exc:
            form.add_error(None, str(exc))
    return render(request, "territory/fee_simulator.html", {"form": form, "result": result})

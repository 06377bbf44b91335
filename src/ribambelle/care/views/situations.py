"""A change in a family's situation (resources, dependent children, AEEH) from a date: care recomputes the
fee of every contract of the family's children running from then, as a new version, and says which.

The family comes through its scope (families.selectors: a 404 outside); the change needs
``families.change_family``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from ribambelle.care import services
from ribambelle.care.forms.contracts import add_refusal
from ribambelle.core.templatetags.ribambelle import euros
from ribambelle.families import forms as family_forms
from ribambelle.families import selectors as family_selectors


@login_required
def family_situation_change(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_selectors.family_get(user=request.user, pk=pk)
    if family is None:
        raise Http404("Famille introuvable.")
    if not request.user.has_perm("families.change_family", family):
        raise PermissionDenied
    current = next(iter(family.situations.all()), None)  # prefetched, newest first
    initial = (
        {
            "monthly_resources": current.monthly_resources,
            "resources_source": current.resources_source,
            "dependent_children": current.dependent_children,
            "aeeh_children": current.aeeh_children,
        }
        if current
        else None
    )
    form = family_forms.SituationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        situation = form.save(commit=False)
        situation.family = family
        try:
            versions = services.family_situation_change(situation=situation, actor=request.user)
        except services.REFUSALS as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, f"La situation au {situation.valid_from:%d/%m/%Y} est enregistrée.")
            for version in versions:
                contract = version.contract
                messages.success(
                    request,
                    f"Nouvelle version du contrat de {contract.child} à {contract.facility.name} au "
                    f"{version.valid_from:%d/%m/%Y} : tarif horaire {euros(version.hourly_fee)}.",
                )
            if not versions:
                messages.info(request, "Aucun contrat en cours ou à venir n'est concerné.")
            return redirect("families:family_detail", pk=family.pk)
    return render(request, "care/family_situation_form.html", {"family": family, "form": form, "current": current})


urlpatterns = [
    path("familles/<int:pk>/situation/", family_situation_change, name="family_situation_change"),
]

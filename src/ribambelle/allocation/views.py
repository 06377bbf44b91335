"""Pages of the allocation app: the criteria grids (drafts, criteria, publication, new versions, the PDF
of a grid), the answers of an application, and the ranked waiting list of a facility."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from ribambelle.allocation import forms, selectors, services
from ribambelle.allocation.models import CriteriaGrid, Criterion
from ribambelle.core.pdf import pdf_bytes, pdf_response
from ribambelle.families import selectors as families_selectors
from ribambelle.territory.selectors import facilities_visible_to


def _require(request: HttpRequest, perm: str, obj: object = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _grid(request: HttpRequest, pk: int) -> CriteriaGrid:
    _require(request, "allocation.view_grids")
    grid = selectors.grid_get(user=request.user, pk=pk)
    may_see_drafts = request.user.has_perm("allocation.change_grid")
    if grid is None or not (grid.is_published or may_see_drafts):
        raise Http404("Grille introuvable.")
    return grid


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def grid_list(request: HttpRequest) -> HttpResponse:
    _require(request, "allocation.view_grids")
    grids = selectors.grid_list(user=request.user)
    can_change = request.user.has_perm("allocation.change_grid")
    if not can_change:
        grids = grids.filter(published_on__isnull=False)
    in_force = selectors.grid_in_force(organisation_id=request.user.organisation_id, on=timezone.localdate())
    context = {"grids": grids, "in_force": in_force, "can_change": can_change}
    return render(request, "allocation/grid_list.html", context)


@login_required
def grid_create(request: HttpRequest) -> HttpResponse:
    _require(request, "allocation.change_grid")
    form = forms.GridForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grid = services.grid_create(grid=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"La grille « {grid.name} » est créée : ajoutez ses critères puis publiez-la.")
            return redirect("allocation:grid_detail", pk=grid.pk)
    return render(request, "allocation/grid_form.html", {"form": form})


@login_required
def grid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid(request, pk)
    can_change = request.user.has_perm("allocation.change_grid")
    context = {
        "grid": grid,
        "can_change": can_change,
        "criterion_form": forms.CriterionForm() if can_change and not grid.is_published else None,
        "version_form": forms.NewVersionForm() if can_change else None,
    }
    return render(request, "allocation/grid_detail.html", context)


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid(request, pk)
    _require(request, "allocation.change_grid")
    form = forms.CriterionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            criterion = services.criterion_add(
                grid=grid,
                label=data["label"],
                proof=data["proof"],
                insertion=data["insertion"],
                options=data["options"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Le critère « {criterion.label} » est ajouté.")
            return redirect("allocation:grid_detail", pk=grid.pk)
    context = {"grid": grid, "can_change": True, "criterion_form": form, "version_form": forms.NewVersionForm()}
    return render(request, "allocation/grid_detail.html", context, status=400)


@login_required
@require_POST
def criterion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "allocation.change_grid")
    criterion = get_object_or_404(Criterion, pk=pk, grid__organisation_id=request.user.organisation_id)
    try:
        services.criterion_remove(criterion=criterion, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"Le critère « {criterion.label} » est retiré.")
    return redirect("allocation:grid_detail", pk=criterion.grid_id)


@login_required
@require_POST
def grid_publish(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid(request, pk)
    _require(request, "allocation.change_grid")
    try:
        services.grid_publish(grid=grid, on=timezone.localdate(), actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, f"La grille « {grid.name} » est publiée : elle s'applique à partir du {grid.valid_from:%d/%m/%Y}."
        )
    return redirect("allocation:grid_detail", pk=grid.pk)


@login_required
@require_POST
def grid_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid(request, pk)
    _require(request, "allocation.change_grid")
    form = forms.NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez la date à partir de laquelle la nouvelle version s'applique.")
        return redirect("allocation:grid_detail", pk=grid.pk)
    copy = services.grid_new_version(grid=grid, valid_from=form.cleaned_data["valid_from"], actor=request.user)
    messages.success(request, "Nouvelle version créée en brouillon : modifiez-la, puis publiez-la.")
    return redirect("allocation:grid_detail", pk=copy.pk)


@login_required
def grid_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _grid(request, pk)
    content = pdf_bytes("allocation/grid_pdf.html", {"grid": grid, "organisation": grid.organisation})
    return pdf_response(content, f"grille-criteres-{grid.valid_from:%Y-%m-%d}")


@login_required
def application_answers(request: HttpRequest, pk: int) -> HttpResponse:
    application = families_selectors.application_get(user=request.user, pk=pk)
    if application is None:
        raise Http404("Demande introuvable.")
    _require(request, "allocation.answer_criteria", application)
    grid = selectors.grid_in_force(organisation_id=request.user.organisation_id, on=timezone.localdate())
    if grid is None:
        messages.error(request, "Aucune grille de critères n'est publiée : publiez-en une avant de noter les demandes.")
        return redirect("families:application_detail", pk=application.pk)
    initial = dict(application.answers.filter(criterion__grid=grid).values_list("criterion_id", "option_id"))
    form = forms.AnswersForm(request.POST or None, grid=grid, initial_answers=initial)
    if request.method == "POST" and form.is_valid():
        services.answers_set(application=application, grid=grid, answers=form.answers(), actor=request.user)
        score = selectors.scores(applications=[application], grid=grid)[application.pk]
        messages.success(request, f"Réponses enregistrées : {floatformat(score.points, -2)} points.")
        return redirect("families:application_detail", pk=application.pk)
    score = selectors.scores(applications=[application], grid=grid)[application.pk]
    bonuses = [
        (choice, score.bonuses[choice.facility_id])
        for choice in application.choices.all()
        if score.bonuses.get(choice.facility_id) and score.bonuses[choice.facility_id].points
    ]
    context = {"application": application, "grid": grid, "form": form, "score": score, "bonuses": bonuses}
    return render(request, "allocation/answers_form.html", context)


@login_required
def waiting_list(request: HttpRequest) -> HttpResponse:
    _require(request, "allocation.view_waiting_list")
    facilities = facilities_visible_to(request.user).active().order_by("name")
    facility_pk = request.GET.get("etablissement", "")
    facility = facilities.filter(pk=facility_pk).first() if facility_pk.isdigit() else None
    if facility is None and facilities.count() == 1:
        facility = facilities.first()
    grid, rows, sections, section = None, [], [], None
    if facility is not None:
        sections = list(facility.sections.order_by("min_age_months"))
        section_pk = request.GET.get("section", "")
        section = next((s for s in sections if str(s.pk) == section_pk), None)
        grid, rows = selectors.ranked_waiting_list(
            user=request.user, facility=facility, section=section, on=timezone.localdate()
        )
    context = {
        "facilities": facilities,
        "facility": facility,
        "sections": sections,
        "section": section,
        "grid": grid,
        "rows": rows,
    }
    return render(request, "allocation/waiting_list.html", context)


urlpatterns = [
    path("grilles/", grid_list, name="grid_list"),
    path("grilles/nouvelle/", grid_create, name="grid_create"),
    path("grilles/<int:pk>/", grid_detail, name="grid_detail"),
    path("grilles/<int:pk>/criteres/", criterion_add, name="criterion_add"),
    path("grilles/<int:pk>/publication/", grid_publish, name="grid_publish"),
    path("grilles/<int:pk>/nouvelle-version/", grid_new_version, name="grid_new_version"),
    path("grilles/<int:pk>.pdf", grid_pdf, name="grid_pdf"),
    path("criteres/<int:pk>/suppression/", criterion_remove, name="criterion_remove"),
    path("demandes/<int:pk>/criteres/", application_answers, name="application_answers"),
    path("liste-attente/", waiting_list, name="waiting_list"),
]

"""« Déclarations CAF »: for a year, the facilities of the user with the activity file (XLSX, per facility, or
for all of them through a background job) and the FILOUE file of each facility (CSV), with its families'
consent and its missing identifiers. The activity file names no person: an elected official downloads it;
FILOUE is for those who run the facility (caf/perms.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ribambelle.core.jobs import job_start
from ribambelle.core.models import Job, JobStatus
from ribambelle.steering.caf import activity, activity_xlsx, filoue, jobs
from ribambelle.steering.caf.year import elapsed_months
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import facilities_aggregated_for, facilities_visible_to


class YearForm(forms.Form):
    annee = forms.IntegerField(
        label="Année",
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "Saisissez une année, par exemple 2026."},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _open_during(facilities: QuerySet[Facility], year: int) -> QuerySet[Facility]:
    """The facilities open at some point of ``year``."""
    return (
        facilities.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=date(year, 12, 31)))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date(year, 1, 1)))
        .select_related("organisation")
        .order_by("name")
    )


def _activity_facilities(request: HttpRequest, year: int) -> list[Facility]:
    facilities = _open_during(facilities_aggregated_for(request.user), year)
    return [f for f in facilities if request.user.has_perm("steering.export_caf_activity", f)]


@login_required
def caf_index(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("steering.view_caf_reports"):
        raise PermissionDenied
    today = timezone.localdate()
    form = YearForm(request.GET if "annee" in request.GET else None, initial={"annee": today.year - 1})
    year = form.cleaned_data["annee"] if form.is_valid() else today.year - 1
    facilities = _activity_facilities(request, year)
    filoue_ids = {
        f.pk for f in facilities_visible_to(request.user) if request.user.has_perm("steering.export_filoue", f)
    }
    counts = filoue.consent_counts(facility_ids=sorted(filoue_ids), year=year, today=today)
    rows = [
        {
            "facility": facility,
            "filoue": facility.pk in filoue_ids,
            "missing": filoue.missing_identifiers(facility),
            "children": counts.get(facility.pk, (0, 0))[0],
            "consenting": counts.get(facility.pk, (0, 0))[1],
        }
        for facility in facilities
    ]
    elapsed = elapsed_months(year, today)
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "elapsed": elapsed,
        "actual_header": activity_xlsx.actual_header(year, elapsed),
        "shows_filoue": bool(filoue_ids),
    }
    return render(request, "steering/caf/index.html", context)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404("Année hors limites.")


@login_required
@require_POST
def caf_activity_all(request: HttpRequest, year: int) -> HttpResponse:
    """Every facility at once takes minutes for a city: a background job, whose page links to the file."""
    _check_year(year)
    if not request.user.has_perm("steering.view_caf_reports"):
        raise PermissionDenied
    facilities = _activity_facilities(request, year)
    if not facilities:
        raise PermissionDenied
    job = job_start(
        kind=jobs.KIND,
        label=f"Données d'activité CAF {year} de tous les établissements",
        params=jobs.activity_params(year=year, facility_ids=[f.pk for f in facilities], today=timezone.localdate()),
        actor=request.user,
    )
    return redirect("core:job_detail", pk=job.pk)


@login_required
def caf_activity_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of a finished activity job, to the user who started it only (404 for anyone else)."""
    job = get_object_or_404(Job.objects.started_by(request.user), pk=pk, kind=jobs.KIND, status=JobStatus.SUCCEEDED)
    path = jobs.files_dir() / Path(job.result["file"]).name
    if not path.is_file():
        raise Http404("Le fichier n'est plus disponible : relancez la production.")
    return _attachment(path.read_bytes(), activity_xlsx.CONTENT_TYPE, activity_xlsx.file_name(job.result["year"]))


@login_required
def caf_activity(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    _check_year(year)
    scope = facilities_aggregated_for(request.user).select_related("organisation")
    facility = get_object_or_404(scope, pk=pk)
    if not request.user.has_perm("steering.export_caf_activity", facility):
        raise PermissionDenied
    today = timezone.localdate()
    found = activity.facilities_activity(facilities=[facility], year=year, today=today)
    content = activity_xlsx.xlsx_bytes(found, year=year, elapsed=elapsed_months(year, today))
    return _attachment(content, activity_xlsx.CONTENT_TYPE, activity_xlsx.file_name(year, facility.pk))


@login_required
def caf_filoue(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    _check_year(year)
    facility = get_object_or_404(facilities_visible_to(request.user).select_related("organisation"), pk=pk)
    if not request.user.has_perm("steering.export_filoue", facility):
        raise PermissionDenied
    try:
        found = filoue.filoue_file(facility=facility, year=year, today=timezone.localdate())
        mapping = filoue.load_mapping()
    except (ValidationError, ValueError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect(f"{reverse('steering:caf_index')}?annee={year}")
    return _attachment(filoue.csv_bytes(found, mapping), filoue.CONTENT_TYPE, filoue.file_name(facility, year))


urlpatterns = [
    path("caf/", caf_index, name="caf_index"),
    path("caf/<int:year>/activite/", caf_activity_all, name="caf_activity_all"),
    path("caf/fichiers/<int:pk>/activite.xlsx", caf_activity_file, name="caf_activity_file"),
    path("caf/<int:year>/etablissements/<int:pk>/activite.xlsx", caf_activity, name="caf_activity"),
    path("caf/<int:year>/etablissements/<int:pk>/filoue.csv", caf_filoue, name="caf_filoue"),
]

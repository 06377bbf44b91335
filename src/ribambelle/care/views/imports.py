"""Import pages (coordinator and administrator: ``care.import_care_data``): the attendance import and the
column mappings of each source software.

A file is checked by a background job (dry run) whose page shows the report; when no row is faulty, the
report offers to import it, which runs the same job with ``commit`` (wet run).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from ribambelle.care import selectors, services
from ribambelle.care.enums import ImportKind
from ribambelle.care.forms import imports as forms
from ribambelle.care.models import ImportMapping
from ribambelle.core.jobs import job_start
from ribambelle.core.models import Job, JobStatus

JOB_KIND = "care.attendance_import"


def _may_import(request: HttpRequest) -> None:
    if not request.user.has_perm("care.import_care_data"):
        raise PermissionDenied


@login_required
def attendance_import(request: HttpRequest) -> HttpResponse:
    _may_import(request)
    mappings = selectors.import_mapping_list(user=request.user).filter(kind=ImportKind.ATTENDANCE)
    form = forms.AttendanceUploadForm(request.POST or None, request.FILES or None, mappings=mappings)
    if request.method == "POST" and form.is_valid():
        upload, mapping = form.cleaned_data["file"], form.cleaned_data["mapping"]
        try:
            stored = services.import_upload_store(content=upload.read(), file_name=upload.name)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            job = job_start(
                kind=JOB_KIND,
                label=f"Vérification du fichier « {upload.name} »",
                params={
                    "upload": stored,
                    "file_name": upload.name,
                    "mapping_id": mapping.pk,
                    "actor_id": request.user.pk,
                    "commit": False,
                },
                actor=request.user,
            )
            return redirect("core:job_detail", pk=job.pk)
    context = {"form": form, "mappings": mappings, "batches": selectors.import_batch_list(user=request.user)[:20]}
    return render(request, "care/attendance_import.html", context)


@login_required
@require_POST
def attendance_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Import for good the file a successful dry run of the user checked."""
    _may_import(request)
    checked = get_object_or_404(
        Job.objects.started_by(request.user).filter(kind=JOB_KIND, status=JobStatus.SUCCEEDED), pk=pk
    )
    result = checked.result
    if checked.params.get("commit") or result.get("errors_total") or result.get("already_imported"):
        messages.error(request, "Ce fichier ne peut pas être importé : déposez un fichier vérifié sans erreur.")
        return redirect("care:attendance_import")
    job = job_start(
        kind=JOB_KIND,
        label=f"Import du fichier « {checked.params['file_name']} »",
        params=checked.params | {"commit": True},
        actor=request.user,
    )
    return redirect("core:job_detail", pk=job.pk)


def _mapping_form(request: HttpRequest, mapping: ImportMapping, title: str) -> HttpResponse:
    form = forms.ImportMappingForm(request.POST or None, kind=mapping.kind, mapping=mapping if mapping.pk else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_mapping_save(mapping=form.apply(mapping), actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"La correspondance « {mapping.source} » est enregistrée.")
            return redirect("care:attendance_import")
    return render(request, "care/import_mapping_form.html", {"form": form, "title": title, "mapping": mapping})


@login_required
def import_mapping_create(request: HttpRequest) -> HttpResponse:
    _may_import(request)
    return _mapping_form(request, ImportMapping(kind=ImportKind.ATTENDANCE), "Nouvelle correspondance de colonnes")


@login_required
def import_mapping_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _may_import(request)
    mapping = get_object_or_404(selectors.import_mapping_list(user=request.user), pk=pk)
    return _mapping_form(request, mapping, f"Correspondance « {mapping.source} »")


urlpatterns = [
    path("imports/pointages/", attendance_import, name="attendance_import"),
    path("imports/pointages/<int:pk>/importer/", attendance_import_confirm, name="attendance_import_confirm"),
    path("imports/correspondances/nouvelle/", import_mapping_create, name="import_mapping_create"),
    path("imports/correspondances/<int:pk>/", import_mapping_edit, name="import_mapping_edit"),
]

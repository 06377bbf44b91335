"""Import pages (coordinator and administrator: ``care.import_care_data``): the attendance import, the
contract import, and the column mappings of each source software.

A file is checked by a background job (dry run) whose page shows the report; when no row is faulty, the
report offers to import it, which runs the same job with ``commit`` (wet run).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from ribambelle.care import selectors, services
from ribambelle.care.enums import ImportKind
from ribambelle.care.forms import imports as forms
from ribambelle.care.models import ImportMapping
from ribambelle.core.jobs import job_start
from ribambelle.core.models import Job, JobStatus


@dataclass(frozen=True)
class _Page:
    """The import page of one kind of file: its view, template and job kind share a name."""

    name: str
    what: str  # « Fichier de … »

    @property
    def job_kind(self) -> str:
        return f"care.{self.name}"

    @property
    def url_name(self) -> str:
        return f"care:{self.name}"

    @property
    def template(self) -> str:
        return f"care/{self.name}.html"


PAGES = {
    ImportKind.ATTENDANCE: _Page("attendance_import", "pointages"),
    ImportKind.CONTRACTS: _Page("contract_import", "contrats"),
}


def _may_import(request: HttpRequest) -> None:
    if not request.user.has_perm("care.import_care_data"):
        raise PermissionDenied


def _import_page(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    _may_import(request)
    page = PAGES[kind]
    mappings = selectors.import_mapping_list(user=request.user).filter(kind=kind)
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None, mappings=mappings, what=page.what)
    if request.method == "POST" and form.is_valid():
        upload, mapping = form.cleaned_data["file"], form.cleaned_data["mapping"]
        try:
            stored = services.import_upload_store(content=upload.read(), file_name=upload.name)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            job = job_start(
                kind=page.job_kind,
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
    batches = selectors.import_batch_list(user=request.user).filter(kind=kind)[:20]
    context = {"form": form, "mappings": mappings, "batches": batches, "kind": kind}
    return render(request, page.template, context)


@login_required
def attendance_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, ImportKind.ATTENDANCE)


@login_required
def contract_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, ImportKind.CONTRACTS)


def _confirm(request: HttpRequest, pk: int, kind: ImportKind) -> HttpResponse:
    """Import for good the file a successful dry run of the user checked."""
    _may_import(request)
    page = PAGES[kind]
    checked = get_object_or_404(
        Job.objects.started_by(request.user).filter(kind=page.job_kind, status=JobStatus.SUCCEEDED), pk=pk
    )
    result = checked.result
    if checked.params.get("commit") or result.get("errors_total") or result.get("already_imported"):
        messages.error(request, "Ce fichier ne peut pas être importé : déposez un fichier vérifié sans erreur.")
        return redirect(page.url_name)
    job = job_start(
        kind=page.job_kind,
        label=f"Import du fichier « {checked.params['file_name']} »",
        params=checked.params | {"commit": True},
        actor=request.user,
    )
    return redirect("core:job_detail", pk=job.pk)


@login_required
@require_POST
def attendance_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, ImportKind.ATTENDANCE)


@login_required
@require_POST
def contract_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, ImportKind.CONTRACTS)


def _mapping_form(request: HttpRequest, mapping: ImportMapping, title: str) -> HttpResponse:
    page = PAGES[ImportKind(mapping.kind)]
    form = forms.ImportMappingForm(request.POST or None, kind=mapping.kind, mapping=mapping if mapping.pk else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_mapping_save(mapping=form.apply(mapping), actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"La correspondance « {mapping.source} » est enregistrée.")
            return redirect(page.url_name)
    context = {"form": form, "title": title, "mapping": mapping, "back": page.url_name}
    return render(request, "care/import_mapping_form.html", context)


@login_required
def import_mapping_create(request: HttpRequest) -> HttpResponse:
    """A new mapping of the kind named by ``?donnees=`` (attendance by default)."""
    _may_import(request)
    kind = request.GET.get("donnees", ImportKind.ATTENDANCE)
    if kind not in ImportKind.values:
        raise Http404("Type de données inconnu.")
    return _mapping_form(request, ImportMapping(kind=kind), "Nouvelle correspondance de colonnes")


@login_required
def import_mapping_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _may_import(request)
    mapping = get_object_or_404(selectors.import_mapping_list(user=request.user), pk=pk)
    return _mapping_form(request, mapping, f"Correspondance « {mapping.source} »")


urlpatterns = [
    path("imports/pointages/", attendance_import, name="attendance_import"),
    path("imports/pointages/<int:pk>/importer/", attendance_import_confirm, name="attendance_import_confirm"),
    path("imports/contrats/", contract_import, name="contract_import"),
    path("imports/contrats/<int:pk>/importer/", contract_import_confirm, name="contract_import_confirm"),
    path("imports/correspondances/nouvelle/", import_mapping_create, name="import_mapping_create"),
    path("imports/correspondances/<int:pk>/", import_mapping_edit, name="import_mapping_edit"),
]

"""The job page and its progress fragment, polled by htmx until the job finishes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ribambelle.core.models import Job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.started_by(request.user), pk=pk)
    template = "core/includes/job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})

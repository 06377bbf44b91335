"""The attendance export page: a period and a format, then the file of the user's facilities (the same rows
as `ribambelle export attendance`). Open to whoever sees the children of at least one facility."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ribambelle.care import exports
from ribambelle.care.forms import imports as forms
from ribambelle.territory.selectors import facilities_visible_to


@login_required
def attendance_export(request: HttpRequest) -> HttpResponse:
    facilities = facilities_visible_to(request.user)
    if not facilities.exists():
        raise PermissionDenied
    form = forms.AttendanceExportForm(request.GET if "start_on" in request.GET else None)
    if form.is_valid():
        start_on, end_on, export_format = (form.cleaned_data[k] for k in ("start_on", "end_on", "format"))
        sink = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        rows = exports.attendance_rows(facilities=facilities, start_on=start_on, end_on=end_on)
        exports.write_export(rows, export_format, sink)
        sink.seek(0)
        return FileResponse(
            sink,
            as_attachment=True,
            filename=f"pointages_{start_on:%Y-%m-%d}_{end_on:%Y-%m-%d}.{export_format}",
            content_type=exports.CONTENT_TYPES[export_format],
        )
    return render(request, "care/attendance_export.html", {"form": form})


urlpatterns = [path("exports/pointages/", attendance_export, name="attendance_export")]

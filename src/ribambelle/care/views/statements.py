"""The monthly statements: a month picker, the facility-month table, a family's PDF statement and the
month's export for the finance department (CSV, XLSX)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, register_converter
from django.utils import timezone

from ribambelle.care import selectors, statement_files, statements
from ribambelle.rules.choices import MissingChoice
from ribambelle.territory.models import Facility

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MonthConverter:
    """``2026-03`` in the URL, the month's first day in the view."""

    regex = r"\d{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value: str) -> date:
        return date(int(value[:4]), int(value[5:]), 1)

    def to_url(self, value: date) -> str:
        return f"{value:%Y-%m}"


register_converter(MonthConverter, "yyyy_mm")


class StatementMonthForm(forms.Form):
    facility = forms.TypedChoiceField(label="Établissement", coerce=int)
    month = forms.DateField(
        label="Mois",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": "Saisissez un mois, par exemple 2026-03."},
    )

    def __init__(self, *args: Any, facilities: list[Facility], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [(facility.pk, facility.name) for facility in facilities]


def _facility(request: HttpRequest, pk: int) -> Facility:
    facility = get_object_or_404(selectors.facility_for_care(user=request.user), pk=pk)
    if not request.user.has_perm("care.view_statements", facility):
        raise PermissionDenied
    return facility


@login_required
def statement_index(request: HttpRequest) -> HttpResponse:
    facilities = [
        facility
        for facility in selectors.facility_for_care(user=request.user).order_by("name")
        if request.user.has_perm("care.view_statements", facility)
    ]
    if not facilities:
        raise PermissionDenied
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    form = StatementMonthForm(request.GET or None, facilities=facilities, initial={"month": last_month})
    if form.is_valid():
        month = form.cleaned_data["month"].replace(day=1)
        return redirect("care:statement_month", pk=form.cleaned_data["facility"], month=month)
    return render(request, "care/statement_index.html", {"form": form})


@login_required
def statement_month(request: HttpRequest, pk: int, month: date) -> HttpResponse:
    facility = _facility(request, pk)
    missing_choice = ""
    try:
        rows = statements.month_statements(facility=facility, month=month)
    except MissingChoice as exc:
        rows, missing_choice = [], str(exc)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=31)).replace(day=1)
    context = {
        "facility": facility,
        "month": month,
        "statements": rows,
        "totals": statements.statement_totals(rows),
        "missing_choice": missing_choice,
        "previous": previous,
        "following": following,
        "form": StatementMonthForm(initial={"facility": facility.pk, "month": month}, facilities=[facility]),
        "can_set_choices": request.user.has_perm("territory.set_rule_choice"),
    }
    return render(request, "care/statement_month.html", context)


def _month_statements(facility: Facility, month: date) -> list[statements.MonthlyStatement] | None:
    try:
        return statements.month_statements(facility=facility, month=month)
    except MissingChoice:
        return None


@login_required
def statement_family_pdf(request: HttpRequest, pk: int, month: date, family_pk: int) -> HttpResponse:
    facility = _facility(request, pk)
    rows = _month_statements(facility, month)
    if rows is None:
        return redirect("care:statement_month", pk=pk, month=month)
    family_rows = [row for row in rows if row.family.pk == family_pk]
    if not family_rows:
        raise Http404("Aucun relevé de cette famille ce mois-ci.")
    return _attachment(
        statement_files.family_pdf(family_rows, facility=facility),
        "application/pdf",
        statement_files.family_pdf_name(family_rows),
    )


@login_required
def statement_export_csv(request: HttpRequest, pk: int, month: date) -> HttpResponse:
    facility = _facility(request, pk)
    rows = _month_statements(facility, month)
    if rows is None:
        return redirect("care:statement_month", pk=pk, month=month)
    return _attachment(
        statement_files.csv_bytes(rows),
        "text/csv; charset=utf-8",
        statement_files.export_name(facility, month, "csv"),
    )


@login_required
def statement_export_xlsx(request: HttpRequest, pk: int, month: date) -> HttpResponse:
    facility = _facility(request, pk)
    rows = _month_statements(facility, month)
    if rows is None:
        return redirect("care:statement_month", pk=pk, month=month)
    return _attachment(
        statement_files.xlsx_bytes(rows, facility=facility, month=month),
        _XLSX,
        statement_files.export_name(facility, month, "xlsx"),
    )


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


_MONTH = "etablissements/<int:pk>/releves/<yyyy_mm:month>/"

urlpatterns = [
    path("releves/", statement_index, name="statement_index"),
    path(_MONTH, statement_month, name="statement_month"),
    path(f"{_MONTH}familles/<int:family_pk>.pdf", statement_family_pdf, name="statement_family_pdf"),
    path(f"{_MONTH}export.csv", statement_export_csv, name="statement_export_csv"),
    path(f"{_MONTH}export.xlsx", statement_export_xlsx, name="statement_export_xlsx"),
]

"""The activity cockpit: the territory's dashboard (filters, key figures, trend charts, facilities, alerts),
a facility's year, a facility's month day by day; every table as CSV or XLSX, the dashboards as PDF
reports. Scope: territory.selectors.facilities_aggregated_for (a director her facilities)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from ribambelle.core.charts import Series, line_chart
from ribambelle.core.jobs import job_start
from ribambelle.core.pdf import pdf_bytes, pdf_response
from ribambelle.core.tables import CONTENT_TYPES, Table, download
from ribambelle.engines.indicators import Grain
from ribambelle.steering import cockpit, cockpit_tables, tasks
from ribambelle.steering.forms import ActivityFilterForm, FacilityActivityForm
from ribambelle.steering.funding import funding
from ribambelle.territory.models import Facility
from ribambelle.territory.selectors import facilities_aggregated_for, sector_list

FACILITIES_PER_PAGE = 50
# Above this, the territory's PDF report gives the sectors and leaves the facilities to the XLSX table
# (WeasyPrint takes seconds per page of a long table: the report of 737 facilities took 23 s).
PDF_FACILITIES = 60


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm("steering.view_activity"):
        raise PermissionDenied


def _years(today: date) -> list[int]:
    return [year for year in cockpit.years_with_facts() if cockpit.period_of(year, today=today) is not None]


def _filters(request: HttpRequest, years: list[int]) -> ActivityFilterForm:
    sectors = [(s.pk, s.name) for s in sector_list(user=request.user)]
    data = request.GET.copy()
    if years and not data.get("year"):
        data["year"] = str(years[0])
    return ActivityFilterForm(data, years=years, sectors=sectors)


def _charts(board: cockpit.Dashboard) -> dict[str, Any]:
    labels = [month.label for month in board.months]
    this_year, last_year = str(board.period.first.year), str(board.previous_period.first.year)

    def chart(title: str, attribute: str, reference: bool) -> Any:
        def values(rows: list[Any]) -> list[Any]:
            return [
                None if row is None or getattr(row, attribute) is None else getattr(row, attribute).value
                for row in rows
            ]

        return line_chart(
            title=f"{title} par mois, {this_year} et {last_year}",
            description=(
                f"{title} de chaque mois de {board.period.label}, comparé aux mêmes mois de {last_year}"
                + (f" et au repère national de {cockpit.percent(board.reference)}." if reference else ".")
                + " Les chiffres sont dans le tableau des mois."
            ),
            labels=labels,
            series=[
                Series(this_year, values([m.current for m in board.months])),
                Series(last_year, values([m.previous for m in board.months])),
            ],
            reference=board.reference if reference else None,
            reference_label="repère national",
        )

    return {
        "real_chart": chart("Taux d'occupation réel", "real_occupancy", True),
        "financial_chart": chart("Taux d'occupation financier", "financial_occupancy", False),
    }


def _export(request: HttpRequest, tables: dict[str, Callable[[], Table]], name: str) -> HttpResponse | None:
    """The table ``?export=…&format=csv|xlsx`` asks for (built then only), or None when the page is asked for."""
    wanted, file_format = request.GET.get("export"), request.GET.get("format", "xlsx")
    if not wanted:
        return None
    if wanted not in tables or file_format not in CONTENT_TYPES:
        raise Http404("Export inconnu.")
    return download(tables[wanted](), file_format=file_format, filename=f"{name}-{wanted}")


def _territory(request: HttpRequest) -> dict[str, Any]:
    _require(request)
    today = timezone.localdate()
    form = _filters(request, _years(today))
    context: dict[str, Any] = {"filters": form, "board": None, "query": request.GET.urlencode()}
    if not form.is_valid():
        return context
    data = form.cleaned_data
    facilities = facilities_aggregated_for(request.user)
    for name, value in (
        ("sector_id", data["sector"]),
        ("facility_type", data["facility_type"]),
        ("management_mode", data["management_mode"]),
    ):
        if value:
            facilities = facilities.filter(**{name: value})
    period = cockpit.period_of(data["year"], today=today)
    assert period is not None  # the form offers the years with a complete month only
    board = cockpit.dashboard(facilities=cockpit.facility_infos(facilities), period=period, today=today)
    context |= {"board": board, **_charts(board)}
    return context


@login_required
def cockpit_page(request: HttpRequest) -> HttpResponse:
    context = _territory(request)
    board = context["board"]
    if board is not None:
        tables = {
            "etablissements": partial(cockpit_tables.facilities_table, board),
            "secteurs": partial(cockpit_tables.sectors_table, board),
            "mois": partial(cockpit_tables.months_table, board),
            "alertes": partial(cockpit_tables.alerts_table, board),
        }
        response = _export(request, tables, f"activite-{board.period.first.year}")
        if response is not None:
            return response
        context["facility_page"] = Paginator(board.facilities, FACILITIES_PER_PAGE).get_page(request.GET.get("page"))
        context["page_query"] = request.GET.copy()
        context["page_query"].pop("page", None)
        context["page_query"] = context["page_query"].urlencode()
    return render(request, "steering/cockpit.html", context)


@login_required
def cockpit_report(request: HttpRequest) -> HttpResponse:
    context = _territory(request)
    board = context["board"]
    if board is None:
        raise Http404("Choisissez une année couverte par les données d'activité.")
    context |= {"title": "Rapport d'activité du territoire", "pdf_facilities": PDF_FACILITIES}
    return pdf_response(pdf_bytes("steering/report_pdf.html", context), f"rapport-activite-{board.period.first.year}")


@login_required
@require_POST
def billing_refresh(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("steering.refresh_billing"):
        raise PermissionDenied
    job = job_start(
        kind=tasks.KIND,
        label="Recalcul des heures facturées",
        params={"organisation_id": request.user.organisation_id},  # type: ignore[union-attr]
        actor=request.user,
    )
    return redirect("core:job_detail", pk=job.pk)


def _facility(request: HttpRequest, pk: int) -> Facility:
    _require(request)
    return get_object_or_404(facilities_aggregated_for(request.user), pk=pk)


def _facility_board(request: HttpRequest, pk: int) -> dict[str, Any]:
    facility = _facility(request, pk)
    today = timezone.localdate()
    years = _years(today)
    data = request.GET.copy()
    if years and not data.get("year"):
        data["year"] = str(years[0])
    form = FacilityActivityForm(data, years=years)
    if not form.is_valid() and "year" in form.errors:
        raise Http404("Aucune donnée d'activité pour cette année.")
    year = form.cleaned_data["year"]
    period = cockpit.period_of(year, today=today)
    assert period is not None  # the form offers the years with a complete month only
    (info,) = cockpit.facility_infos(facilities_aggregated_for(request.user).filter(pk=facility.pk))
    board = cockpit.dashboard(facilities=[info], period=period, today=today)
    cost = form.cleaned_data.get("hourly_cost_price")
    return {
        "facility": info,
        "form": form,
        "query": f"year={year}",
        "board": board,
        "sections": cockpit.section_figures(facility_id=facility.pk, months=period.months, grain=Grain.YEAR),
        "sections_caption": f"Activité par section, {period.label}",
        "funding": funding(facility=facility, period=period, hourly_cost_price=cost),
        **_charts(board),
    }


@login_required
def facility_activity(request: HttpRequest, pk: int) -> HttpResponse:
    context = _facility_board(request, pk)
    board = context["board"]
    tables = {
        "mois": partial(cockpit_tables.months_table, board),
        "sections": partial(cockpit_tables.sections_table, context["sections"], context["sections_caption"]),
        "alertes": partial(cockpit_tables.alerts_table, board),
    }
    response = _export(request, tables, f"activite-{board.period.first.year}-etablissement-{pk}")
    return response or render(request, "steering/facility.html", context)


@login_required
def facility_report(request: HttpRequest, pk: int) -> HttpResponse:
    context = _facility_board(request, pk)
    board = context["board"]
    context |= {"title": f"Rapport d'activité — {context['facility'].name}"}
    return pdf_response(
        pdf_bytes("steering/report_pdf.html", context), f"rapport-activite-{board.period.first.year}-etablissement-{pk}"
    )


@login_required
def facility_month(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    facility = _facility(request, pk)
    try:
        first = date(year, month, 1)
    except ValueError:
        raise Http404("Mois inconnu.") from None
    days, whole = cockpit.month_days(facility_id=facility.pk, month=first)
    sections = cockpit.section_figures(facility_id=facility.pk, months=[first], grain=Grain.MONTH)
    caption = f"Activité par section, {date_format(first, 'F Y')}"
    tables = {
        "jours": partial(cockpit_tables.days_table, days),
        "sections": partial(cockpit_tables.sections_table, sections, caption),
    }
    response = _export(request, tables, f"activite-{first:%Y-%m}-etablissement-{pk}")
    if response is not None:
        return response
    context = {
        "facility": facility,
        "month": first,
        "days": days,
        "whole": whole,
        "sections": sections,
        "sections_caption": caption,
        "monthly": True,
        "may_see_statements": request.user.has_perm("care.view_statements", facility),
    }
    return render(request, "steering/month.html", context)


urlpatterns = [
    path("", cockpit_page, name="cockpit"),
    path("rapport.pdf", cockpit_report, name="cockpit_report"),
    path("recalcul/", billing_refresh, name="billing_refresh"),
    path("etablissements/<int:pk>/", facility_activity, name="facility_activity"),
    path("etablissements/<int:pk>/rapport.pdf", facility_report, name="facility_report"),
    path("etablissements/<int:pk>/<int:year>/<int:month>/", facility_month, name="facility_month"),
]

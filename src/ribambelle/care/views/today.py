"""The "today" page of a facility, made for a tablet: the children expected and present, one tap to record
an arrival, a departure or an absence, and the live counts (children present, staff the ratio requires,
surnombre limit).

Every tap goes through care.services (validated, audited) and works both as a plain form POST (redirect
back to the day, with a message) and with htmx (the children come back with the counts out of band, and
focus moves to the message in the child's row). A day is tapped only when it has come and the facility
is open; the time defaults to now on the current day.

Navigation: the entry has no permission, since a director's right is per facility and no object-free
permission holds for her; the index lists the facilities whose children the user sees, and tells an
elected official or an HR officer in French that her role has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ribambelle.care import selectors, services
from ribambelle.care.enums import AbsenceReason
from ribambelle.territory.models import Facility


class _DayForm(forms.Form):
    date = forms.DateField(
        label="Jour",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date, par exemple 02/03/2026."},
    )


class _ChildForm(forms.Form):
    on = forms.DateField(error_messages={"required": "Le jour manque.", "invalid": "Le jour est illisible."})
    child = forms.IntegerField(error_messages={"required": "Choisissez un enfant.", "invalid": "Choisissez un enfant."})


class _TapForm(_ChildForm):
    at = forms.TimeField(
        error_messages={"required": "Indiquez l'heure.", "invalid": "Saisissez une heure, par exemple 08:45."}
    )


class _PeriodForm(_ChildForm):
    period = forms.IntegerField(
        error_messages={"required": "Choisissez une présence.", "invalid": "Choisissez une présence."}
    )


class _CorrectionForm(_PeriodForm):
    arrived_at = forms.TimeField(
        error_messages={
            "required": "Indiquez l'heure d'arrivée.",
            "invalid": "Saisissez une heure d'arrivée, par exemple 08:45.",
        }
    )
    left_at = forms.TimeField(
        required=False, error_messages={"invalid": "Saisissez une heure de départ, par exemple 17:30."}
    )


class _AbsenceForm(_ChildForm):
    reason = forms.ChoiceField(
        choices=AbsenceReason.choices,
        error_messages={
            "required": "Choisissez le motif de l'absence.",
            "invalid_choice": "Choisissez le motif dans la liste.",
        },
    )


@dataclass(frozen=True)
class _Notice:
    """The answer to a tap, shown in the child's row (or above the rows when no child was chosen)."""

    child_pk: int | None
    text: str
    ok: bool


_Action = Callable[[HttpRequest, Facility, selectors.ChildToday, date, dict[str, Any]], str]


def _facility(request: HttpRequest, pk: int) -> Facility:
    facility = get_object_or_404(selectors.facility_for_care(user=request.user), pk=pk)
    if not request.user.has_perm("care.record_attendance", facility):
        raise PermissionDenied
    return facility


def _clock(at: time) -> str:
    return f"{at.hour} h {at.minute:02d}"


def _context(
    request: HttpRequest, facility: Facility, on: date, notice: _Notice | None = None, **extra: Any
) -> dict[str, Any]:
    day = selectors.facility_day(facility=facility, on=on)
    today = timezone.localdate()
    tappable = on <= today and day.closure is None
    on_board = {row.child.pk for row in day.children}
    if notice is not None and notice.child_pk not in on_board:
        notice = replace(notice, child_pk=None)  # shown above the rows
    unplanned = (
        [
            c.child
            for c in selectors.contract_list(user=request.user, facility=facility, on=on)
            if c.child_id not in on_board
        ]
        if tappable
        else []
    )
    return {
        "facility": facility,
        "day": day,
        "counts": selectors.facility_day_counts(day=day),
        "today": today,
        "tappable": tappable,
        "now": timezone.localtime().strftime("%H:%M") if on == today else "",
        "reasons": AbsenceReason.choices,
        "unplanned": unplanned,
        "notice": notice,
        "oob": False,
    } | extra


@login_required
def today_index(request: HttpRequest) -> HttpResponse:
    facilities = selectors.facility_for_care(user=request.user).order_by("name")
    return render(request, "care/today_index.html", {"facilities": facilities})


@login_required
def today(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility(request, pk)
    on = timezone.localdate()
    day_form = _DayForm(request.GET) if "date" in request.GET else _DayForm(initial={"date": on})
    if day_form.is_bound and day_form.is_valid():
        on = day_form.cleaned_data["date"]
    context = _context(request, facility, on, day_form=day_form)
    context |= {
        "previous": on - timedelta(days=1) if on > date.min else None,
        "next": on + timedelta(days=1) if on < date.max else None,
    }
    return render(request, "care/today.html", context)


def _row(request: HttpRequest, facility: Facility, day: selectors.Day, child_pk: int) -> selectors.ChildToday:
    """The child's row of the day, or a new one for a child under contract who was not expected (404 else)."""
    for row in day.children:
        if row.child.pk == child_pk:
            return row
    contract = (
        selectors.contract_list(user=request.user, facility=facility, on=day.on).filter(child_id=child_pk).first()
    )
    if contract is None:
        raise Http404
    return selectors.ChildToday(contract.child, contract)


def _tap(request: HttpRequest, pk: int, form_class: type[_ChildForm], action: _Action) -> HttpResponse:
    facility = _facility(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        on = form.cleaned_data.get("on") or timezone.localdate()
        return _answer(request, facility, on, _Notice(form.cleaned_data.get("child"), error, ok=False))
    on, child_pk = form.cleaned_data["on"], form.cleaned_data["child"]
    day = selectors.facility_day(facility=facility, on=on)
    refusal = _refusal(day)
    if refusal:
        return _answer(request, facility, on, _Notice(None, refusal, ok=False))
    row = _row(request, facility, day, child_pk)
    try:
        text = action(request, facility, row, on, form.cleaned_data)
    except ValidationError as exc:
        return _answer(request, facility, on, _Notice(child_pk, " ".join(exc.messages), ok=False))
    return _answer(request, facility, on, _Notice(child_pk, text, ok=True))


def _refusal(day: selectors.Day) -> str:
    """Why no tap is taken on this day (the service knows neither closures nor the date of today)."""
    if day.closure is not None:
        return f"Établissement fermé ce jour ({day.closure}) : aucun pointage possible."
    if day.on > timezone.localdate():
        return "Un jour à venir ne se pointe pas encore."
    return ""


def _answer(request: HttpRequest, facility: Facility, on: date, notice: _Notice) -> HttpResponse:
    if request.htmx:
        context = _context(request, facility, on, notice=notice, oob=True)
        return render(request, "care/includes/today_board.html", context)
    (messages.success if notice.ok else messages.error)(request, notice.text)
    return redirect(f"{reverse('care:today', args=[facility.pk])}?date={on:%Y-%m-%d}")


def _arrive(request: HttpRequest, facility: Facility, row: selectors.ChildToday, on: date, data: dict[str, Any]) -> str:
    at = data["at"].replace(second=0, microsecond=0)
    services.attendance_arrive(child=row.child, facility=facility, on=on, at=at, actor=request.user)
    return f"Arrivée de {row.child} à {_clock(at)}."


def _leave(request: HttpRequest, facility: Facility, row: selectors.ChildToday, on: date, data: dict[str, Any]) -> str:
    at = data["at"].replace(second=0, microsecond=0)
    period = services.attendance_leave(child=row.child, facility=facility, on=on, at=at, actor=request.user)
    late = " Départ après l'heure prévue au contrat." if period.late_pickup else ""
    return f"Départ de {row.child} à {_clock(at)}.{late}"


def _absent(request: HttpRequest, facility: Facility, row: selectors.ChildToday, on: date, data: dict[str, Any]) -> str:
    reason = AbsenceReason(data["reason"])
    services.absence_record(child=row.child, facility=facility, on=on, reason=reason, actor=request.user)
    return f"Absence de {row.child} notée : {reason.label}."


def _cancel(request: HttpRequest, facility: Facility, row: selectors.ChildToday, on: date, data: dict[str, Any]) -> str:
    if row.absence is None:
        raise ValidationError(f"Aucune absence de {row.child} n'est notée ce jour.", code="no_absence")
    services.absence_cancel(absence=row.absence, actor=request.user)
    return f"Absence de {row.child} retirée."


def _period(row: selectors.ChildToday, data: dict[str, Any]) -> Any:
    """The child's period of the day named by the form (only the row's own periods can be named)."""
    for period in row.periods:
        if period.pk == data["period"]:
            return period
    raise ValidationError(f"Cette présence de {row.child} n'existe plus : la page a été mise à jour.", code="gone")


def _correct(
    request: HttpRequest, facility: Facility, row: selectors.ChildToday, on: date, data: dict[str, Any]
) -> str:
    arrived = data["arrived_at"].replace(second=0, microsecond=0)
    left = data["left_at"].replace(second=0, microsecond=0) if data["left_at"] else None
    period = services.attendance_correct(
        attendance=_period(row, data), arrived_at=arrived, left_at=left, actor=request.user
    )
    until = f", départ {_clock(left)}" if left else ", sans départ"
    late = " Départ après l'heure prévue au contrat." if period.late_pickup else ""
    return f"Heures de {row.child} corrigées : arrivée {_clock(arrived)}{until}.{late}"


def _delete(request: HttpRequest, facility: Facility, row: selectors.ChildToday, on: date, data: dict[str, Any]) -> str:
    period = _period(row, data)
    services.attendance_delete(attendance=period, actor=request.user)
    return f"Présence de {row.child} arrivée à {_clock(period.arrived_at)} supprimée."


@login_required
@require_POST
def today_arrive(request: HttpRequest, pk: int) -> HttpResponse:
    return _tap(request, pk, _TapForm, _arrive)


@login_required
@require_POST
def today_leave(request: HttpRequest, pk: int) -> HttpResponse:
    return _tap(request, pk, _TapForm, _leave)


@login_required
@require_POST
def today_absence(request: HttpRequest, pk: int) -> HttpResponse:
    return _tap(request, pk, _AbsenceForm, _absent)


@login_required
@require_POST
def today_absence_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _tap(request, pk, _ChildForm, _cancel)


@login_required
@require_POST
def today_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _tap(request, pk, _CorrectionForm, _correct)


@login_required
@require_POST
def today_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _tap(request, pk, _PeriodForm, _delete)


urlpatterns = [
    path("jour/", today_index, name="today_index"),
    path("etablissements/<int:pk>/jour/", today, name="today"),
    path("etablissements/<int:pk>/jour/arrivee/", today_arrive, name="today_arrive"),
    path("etablissements/<int:pk>/jour/depart/", today_leave, name="today_leave"),
    path("etablissements/<int:pk>/jour/absence/", today_absence, name="today_absence"),
    path("etablissements/<int:pk>/jour/absence/annulation/", today_absence_cancel, name="today_absence_cancel"),
    path("etablissements/<int:pk>/jour/correction/", today_correct, name="today_correct"),
    path("etablissements/<int:pk>/jour/suppression/", today_delete, name="today_delete"),
]

"""Contract forms: a new contract and an amendment (avenant), both with the weekly schedule table
(arrival and departure per weekday, Monday to Saturday)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ribambelle.care.enums import ContractKind
from ribambelle.care.services import SchedulePeriod
from ribambelle.families.models import Child
from ribambelle.territory.enums import Weekday
from ribambelle.territory.forms import DateInput, TimeInput
from ribambelle.territory.models import Section

DAYS = (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY, Weekday.SATURDAY)


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.birth_on:
            born = f"né·e le {obj.birth_on:%d/%m/%Y}"
        else:
            born = f"naissance prévue le {obj.expected_birth_on:%d/%m/%Y}"
        return f"{obj.last_name.upper()} {obj.first_name} ({born}, dossier {obj.family.reference})"


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.min_age_months} à {obj.max_age_months} mois)"


class _ScheduleForm(forms.Form):
    """The weeks of attendance and one arrival and departure per weekday; ``schedule`` in cleaned_data."""

    attendance_weeks = forms.IntegerField(
        label="Semaines de présence dans l'année",
        min_value=1,
        max_value=52,
        required=False,
        help_text="Obligatoire pour un accueil régulier.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in DAYS:
            self.fields[f"arrival_{day.value}"] = forms.TimeField(
                label=f"Arrivée le {day.label}", required=False, widget=TimeInput()
            )
            self.fields[f"departure_{day.value}"] = forms.TimeField(
                label=f"Départ le {day.label}", required=False, widget=TimeInput()
            )

    @property
    def day_rows(self) -> list[tuple[str, Any, Any]]:
        return [(day.label, self[f"arrival_{day.value}"], self[f"departure_{day.value}"]) for day in DAYS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        schedule = []
        for day in DAYS:
            arrival, departure = data.get(f"arrival_{day.value}"), data.get(f"departure_{day.value}")
            if arrival is None and departure is None:
                continue
            if arrival is None or departure is None:
                self.add_error(f"departure_{day.value}", f"Indiquez l'arrivée et le départ du {day.label}.")
            elif departure <= arrival:
                self.add_error(f"departure_{day.value}", f"Le départ du {day.label} doit suivre l'arrivée.")
            else:
                schedule.append(SchedulePeriod(day.value, _minutes(arrival), _minutes(departure)))
        data["schedule"] = schedule
        return data


class ContractForm(_ScheduleForm):
    child = ChildChoiceField(label="Enfant", queryset=Child.objects.none())
    section = SectionChoiceField(
        label="Section", queryset=Section.objects.none(), required=False, empty_label="Sans section"
    )
    kind = forms.ChoiceField(label="Type d'accueil", choices=ContractKind.choices, initial=ContractKind.REGULAR)
    starts_on = forms.DateField(label="Début du contrat", widget=DateInput())
    ends_on = forms.DateField(label="Fin du contrat", widget=DateInput())

    field_order = ["child", "section", "kind", "starts_on", "ends_on", "attendance_weeks"]

    def __init__(self, *args: Any, children: Any, sections: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children  # type: ignore[attr-defined]
        self.fields["section"].queryset = sections  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "La fin du contrat ne peut pas précéder son début.")
        return data


class AmendmentForm(_ScheduleForm):
    valid_from = forms.DateField(label="À partir du", widget=DateInput())

    field_order = ["valid_from", "attendance_weeks"]


def schedule_initial(schedule: Sequence[dict[str, int]]) -> dict[str, time]:
    """The form's arrival and departure of each day of a stored schedule (first arrival, last departure)."""
    initial: dict[str, time] = {}
    for period in schedule:
        arrival, departure = f"arrival_{period['weekday']}", f"departure_{period['weekday']}"
        start, end = _time(period["start"]), _time(period["end"])
        initial[arrival] = min(initial.get(arrival, start), start)
        initial[departure] = max(initial.get(departure, end), end)
    return initial


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def add_refusal(form: forms.BaseForm, exc: Exception) -> None:
    for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
        form.add_error(None, message)

"""Registry forms; model validation gives the French messages (clean() mirrors the constraints)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms

from ribambelle.rules.choices import CHOICES
from ribambelle.territory.enums import FacilityType, Weekday
from ribambelle.territory.models import (
    Authorisation,
    AuthorisationSlot,
    Closure,
    Facility,
    ParameterEntry,
    Section,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = [
            "name",
            "facility_type",
            "sector",
            "management_mode",
            "manager_name",
            "funding",
            "address",
            "postcode",
            "city",
            "caf_file_number",
            "caf_equipment_id",
            "children_area_m2",
            "opened_on",
            "directors",
        ]
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation_id = organisation_id
        self.fields["sector"].queryset = (
            self.fields["sector"]
            .queryset.filter(  # type: ignore[attr-defined]
                organisation_id=organisation_id
            )
            .order_by("name")
        )
        self.fields["directors"].queryset = (  # type: ignore[attr-defined]
            self.fields["directors"]
            .queryset.filter(organisation_id=organisation_id)  # type: ignore[attr-defined]
            .order_by("last_name")
        )
        self.fields["directors"].required = False


class OpeningDayForm(forms.Form):
    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int, widget=forms.HiddenInput)
    is_open = forms.BooleanField(label="ouvert", required=False)
    opens_at = forms.TimeField(label="ouverture", required=False, widget=TimeInput())
    closes_at = forms.TimeField(label="fermeture", required=False, widget=TimeInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_open"):
            opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
            if opens_at is None or closes_at is None:
                raise forms.ValidationError("Indiquez les heures d'ouverture et de fermeture d'un jour ouvert.")
            if closes_at <= opens_at:
                self.add_error("closes_at", "L'heure de fermeture doit suivre l'heure d'ouverture.")
        return data

    @property
    def day_label(self) -> str:
        value = self["weekday"].value()
        if value in (None, ""):
            value = self.initial.get("weekday")
        try:
            return Weekday(int(value)).label
        except (TypeError, ValueError):
            return "jour inconnu"


OpeningDayFormSet = forms.formset_factory(OpeningDayForm, extra=0, min_num=7, max_num=7, validate_max=True)


def opening_days_initial(facility: Facility | None) -> list[dict[str, Any]]:
    existing = {hours.weekday: hours for hours in facility.opening_hours.all()} if facility else {}
    initial = []
    for day in Weekday:
        hours = existing.get(day.value)
        default_open = facility is None and day < Weekday.SATURDAY
        initial.append(
            {
                "weekday": day.value,
                "is_open": hours is not None or default_open,
                "opens_at": hours.opens_at if hours else (time(7, 30) if default_open else None),
                "closes_at": hours.closes_at if hours else (time(18, 30) if default_open else None),
            }
        )
    return initial


class AuthorisationForm(forms.ModelForm):
    class Meta:
        model = Authorisation
        fields = [
            "reference",
            "decided_on",
            "valid_from",
            "expires_on",
            "capacity",
            "min_age_months",
            "max_age_months",
        ]
        widgets = {"decided_on": DateInput(), "valid_from": DateInput(), "expires_on": DateInput()}


class AuthorisationSlotForm(forms.ModelForm):
    class Meta:
        model = AuthorisationSlot
        fields = ["starts_at", "ends_at", "capacity"]
        widgets = {"starts_at": TimeInput(), "ends_at": TimeInput()}


AuthorisationSlotFormSet = forms.inlineformset_factory(
    Authorisation, AuthorisationSlot, form=AuthorisationSlotForm, extra=3, can_delete=False
)


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["name", "kind", "min_age_months", "max_age_months", "places"]


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["kind", "start_on", "end_on", "label"]
        widgets = {"start_on": DateInput(), "end_on": DateInput()}


class CockpitFilterForm(forms.Form):
    sector = forms.TypedChoiceField(label="Secteur", required=False, coerce=int, empty_value=None)
    facility_type = forms.ChoiceField(label="Type d'accueil", required=False)

    def __init__(self, *args: Any, sectors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "Tous les secteurs"), *sectors]
        self.fields["facility_type"].choices = [("", "Tous les types"), *FacilityType.choices]


class ParameterEntryForm(forms.ModelForm):
    key = forms.ChoiceField(label="Paramètre")
    href = forms.URLField(label="Lien", required=False, assume_scheme="https")

    class Meta:
        model = ParameterEntry
        fields = ["key", "effective_on", "value", "source", "href"]
        widgets = {"effective_on": DateInput()}

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", "—"), *keys]


class RuleChoiceForm(forms.Form):
    key = forms.ChoiceField(label="Choix", choices=[("", "—"), *((c.key, c.label) for c in CHOICES.values())])
    value = forms.ChoiceField(
        label="Valeur",
        choices=[
            ("", "—"),
            *((c.label, [(value, label) for value, label in c.values.items()]) for c in CHOICES.values()),
        ],
    )
    facility = forms.ModelChoiceField(
        label="Établissement", queryset=Facility.objects.none(), required=False, empty_label="Toute l'organisation"
    )
    valid_from = forms.DateField(label="À partir du", widget=DateInput())
    act = forms.CharField(
        label="Acte", max_length=250, help_text="Délibération, règlement de fonctionnement… qui fonde ce choix."
    )

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key, value = data.get("key"), data.get("value")
        if key and value and value not in CHOICES[key].values:
            self.add_error("value", "Cette valeur ne correspond pas au choix sélectionné.")
        return data


class FeeSimulatorForm(forms.Form):
    """A family's situation and weekly schedule, for the fee simulator."""

    DAYS = (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY, Weekday.SATURDAY)

    facility = forms.ModelChoiceField(label="Établissement", queryset=Facility.objects.none())
    on = forms.DateField(label="Date", widget=DateInput())
    monthly_resources = forms.DecimalField(
        label="Ressources mensuelles du foyer (€)", min_value=0, max_digits=9, decimal_places=2
    )
    dependent_children = forms.IntegerField(label="Enfants à charge", min_value=1, max_value=20, initial=1)
    aeeh_children = forms.IntegerField(
        label="Enfants bénéficiaires de l'AEEH dans le foyer", min_value=0, max_value=20, initial=0
    )
    ase_placement = forms.BooleanField(label="Enfant placé par l'aide sociale à l'enfance", required=False)
    attendance_weeks = forms.IntegerField(
        label="Semaines de présence dans l'année", min_value=1, max_value=52, initial=45
    )

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]
        for day in self.DAYS:
            self.fields[f"arrival_{day.value}"] = forms.TimeField(
                label=f"Arrivée le {day.label}", required=False, widget=TimeInput()
            )
            self.fields[f"departure_{day.value}"] = forms.TimeField(
                label=f"Départ le {day.label}", required=False, widget=TimeInput()
            )

    @property
    def day_rows(self) -> list[tuple[str, Any, Any]]:
        return [(day.label, self[f"arrival_{day.value}"], self[f"departure_{day.value}"]) for day in self.DAYS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("aeeh_children") or 0) > (data.get("dependent_children") or 0):
            self.add_error("aeeh_children", "Il ne peut y avoir plus d'enfants AEEH que d'enfants à charge.")
        schedule = {}
        for day in self.DAYS:
            arrival, departure = data.get(f"arrival_{day.value}"), data.get(f"departure_{day.value}")
            if arrival is None and departure is None:
                continue
            if arrival is None or departure is None:
                self.add_error(f"departure_{day.value}", f"Indiquez l'arrivée et le départ du {day.label}.")
            elif departure <= arrival:
                self.add_error(f"departure_{day.value}", f"Le départ du {day.label} doit suivre l'arrivée.")
            else:
                schedule[day.value] = (arrival, departure)
        if not schedule and not self.errors:
            raise forms.ValidationError("Indiquez au moins un jour d'accueil dans la semaine.")
        data["schedule"] = schedule
        return data

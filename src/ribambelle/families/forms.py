"""Family forms: controlled choices and identity only, never free-text notes about a family."""

from __future__ import annotations

from typing import Any

from django import forms

from ribambelle.families.enums import ApplicationDocument, DayPart
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.families.models.application import MAX_CHOICES, WEEKDAYS
from ribambelle.territory.forms import DateInput


class FamilyForm(forms.ModelForm):
    class Meta:
        model = Family
        fields = [
            "parent_last_name",
            "parent_first_name",
            "other_parent_last_name",
            "other_parent_first_name",
            "email",
            "phone",
            "address",
            "postcode",
            "city",
            "sector",
            "caf_number",
            "social_security_scheme",
            "filoue_consent",
        ]

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sectors = self.fields["sector"].queryset.filter(organisation_id=organisation_id)  # type: ignore[attr-defined]
        self.fields["sector"].queryset = sectors.order_by("name")  # type: ignore[attr-defined]


class SituationForm(forms.ModelForm):
    class Meta:
        model = FamilySituation
        fields = ["valid_from", "monthly_resources", "resources_source", "dependent_children", "aeeh_children"]
        widgets = {"valid_from": DateInput()}


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = [
            "first_name",
            "last_name",
            "birth_on",
            "expected_birth_on",
            "walks_since",
            "ase_placement",
            "disability",
        ]
        widgets = {"birth_on": DateInput(), "expected_birth_on": DateInput(), "walks_since": DateInput()}


_PARTS = [("", "—"), *DayPart.choices]


class ApplicationForm(forms.Form):
    """An application at the front desk: the child, the dates, the week (a part of each day), up to
    MAX_CHOICES facilities in the family's order, the documents received."""

    child = forms.ModelChoiceField(
        label="Enfant", queryset=Child.objects.none(), error_messages={"required": "Choisissez l'enfant."}
    )
    received_on = forms.DateField(label="Demande reçue le", widget=DateInput())
    desired_start_on = forms.DateField(label="Accueil souhaité à partir du", widget=DateInput())
    accepts_separate_facilities = forms.BooleanField(
        label="Pour des frères et sœurs, la famille accepte des établissements différents", required=False
    )
    documents = forms.MultipleChoiceField(
        label="Pièces reçues", choices=ApplicationDocument.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, children: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children  # type: ignore[attr-defined]
        for weekday, name in enumerate(WEEKDAYS[:5]):
            self.fields[f"day_{weekday}"] = forms.ChoiceField(label=name.capitalize(), choices=_PARTS, required=False)
        for rank in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{rank}"] = forms.ModelChoiceField(
                label=f"Vœu n° {rank}",
                queryset=facilities,
                required=rank == 1,
                error_messages={"required": "Indiquez au moins le premier établissement souhaité."},
            )

    def day_fields(self) -> list[Any]:
        return [self[f"day_{weekday}"] for weekday in range(5)]

    def choice_fields(self) -> list[Any]:
        return [self[f"choice_{rank}"] for rank in range(1, MAX_CHOICES + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["week"] = [
            {"weekday": weekday, "part": data[f"day_{weekday}"]} for weekday in range(5) if data.get(f"day_{weekday}")
        ]
        if not data["week"]:
            raise forms.ValidationError("Indiquez au moins un jour d'accueil souhaité.")
        data["facilities"] = [
            data[f"choice_{rank}"] for rank in range(1, MAX_CHOICES + 1) if data.get(f"choice_{rank}") is not None
        ]
        return data


class DocumentsForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label="Pièces reçues", choices=ApplicationDocument.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

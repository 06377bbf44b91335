"""Family forms: controlled choices and identity only, never free-text notes about a family."""

from __future__ import annotations

from typing import Any

from django import forms

from ribambelle.families.models import Child, Family, FamilySituation
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
        fields = ["first_name", "last_name", "birth_on", "expected_birth_on", "walks_since", "ase_placement"]
        widgets = {"birth_on": DateInput(), "expected_birth_on": DateInput(), "walks_since": DateInput()}

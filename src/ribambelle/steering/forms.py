"""The cockpit's filters: the registry cockpit's (sector, type) plus the year and the management mode."""

from __future__ import annotations

from typing import Any

from django import forms

from ribambelle.territory.enums import ManagementMode
from ribambelle.territory.forms import CockpitFilterForm


class ActivityFilterForm(CockpitFilterForm):
    year = forms.TypedChoiceField(label="Année", coerce=int)
    management_mode = forms.ChoiceField(label="Mode de gestion", required=False)

    field_order = ["year", "sector", "facility_type", "management_mode"]

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["management_mode"].choices = [("", "Tous les modes"), *ManagementMode.choices]

"""The cockpit's filters: the registry cockpit's (sector, type) plus the year and the management mode; a
facility's page: the year and the hourly cost price its PSU estimate needs."""

from __future__ import annotations

from decimal import Decimal
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


class FacilityActivityForm(forms.Form):
    year = forms.TypedChoiceField(label="Année", coerce=int)
    hourly_cost_price = forms.DecimalField(
        label="Prix de revient horaire (€)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
        localize=True,
        error_messages={
            "min_value": "Le prix de revient horaire doit être positif.",
            "max_value": "Le prix de revient horaire dépasse 100 € : vérifiez la saisie.",
        },
        help_text="Dépenses de l'année ÷ heures facturées ; sert à estimer la PSU, n'est pas enregistré.",
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]

"""Forms of the allocation app: a grid, a criterion with its answers, a new version, the answers of an
application, the waiting list's facility."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.template.defaultfilters import floatformat

from ribambelle.allocation.models import CriteriaGrid
from ribambelle.allocation.services import MAX_OPTIONS, MIN_OPTIONS, OptionInput
from ribambelle.territory.forms import DateInput


class GridForm(forms.ModelForm):
    class Meta:
        model = CriteriaGrid
        fields = ["name", "valid_from", "sibling_bonus", "sector_bonus"]
        widgets = {"valid_from": DateInput()}


class CriterionForm(forms.Form):
    label = forms.CharField(label="Critère", max_length=200)
    proof = forms.CharField(label="Justificatif demandé", max_length=200, required=False)
    insertion = forms.BooleanField(label="Critère d'insertion sociale et professionnelle (L214-7)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, MAX_OPTIONS + 1):
            required = index <= MIN_OPTIONS
            self.fields[f"option_{index}"] = forms.CharField(
                label=f"Réponse {index}", max_length=200, required=required
            )
            self.fields[f"points_{index}"] = forms.DecimalField(
                label=f"Points de la réponse {index}",
                min_value=Decimal("0"),
                max_digits=6,
                decimal_places=2,
                required=False,
            )
            self.fields[f"qualifies_{index}"] = forms.BooleanField(
                label=f"La réponse {index} ouvre droit aux places réservées", required=False
            )

    def option_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(self[f"option_{i}"], self[f"points_{i}"], self[f"qualifies_{i}"]) for i in range(1, MAX_OPTIONS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        options = []
        for index in range(1, MAX_OPTIONS + 1):
            label = (data.get(f"option_{index}") or "").strip()
            if not label:
                continue
            points = data.get(f"points_{index}")
            if points is None:
                self.add_error(f"points_{index}", f"Indiquez les points de la réponse {index}.")
                continue
            options.append(OptionInput(label, points, bool(data.get(f"qualifies_{index}"))))
        data["options"] = options
        return data


class NewVersionForm(forms.Form):
    valid_from = forms.DateField(label="La nouvelle version s'applique à partir du", widget=DateInput())


class AnswersForm(forms.Form):
    """One group of radio buttons per criterion of the grid; « non renseigné » leaves it without answer."""

    def __init__(self, *args: Any, grid: CriteriaGrid, initial_answers: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(grid.criteria.all())
        for criterion in self.criteria:
            choices = [("", "Non renseigné")] + [
                (str(option.pk), f"{option.label} ({floatformat(option.points, -2)} pts)")
                for option in criterion.options.all()
            ]
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.label,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=str(initial_answers.get(criterion.pk, "")),
                help_text=f"Justificatif : {criterion.proof}" if criterion.proof else "",
            )

    def answers(self) -> dict[int, int]:
        return {
            criterion.pk: int(self.cleaned_data[f"criterion_{criterion.pk}"])
            for criterion in self.criteria
            if self.cleaned_data.get(f"criterion_{criterion.pk}")
        }

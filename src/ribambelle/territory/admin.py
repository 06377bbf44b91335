from __future__ import annotations

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ribambelle.territory.models import (
    Authorisation,
    AuthorisationSlot,
    Closure,
    Facility,
    OpeningHours,
    Organisation,
    ParameterEntry,
    RuleChoice,
    Section,
    Sector,
)


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "siren", "insee_code", "population")
    inlines = [SectorInline]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "facility_type", "sector", "management_mode", "funding")
    list_filter = ("facility_type", "management_mode", "funding", "sector")
    search_fields = ("name", "caf_file_number", "caf_equipment_id")
    filter_horizontal = ("directors",)
    inlines = [OpeningHoursInline, SectionInline]


class SlotInline(admin.TabularInline):
    model = AuthorisationSlot
    extra = 0


@admin.register(Authorisation)
class AuthorisationAdmin(SimpleHistoryAdmin):
    list_display = ("facility", "decided_on", "valid_from", "expires_on", "capacity")
    list_filter = ("facility__sector",)
    search_fields = ("facility__name", "reference")
    inlines = [SlotInline]


@admin.register(Closure)
class ClosureAdmin(SimpleHistoryAdmin):
    list_display = ("facility", "kind", "start_on", "end_on", "label")
    list_filter = ("kind",)


@admin.register(RuleChoice)
class RuleChoiceAdmin(SimpleHistoryAdmin):
    list_display = ("key", "facility", "value", "valid_from", "valid_to", "act")
    list_filter = ("key",)


class ParameterEntryAdminForm(forms.ModelForm):
    href = forms.URLField(label="Lien", required=False, assume_scheme="https")

    class Meta:
        model = ParameterEntry
        fields = ["key", "effective_on", "value", "source", "href"]


@admin.register(ParameterEntry)
class ParameterEntryAdmin(SimpleHistoryAdmin):
    form = ParameterEntryAdminForm
    list_display = ("key", "effective_on", "value", "source")

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ribambelle.families.models import Child, Family, FamilySituation


class SituationInline(admin.TabularInline):
    model = FamilySituation
    extra = 0


class ChildInline(admin.TabularInline):
    model = Child
    extra = 0


@admin.register(Family)
class FamilyAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "parent_last_name", "parent_first_name", "city", "sector")
    search_fields = ("reference", "parent_last_name")
    inlines = [SituationInline, ChildInline]

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ribambelle.care.models import Contract, ContractVersion


class VersionInline(admin.TabularInline):
    model = ContractVersion
    extra = 0
    readonly_fields = ("hourly_fee", "fee_provenance")


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ("child", "facility", "kind", "status", "starts_on", "ends_on")
    list_filter = ("kind", "status", "facility")
    inlines = [VersionInline]

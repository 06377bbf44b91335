from __future__ import annotations

from django.contrib import admin

from ribambelle.core.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "status", "done", "total", "started_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

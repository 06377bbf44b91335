"""Navigation entries for the layout: each app's AppConfig declares ``navigation`` entries
as (label, url name, permission or None); an entry shows when the user holds the permission."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    entries = []
    for config in apps.get_app_configs():
        for label, url_name, perm in getattr(config, "navigation", ()):
            if perm is None or user.has_perm(perm):
                url = reverse(url_name)
                entries.append({"label": label, "url": url, "current": request.path == url})
    if user.is_staff:
        entries.append({"label": "Administration", "url": reverse("admin:index"), "current": False})
    return {"nav": entries}

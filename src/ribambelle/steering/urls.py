"""Steering pages: the activity cockpit (views) and the CAF reports (caf_views)."""

from __future__ import annotations

app_name = "steering"
urlpatterns: list = []

"""Steering pages: the activity cockpit (views) and the CAF reports (caf_views)."""

from __future__ import annotations

from ribambelle.steering import caf_views, views

app_name = "steering"
urlpatterns = views.urlpatterns + caf_views.urlpatterns

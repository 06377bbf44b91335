from __future__ import annotations

from ribambelle.allocation import committee_views, views

app_name = "allocation"
urlpatterns = views.urlpatterns + committee_views.urlpatterns

from __future__ import annotations

from ribambelle.allocation import views

app_name = "allocation"
urlpatterns = views.urlpatterns

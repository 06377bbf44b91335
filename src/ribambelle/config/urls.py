"""The URLconf: one include per app."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Ribambelle — administration"
admin.site.site_title = "Ribambelle"

urlpatterns = [
    path("", include("ribambelle.territory.urls")),
    path("accueil/", include("ribambelle.care.urls")),
    path("familles/", include("ribambelle.families.urls")),
    path("attribution/", include("ribambelle.allocation.urls")),
    path("pilotage/", include("ribambelle.steering.urls")),
    path("compte/", include("ribambelle.accounts.urls")),
    path("taches/", include("ribambelle.core.urls")),
    path("admin/", admin.site.urls),
]

from __future__ import annotations

from django.urls import path

from ribambelle.core import views

app_name = "core"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="job_detail"),
]

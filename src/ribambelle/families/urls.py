from __future__ import annotations

from django.urls import path

from ribambelle.families import application_views, views

app_name = "families"

urlpatterns = [
    path("nouvelle/", views.family_create, name="family_create"),
    path("<int:pk>/", views.family_detail, name="family_detail"),
    path("<int:pk>/modifier/", views.family_edit, name="family_edit"),
    path("<int:pk>/enfants/nouveau/", views.child_add, name="child_add"),
    *application_views.urlpatterns,
]

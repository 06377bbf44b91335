from __future__ import annotations

from django.urls import path

from ribambelle.territory import rules_views, views

app_name = "territory"

urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("etablissements/nouveau/", views.facility_create, name="facility_create"),
    path("etablissements/<int:pk>/", views.facility_detail, name="facility_detail"),
    path("etablissements/<int:pk>/modifier/", views.facility_edit, name="facility_edit"),
    path("etablissements/<int:pk>/historique/", views.facility_history, name="facility_history"),
    path(
        "etablissements/<int:pk>/autorisations/nouvelle/",
        views.authorisation_create,
        name="authorisation_create",
    ),
    path("etablissements/<int:pk>/sections/nouvelle/", views.section_create, name="section_create"),
    path("etablissements/<int:pk>/sections/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("etablissements/<int:pk>/fermetures/nouvelle/", views.closure_create, name="closure_create"),
    path(
        "etablissements/<int:pk>/fermetures/<int:closure_pk>/supprimer/",
        views.closure_delete,
        name="closure_delete",
    ),
    path("registre/controle/", views.registry_check, name="registry_check"),
    path("parametres/", rules_views.parameter_list, name="parameter_list"),
    path("parametres/saisir/", rules_views.parameter_entry_create, name="parameter_entry_create"),
    path("parametres/choix-locaux/", rules_views.rule_choice_list, name="rule_choice_list"),
    path("simulateur/", rules_views.fee_simulator, name="fee_simulator"),
]

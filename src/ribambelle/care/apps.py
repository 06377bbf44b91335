from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "ribambelle.care"
    label = "care"
    verbose_name = "Accueil des enfants"
    # No permission: a director's rights are per facility; the page tells a role without children so.
    navigation = (
        ("Pointage du jour", "care:today_index", None),
        # Object-free: shown when the user sees the children of at least one facility.
        ("Contrats", "care:contract_index", "care.view_care_facilities"),
        # The import page links to the export; a role check, so no query on every page.
        ("Imports et exports", "care:attendance_import", "care.import_care_data"),
        ("Relevés mensuels", "care:statement_index", "care.view_care_facilities"),
    )

    def ready(self) -> None:
        # Registers the app's django-rules permissions and its job runners; a new barème value recorded in
        # territory recomputes the contracts' fees.
        from ribambelle.care import perms, tasks  # noqa: F401
        from ribambelle.territory.signals import parameter_entry_recorded

        parameter_entry_recorded.connect(tasks.after_parameter_entry, dispatch_uid="care.fee_rescale")

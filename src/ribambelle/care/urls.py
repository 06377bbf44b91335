"""The care URLs: every module of care/views contributes its ``urlpatterns``."""

from __future__ import annotations

import importlib
import pkgutil

from ribambelle.care import views

app_name = "care"

urlpatterns = []
for _module in sorted(pkgutil.iter_modules(views.__path__), key=lambda m: m.name):
    urlpatterns += getattr(importlib.import_module(f"{views.__name__}.{_module.name}"), "urlpatterns", [])

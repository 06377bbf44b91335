"""Engines: pure, typed computations bigger than a rule (allocation first).

Like ``ribambelle.rules``, an engine imports no Django, Celery, config or app; it may import ``rules``
and computational libraries (OR-Tools). Engines never import each other.
"""

from __future__ import annotations

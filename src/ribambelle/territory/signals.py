"""Signals for the layers above territory, which it cannot import (docs/architecture.md, section 3)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once a ParameterEntry is recorded, with ``entry`` and ``actor``. A receiver may answer with the core
# Job it started as a consequence (the care app recomputes the contracts' fees); the page links to it.
parameter_entry_recorded = Signal()

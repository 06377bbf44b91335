"""Signals for the layers above care, which it cannot import (docs/architecture.md, section 3)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once an attendance import is committed, with ``facility_ids``, ``first_on`` and ``last_on`` (the days
# its rows span): the bulk writes skip the models' save signals, so the indicator facts listen to this one.
attendance_imported = Signal()

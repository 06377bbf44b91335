"""Theoretical capacity of a facility-day (capacité théorique): authorised places × opening minutes, slot by
slot when the authorisation in force is modulated (agrément modulé), zero on a closure day."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Slot:
    """A time slot of a modulated authorisation: ``places`` from ``start`` to ``end`` (minutes after
    midnight, end excluded)."""

    start: int
    end: int
    places: int


@dataclass(frozen=True, slots=True)
class DayCapacity:
    """The inputs of one facility-day: opening from ``opens`` to ``closes`` (minutes after midnight; both
    None when the facility does not open that weekday), the authorisation's places and its slots."""

    places: int
    opens: int | None
    closes: int | None
    slots: tuple[Slot, ...] = ()
    closed: bool = False


def theoretical_minutes(day: DayCapacity) -> int:
    """Place-minutes of the day. Inside a slot the slot's places apply; opening time outside every slot keeps
    the authorisation's places. Slots are expected not to overlap (the registry holds them that way)."""
    if day.closed or day.opens is None or day.closes is None or day.closes <= day.opens:
        return 0
    total = day.places * (day.closes - day.opens)
    for slot in day.slots:
        overlap = min(slot.end, day.closes) - max(slot.start, day.opens)
        if overlap > 0:
            total += (slot.places - day.places) * overlap
    return total

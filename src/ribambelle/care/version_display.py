"""How a contract version reads on screen: its weekly schedule day by day, and the explanation of its
hourly fee rebuilt from the stored ``fee_provenance`` (the rule's result with the texts it applied)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ribambelle.care.models import ContractVersion
from ribambelle.rules.choices import CHOICES
from ribambelle.rules.fees import CareMode
from ribambelle.territory.enums import Weekday
from ribambelle.territory.formatting import display_value


@dataclass(frozen=True)
class DaySchedule:
    day: str
    periods: str


@dataclass(frozen=True)
class AppliedText:
    """A parameter value the fee was computed with, and how far it can be trusted."""

    key: str
    effective_on: date
    title: str
    href: str | None
    confidence: str
    badge: str


@dataclass(frozen=True)
class FeeExplanation:
    hourly_fee: Decimal
    hourly_fee_exact: str
    resources_used: Decimal | None
    floor: Decimal | None
    ceiling: Decimal | None
    effort_rate: str
    rate_children: int | None
    mode: str
    emergency_method: str
    emergency_method_source: str
    texts: tuple[AppliedText, ...]

    @property
    def unconfirmed(self) -> bool:
        return any(text.confidence == "non vérifiée" for text in self.texts)


def schedule_days(schedule: Sequence[Mapping[str, int]]) -> list[DaySchedule]:
    """One row per weekday with contracted periods, Monday first: « 08:30–12:00, 13:30–17:30 »."""
    by_day: dict[int, list[str]] = defaultdict(list)
    for period in sorted(schedule, key=lambda p: (p["weekday"], p["start"])):
        by_day[period["weekday"]].append(f"{_clock(period['start'])}–{_clock(period['end'])}")
    return [DaySchedule(Weekday(day).label, ", ".join(periods)) for day, periods in sorted(by_day.items())]


def schedule_text(schedule: Sequence[Mapping[str, int]]) -> str:
    return " ; ".join(f"{row.day} {row.periods}" for row in schedule_days(schedule)) or "aucun horaire"


def fee_explanation(version: ContractVersion) -> FeeExplanation:
    provenance: dict[str, Any] = version.fee_provenance or {}
    method = provenance.get("emergency_method", "")
    return FeeExplanation(
        hourly_fee=version.hourly_fee,
        hourly_fee_exact=_amount(provenance.get("hourly_rate_exact")),
        resources_used=_decimal(provenance.get("resources_used")),
        floor=_decimal(provenance.get("floor")),
        ceiling=_decimal(provenance.get("ceiling")),
        effort_rate=_percent(provenance.get("effort_rate")),
        rate_children=provenance.get("rate_children"),
        mode=CareMode(provenance["mode"]).label if "mode" in provenance else "",
        emergency_method=CHOICES["fee.emergency_tariff"].values.get(method, method),
        emergency_method_source=provenance.get("method_source", ""),
        texts=tuple(_text(reference) for reference in provenance.get("references", [])),
    )


def _text(reference: Mapping[str, Any]) -> AppliedText:
    if reference.get("entered_locally"):
        confidence, badge = "saisie locale", "badge"
    elif reference.get("confirmed"):
        confidence, badge = "vérifiée", "badge badge-ok"
    else:
        confidence, badge = "non vérifiée", "badge badge-warning"
    return AppliedText(
        key=reference["key"],
        effective_on=date.fromisoformat(reference["effective_on"]),
        title=reference["title"],
        href=reference.get("href"),
        confidence=confidence,
        badge=badge,
    )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


def _amount(text: str | None) -> str:
    return f"{display_value(Decimal(text))} €" if text else ""


def _percent(text: str | None) -> str:
    return f"{display_value(Decimal(text) * 100)} %" if text else ""

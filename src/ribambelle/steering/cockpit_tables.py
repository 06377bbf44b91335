"""The cockpit's tables as downloads (core.tables): the facilities, the months and the days, with the same
figures as the pages (hours with 2 decimals, rates as fractions shown as percentages)."""

from __future__ import annotations

from decimal import Decimal

from ribambelle.core.tables import Column, Table
from ribambelle.engines.indicators import Indicator, Rate
from ribambelle.steering.cockpit import ALERT_KINDS, Dashboard, DayFigures, SectionFigures
from ribambelle.steering.output import hours

FIGURES = (
    Column("Capacité théorique (h)", "hours"),
    Column("Heures réalisées (h)", "hours"),
    Column("Heures facturées (h)", "hours"),
    Column("Taux d'occupation réel", "rate"),
    Column("Taux d'occupation financier", "rate"),
    Column("Taux de facturation", "rate"),
)


def _rate(rate: Rate | None) -> Decimal | None:
    return None if rate is None else rate.value


def figures(row: Indicator | None) -> list[Decimal | None]:
    if row is None:
        return [None] * len(FIGURES)
    return [
        hours(row.theoretical_minutes),
        hours(row.attended_minutes),
        hours(row.billed_minutes),
        _rate(row.real_occupancy),
        _rate(row.financial_occupancy),
        _rate(row.billing_rate),
    ]


def facilities_table(board: Dashboard) -> Table:
    columns = [
        Column("Établissement"),
        Column("Type d'accueil"),
        Column("Mode de gestion"),
        Column("Secteur"),
        *FIGURES,
        Column(f"Taux d'occupation réel {board.previous_period.label}", "rate"),
    ]
    rows = [
        [
            row.facility.name,
            row.facility.facility_type,
            row.facility.management_mode,
            row.facility.sector,
            *figures(row.current),
            None if row.previous is None else row.previous.real_occupancy.value,
        ]
        for row in board.facilities
    ]
    return Table(f"Établissements {board.period.first.year}", columns, rows)


def sectors_table(board: Dashboard) -> Table:
    columns = [
        Column("Secteur"),
        Column("Établissements", "integer"),
        *FIGURES,
        Column(f"Taux d'occupation réel {board.previous_period.label}", "rate"),
    ]
    rows = [
        [
            row.name,
            row.facilities,
            *figures(row.current),
            None if row.previous is None else row.previous.real_occupancy.value,
        ]
        for row in board.sectors
    ]
    return Table(f"Secteurs {board.period.first.year}", columns, rows)


def sections_table(sections: list[SectionFigures], title: str) -> Table:
    """A facility's sections; the children enrolled when the figures are a month's."""
    monthly = any(row.current is not None and row.current.presence.enrolled is not None for row in sections)
    columns = [
        Column("Section"),
        Column("Places", "integer"),
        *FIGURES,
        *([Column("Enfants inscrits", "integer")] if monthly else []),
        Column("Taux d'occupation réel un an avant", "rate"),
    ]
    rows = [
        [
            row.name,
            row.places,
            *figures(row.current),
            *([None if row.current is None else row.current.presence.enrolled] if monthly else []),
            None if row.previous is None else row.previous.real_occupancy.value,
        ]
        for row in sections
    ]
    return Table(title, columns, rows)


def months_table(board: Dashboard) -> Table:
    columns = [Column("Mois"), *FIGURES, Column("Taux d'occupation réel un an avant", "rate")]
    rows = [
        [
            f"{month.month:%Y-%m}",
            *figures(month.current),
            None if month.previous is None else month.previous.real_occupancy.value,
        ]
        for month in board.months
    ]
    return Table(f"Mois {board.period.first.year}", columns, rows)


def days_table(days: list[DayFigures]) -> Table:
    columns = [
        Column("Jour"),
        Column("Fermé"),
        Column("Places autorisées", "integer"),
        Column("Ouverture (h)", "hours"),
        Column("Capacité théorique (h)", "hours"),
        Column("Heures réalisées (h)", "hours"),
        Column("Taux d'occupation réel", "rate"),
    ]
    rows = [
        [
            f"{figures.day.period:%Y-%m-%d}",
            "oui" if figures.closed else "non",
            figures.places,
            hours(figures.opening_minutes),
            hours(figures.day.theoretical_minutes),
            hours(figures.day.attended_minutes),
            figures.day.real_occupancy.value,
        ]
        for figures in days
    ]
    return Table("Jours", columns, rows)


def alerts_table(board: Dashboard) -> Table:
    columns = [Column("Établissement"), Column("Alerte"), Column("Détail"), Column("Grave")]
    rows = [
        [alert.facility.name, ALERT_KINDS[alert.kind], alert.message, "oui" if alert.severe else "non"]
        for alert in board.alerts
    ]
    return Table(f"Alertes {board.period.first.year}", columns, rows)

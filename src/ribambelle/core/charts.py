"""Charts drawn on the server as SVG (pages and PDF reports alike, no script): the geometry of a line chart of
rates by period, rendered by core/includes/line_chart.html. Pure functions of the figures; every chart has a
title and a description for screen readers, and the pages show its figures as a table too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

WIDTH, HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 16, 16, 36
# Colour-blind safe (Okabe–Ito), dark enough on white for lines and dots.
PALETTE = ("#0b5ea8", "#b35900", "#1b7a4a", "#8a3f8f")
_STEP = Decimal("0.2")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal | None]  # rates (1 = 100 %), one per label; None where there is no figure


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    text: str  # shown on hover (SVG title)


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str  # stroke-dasharray: the second series is dashed, so colour is not the only cue
    segments: list[str]  # polyline point lists, broken where a figure is missing
    points: list[Point]


@dataclass(frozen=True)
class Tick:
    position: int
    text: str


@dataclass(frozen=True)
class LineChart:
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int  # x of the plot's right edge
    bottom: int  # y of the plot's baseline
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]
    reference: Tick | None  # a horizontal reference line and its label


def percent(value: Decimal) -> str:
    """A rate (1 = 100 %) as a French percentage with one decimal: 0.7125 → « 71,3 % »."""
    return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}\u00a0%".replace(".", ",")


def line_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    reference: Decimal | None = None,
    reference_label: str = "",
) -> LineChart:
    """Rates by period: one line per series over ``labels``; the scale runs from 0 to the next 20 % above the
    highest figure (at least 100 %)."""
    figures = [v for s in series for v in s.values if v is not None]
    if reference is not None:
        figures.append(reference)
    top = max([Decimal(1), *figures])
    top = (top / _STEP).to_integral_value(rounding="ROUND_CEILING") * _STEP
    plot_width, plot_height = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    step = plot_width / max(len(labels) - 1, 1)

    def x_of(index: int) -> int:
        return round(_LEFT + index * step)

    def y_of(value: Decimal) -> int:
        return round(_TOP + plot_height * (1 - float(value / top)))

    lines = []
    for number, one in enumerate(series):
        segments: list[list[str]] = [[]]
        points = []
        for index, value in enumerate(one.values):
            if value is None:
                segments.append([])
                continue
            x, y = x_of(index), y_of(value)
            segments[-1].append(f"{x},{y}")
            points.append(Point(x, y, f"{one.label}, {labels[index]} : {percent(value)}"))
        lines.append(
            Line(
                one.label,
                PALETTE[number % len(PALETTE)],
                "" if number % 2 == 0 else "6 4",
                [" ".join(s) for s in segments if s],
                points,
            )
        )
    ticks = int(top / _STEP)
    return LineChart(
        title=title,
        description=description,
        width=WIDTH,
        height=HEIGHT,
        left=_LEFT,
        right=WIDTH - _RIGHT,
        bottom=HEIGHT - _BOTTOM,
        x_ticks=[Tick(x_of(i), label) for i, label in enumerate(labels)],
        y_ticks=[Tick(y_of(_STEP * n), f"{int(_STEP * n * 100)} %") for n in range(ticks + 1)],
        lines=lines,
        reference=None if reference is None else Tick(y_of(reference), f"{reference_label} {percent(reference)}"),
    )


def bar_width(value: Decimal | None, *, top: Decimal = Decimal("1.2"), width: int = 120) -> int:
    """The length in pixels of a table cell's bar for a rate, capped at ``top``."""
    if value is None:
        return 0
    return round(width * float(min(value, top) / top))

"""A server-rendered SVG line chart of one check-in scale: the day's value and its 7-day average.

No chart library: the consoles must work on a closed network and in a strict CSP. The chart
is an image to assistive technology (``role="img"`` with a title and a description); the
same numbers are in a table next to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 30


class Point(Protocol):
    @property
    def date(self) -> dt.date: ...
    @property
    def value(self) -> float | None: ...
    @property
    def avg7(self) -> float | None: ...


class Series(Protocol):
    @property
    def item_id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def min(self) -> int: ...
    @property
    def max(self) -> int: ...
    @property
    def points(self) -> Sequence[Point]: ...


@dataclass(frozen=True)
class Chart:
    svg: Markup
    label: str
    rows: list[tuple[str, str, str]]  # date, value, 7-day average (Dutch formatting)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def _day(day: dt.date) -> str:
    return day.strftime("%d-%m")


def _segments(coords: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known points: a missing day breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in coords:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [r for r in runs if r]


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def line_chart(series: Series, chart_id: str) -> Chart:
    """The day's values (dots joined by a solid line) and the 7-day average (dashed)."""
    points = list(series.points)
    low, high = float(series.min), float(series.max)
    if high <= low:
        values = [v for p in points for v in (p.value, p.avg7) if v is not None] or [0.0, 1.0]
        low, high = min(values), max(max(values), min(values) + 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(1, len(points) - 1)

    def at(index: int, value: float | None) -> tuple[float, float] | None:
        if value is None:
            return None
        return LEFT + index * step, TOP + inner_h * (1 - (value - low) / (high - low))

    daily = [at(i, p.value) for i, p in enumerate(points)]
    average = [at(i, p.avg7) for i, p in enumerate(points)]
    known = [p for p in points if p.value is not None]
    title = f"{series.label}: per dag en 7-daags gemiddelde"
    if known:
        desc = (
            f"{len(known)} van {len(points)} dagen ingevuld, van {_day(points[0].date)} tot "
            f"{_day(points[-1].date)}. Laatste waarde {_number(known[-1].value)} op "
            f"{_day(known[-1].date)}; 7-daags gemiddelde nu {_number(points[-1].avg7)} "
            f"(schaal {int(low)} tot {int(high)})."
        )
    else:
        desc = "Nog geen antwoorden in deze periode."
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-titel {chart_id}-uitleg" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-titel">{escape(title)}</title>',
        f'<desc id="{chart_id}-uitleg">{escape(desc)}</desc>',
    ]
    for fraction in (0.0, 0.5, 1.0):
        value = low + (high - low) * fraction
        y = TOP + inner_h * (1 - fraction)
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_number(value).removesuffix(',0')}</text>"
        )
    if points:
        for index in sorted({0, len(points) // 2, len(points) - 1}):
            x = LEFT + index * step
            anchor = "start" if index == 0 else "end" if index == len(points) - 1 else "middle"
            parts.append(
                f'<text class="axis" x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">'
                f"{_day(points[index].date)}</text>"
            )
    for run in _segments(average):
        parts.append(f'<polyline class="avg7" points="{_path(run)}"/>')
    for run in _segments(daily):
        parts.append(f'<polyline class="daily" points="{_path(run)}"/>')
    for point, coords in zip(points, daily, strict=True):
        if coords is not None:
            parts.append(
                f'<circle class="dot" cx="{coords[0]:.1f}" cy="{coords[1]:.1f}" r="3.5" '
                f'data-date="{point.date.isoformat()}" data-value="{point.value}">'
                f"<title>{_day(point.date)}: {_number(point.value)}</title></circle>"
            )
    parts.append("</svg>")
    rows = [(_day(p.date), _number(p.value), _number(p.avg7)) for p in points]
    return Chart(Markup("".join(parts)), series.label, rows)

"""The check-in chart as SVG: every answered day a point, gaps break the line, accessible."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from server.web.chart import line_chart


@dataclass
class P:
    date: dt.date
    value: float | None
    avg7: float | None


@dataclass
class S:
    item_id: str
    label: str
    min: int
    max: int
    points: list[P]


def test_points_gaps_and_text_alternatives() -> None:
    start = dt.date(2026, 11, 1)
    values = [3.0, 4.0, None, 2.0, 5.0]
    points = [P(start + dt.timedelta(days=i), v, 3.5) for i, v in enumerate(values)]
    chart = line_chart(S("mood", "Stemming <vandaag>", 1, 5, points), "grafiek")
    svg = str(chart.svg)
    assert svg.count("<circle") == 4  # one per answered day
    assert 'data-date="2026-11-04" data-value="2.0"' in svg
    assert svg.count('class="daily"') == 2  # the missing day breaks the line
    assert 'role="img"' in svg and 'aria-labelledby="grafiek-titel grafiek-uitleg"' in svg
    assert "Stemming &lt;vandaag&gt;" in svg  # escaped
    assert "4 van 5 dagen ingevuld" in svg
    assert chart.rows[2] == ("03-11", "–", "3,5")
    # Higher values are drawn higher (smaller y).
    top = line_chart(S("m", "m", 1, 5, [P(start, 5.0, None), P(start, 1.0, None)]), "g")
    ys = [float(part.split('cy="')[1].split('"')[0]) for part in str(top.svg).split("<circle")[1:]]
    assert ys[0] < ys[1]


def test_no_answers_yet() -> None:
    chart = line_chart(S("mood", "Stemming", 1, 5, [P(dt.date(2026, 11, 1), None, None)]), "g")
    assert "Nog geen antwoorden" in str(chart.svg) and "<circle" not in str(chart.svg)

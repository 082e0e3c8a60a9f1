"""The check-in trend on the youth's page: an SVG chart with the points, a table, the history."""

from __future__ import annotations

import datetime as dt

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.checkins.helpers import YOUTH_Q, cid, local, youth_answers
from tests.people import People
from tests.web.console import Console


@pytest.fixture
def console(http: AsyncTestClient[Litestar]) -> Console:
    return Console(http)


async def test_youth_page_charts_mood_per_day_with_the_average_and_logs_the_read(
    people: People, console: Console
) -> None:
    family = await people.family(16)
    # The last five days up to today (console sign-in runs on wall-clock time); the
    # day before yesterday is skipped, so the line breaks there.
    today = people.clock.today()
    days = {
        today - dt.timedelta(days=back): mood for back, mood in ((4, 5), (3, 4), (1, 2), (0, 3))
    }
    for day, mood in days.items():
        people.clock.set(local(day.year, day.month, day.day, 0, 5))
        await family.youth.client.submit_checkin(cid(), YOUTH_Q, youth_answers(mood))
    people.clock.set(dt.datetime.now(dt.UTC))
    await console.sign_in(family.casemanager)
    page = (await console.get(f"/console/casus/{family.case.id}")).text

    start, end = page.index('<svg class="chart"'), page.index("</svg>")
    svg = page[start:end]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    for day, mood in days.items():
        assert f'data-date="{day.isoformat()}" data-value="{float(mood)}"' in svg
    assert svg.count("<circle") == len(days)
    assert svg.count('class="avg7"') == 1 and svg.count('class="daily"') == 2
    row = f'<th scope="row">{today:%d-%m}</th><td>3,0</td><td>3,5</td>'
    assert row in page  # the table: today's value and the mean of the last seven days
    assert "Recente check-ins" in page and "mood: 3" in page
    log = (await family.youth.client.access_log()).items
    assert any(e.purpose == "Check-ins bekijken in de console" for e in log)


async def test_without_check_ins_the_page_says_so(people: People, console: Console) -> None:
    family = await people.family(15)
    await console.sign_in(family.casemanager)
    page = (await console.get(f"/console/casus/{family.case.id}")).text
    assert "Nog geen check-ins in deze periode." in page and "<svg" not in page

"""BIG5 in the consoles: side by side on the youth's page, aggregates with "<10" for admins."""

from __future__ import annotations

import uuid

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from client_api.schema.big5 import DomainAssessmentIn
from tests.people import People
from tests.web.console import Console


@pytest.fixture
def console(http: AsyncTestClient[Litestar]) -> Console:
    return Console(http)


async def test_youth_page_shows_both_views_and_logs_the_reads(
    people: People, console: Console
) -> None:
    family = await people.family(17)
    youth, cm = family.youth, family.casemanager
    await youth.client.big5_assess(
        [DomainAssessmentIn(domain="wonen", status="geregeld")], client_id=str(uuid.uuid4())
    )
    await cm.client.big5_assess(
        [DomainAssessmentIn(domain="wonen", status="deels")],
        client_id=str(uuid.uuid4()),
        youth_id=youth.id,
    )
    await console.sign_in(cm)
    page = (await console.get(f"/console/casus/{family.case.id}")).text
    row = page.split('<tr class="disagree">', 1)[1].split("</tr>", 1)[0]
    assert "Wonen" in row and "verschil" in row
    assert "Gereedheid:" in page and "Nog geen plannen." in page
    purposes = [e.purpose for e in (await youth.client.access_log()).items]
    assert "BIG5 bekijken in de console" in purposes
    assert "BIG5-plannen bekijken in de console" in purposes


async def test_too_young_for_big5_says_so_on_the_page(people: People, console: Console) -> None:
    family = await people.family(14)
    await console.sign_in(family.casemanager)
    page = await console.get(f"/console/casus/{family.case.id}")
    assert page.status_code == 200
    assert "16" in page.text.split('id="kop-big5"', 1)[1].split("</section>", 1)[0]


async def test_statistics_hide_small_groups_as_less_than_ten(
    people: People, console: Console
) -> None:
    family = await people.family(17)
    await family.youth.client.big5_assess(
        [DomainAssessmentIn(domain="wonen", status="geregeld")], client_id=str(uuid.uuid4())
    )
    admin = await people.staff("admin")
    await console.sign_in(admin)
    page = await console.get("/console/statistiek")
    assert page.status_code == 200
    stats = await admin.client.big5_stats()
    assert stats.cells
    assert all(c.suppressed for c in stats.cells)  # one youth: every cell is small
    assert page.text.count("<td>&lt;10</td>") >= len(stats.cells)

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


async def test_big5_view_correction_is_decided_on_the_youth_page(
    people: People, console: Console
) -> None:
    family = await people.family(17)
    youth, cm = family.youth, family.casemanager
    await cm.client.big5_assess(
        [DomainAssessmentIn(domain="wonen", status="deels", note="Woont-bij-oom-4411")],
        client_id=str(uuid.uuid4()),
        youth_id=youth.id,
    )
    await cm.client.big5_assess(
        [DomainAssessmentIn(domain="inkomen", status="niet_geregeld", note="Schulden-8820")],
        client_id=str(uuid.uuid4()),
        youth_id=youth.id,
    )
    domains = {d.domain: d for d in (await youth.client.big5(youth.id)).domains}
    wonen, inkomen = domains["wonen"].casemanager, domains["inkomen"].casemanager
    assert wonen and wonen.entry_id and inkomen and inkomen.entry_id
    first = await youth.client.request_correction(
        wonen.entry_id, "Ik woon bij mijn tante.", target="big5_view"
    )
    second = await youth.client.request_correction(
        inkomen.entry_id, "Ik heb geen schulden meer.", target="big5_view"
    )
    await console.sign_in(cm)
    page = (await console.get(f"/console/casus/{family.case.id}")).text
    assert "2 open" in page and "BIG5-beeld van de casemanager, Wonen" in page
    assert "Woont-bij-oom-4411" in page  # what is recorded now, to correct from
    assert 'name="part_passend"' in page

    accept = f"/console/correcties/{first.id}/accepteren"
    bad = {"status": "geregeld", "part_onzin": "ja", "note": "x"}
    assert (await console.post(accept, bad)).status_code == 422
    assert (await console.post(accept, {"status": "prima"})).status_code == 422
    done = await console.post(
        accept, {"status": "geregeld", "part_passend": "ja", "part_stabiel": "", "note": ""}
    )
    assert done.status_code == 303
    decline = f"/console/correcties/{second.id}/afwijzen"
    assert (await console.post(decline, {"reason": "De schuld staat nog open."})).status_code == 303
    await youth.client.add_statement(second.id, "Mijn verklaring: de schuld is afgelost.")

    domains = {d.domain: d for d in (await youth.client.big5(youth.id)).domains}
    corrected = domains["wonen"].casemanager
    assert corrected is not None
    assert (corrected.status, corrected.parts, corrected.note) == (
        "geregeld",
        {"passend": True},
        None,
    )
    after = (await console.get(f"/console/casus/{family.case.id}")).text
    assert "Woont-bij-oom-4411" not in after and "1× gecorrigeerd" in after
    big5_part = after.split('id="kop-big5"', 1)[1].split("</section>", 1)[0]
    assert "Mijn verklaring: de schuld is afgelost." in big5_part

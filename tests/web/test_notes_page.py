"""Case notes and correction requests on the youth's page in the console, over plain HTTP."""

from __future__ import annotations

import uuid

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.people import People
from tests.web.console import Console


@pytest.fixture
def console(http: AsyncTestClient[Litestar]) -> Console:
    return Console(http)


async def test_casemanager_writes_a_note_and_the_reads_are_logged(
    people: People, console: Console
) -> None:
    family = await people.family(15)
    await console.sign_in(family.casemanager)
    path = f"/console/casus/{family.case.id}/notities"
    client_id = str(uuid.uuid4())
    for _ in range(2):  # a double submit stores one note
        sent = await console.post(
            path,
            {
                "title": "Gesprek <thuis>",
                "body": "Lotte vertelt dat het rustiger is.",
                "client_id": client_id,
            },
        )
        assert sent.status_code == 303
        assert sent.headers["location"].startswith(f"/console/casus/{family.case.id}")
    notes = (await family.youth.client.my_notes()).items
    assert [n.title for n in notes] == ["Gesprek <thuis>"]
    for bad in ({"title": "", "body": "tekst"}, {"title": "Titel", "body": ""}):
        assert (
            await console.post(path, {**bad, "client_id": str(uuid.uuid4())})
        ).status_code == 422
    assert len((await family.youth.client.my_notes()).items) == 1  # nothing changed

    page = await console.get(f"/console/casus/{family.case.id}")
    assert (
        "Gesprek &lt;thuis&gt;" in page.text and "Lotte vertelt dat het rustiger is." in page.text
    )
    purposes = {e.purpose for e in (await family.youth.client.access_log()).items}
    assert {
        "Verslag schrijven",
        "Verslagen lezen in de console",
        "Correctieverzoeken bekijken in de console",
    } <= purposes


async def test_open_corrections_are_accepted_with_new_text_or_declined_with_a_reason(
    people: People, console: Console
) -> None:
    family = await people.family(16)
    youth, cm = family.youth, family.casemanager
    wrong = await cm.client.add_note(family.case.id, "Schoolbezoek", "Hij spijbelt elke week.")
    other = await cm.client.add_note(family.case.id, "Huisbezoek", "Moeder was boos.")
    first = await youth.client.request_correction(
        wrong.id, "Ik spijbel niet elke week, één keer.", "Hij spijbelde één keer."
    )
    second = await youth.client.request_correction(other.id, "Moeder was niet boos.")
    await console.sign_in(cm)
    page = await console.get(f"/console/casus/{family.case.id}")
    assert "2 open" in page.text
    assert "Ik spijbel niet elke week, één keer." in page.text
    assert f"/console/correcties/{first.id}/accepteren" in page.text

    accept = f"/console/correcties/{first.id}/accepteren"
    assert (await console.post(accept, {"body": ""})).status_code == 422
    done = await console.post(accept, {"body": "Hij spijbelde één keer in oktober."})
    assert done.status_code == 303
    decline = f"/console/correcties/{second.id}/afwijzen"
    assert (await console.post(decline, {"reason": "x"})).status_code == 422
    declined = await console.post(decline, {"reason": "Ik was erbij en heb het zo gezien."})
    assert declined.status_code == 303
    assert (await console.post(decline, {"reason": "Nog een keer beslissen."})).status_code == 409

    mine = {c.id: c for c in (await youth.client.my_corrections()).items}
    assert mine[first.id].status == "accepted" and mine[first.id].what_is_wrong == ""
    assert mine[second.id].decline_reason == "Ik was erbij en heb het zo gezien."
    notes = {n.id: n for n in (await youth.client.my_notes()).items}
    assert notes[wrong.id].body == "Hij spijbelde één keer in oktober."
    after = await console.get(f"/console/casus/{family.case.id}")
    assert (
        "Geen open correctieverzoeken." in after.text
        and "Hij spijbelt elke week." not in after.text
    )


async def test_another_casemanager_can_neither_write_nor_decide(
    people: People, console: Console
) -> None:
    family = await people.family(15)
    note = await family.casemanager.client.add_note(
        family.case.id, "Titel", "Tekst van het verslag."
    )
    correction = await family.youth.client.request_correction(note.id, "Dit klopt niet helemaal.")
    await console.sign_in(await people.staff("casemanager"))
    attempts = [
        (f"/console/casus/{family.case.id}/notities", {"title": "T", "body": "B"}),
        (f"/console/correcties/{correction.id}/accepteren", {"body": "Nieuwe tekst"}),
        (f"/console/correcties/{correction.id}/afwijzen", {"reason": "Geen reden nodig"}),
    ]
    for path, data in attempts:
        assert (await console.post(path, data)).status_code == 404, path
    [still] = (await family.youth.client.my_corrections()).items
    assert still.status == "open"
    assert len((await family.youth.client.my_notes()).items) == 1

"""The chat in the casemanager's console over plain HTTP: list, history, answer, office hours."""

from __future__ import annotations

import uuid

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from client_api.schema.chat import OfficeSlot
from tests.people import People
from tests.web.console import Console


@pytest.fixture
def console(http: AsyncTestClient[Litestar]) -> Console:
    return Console(http)


async def test_unread_counts_history_answer_and_the_read_is_logged(
    people: People, console: Console
) -> None:
    family = await people.family(15)
    youth, cm = family.youth, family.casemanager
    [conv] = [c for c in (await youth.client.conversations()).items if c.kind == "youth"]
    await youth.client.send_message(conv.id, "Mag ik je iets vragen over <school>?")
    await youth.client.send_message(conv.id, "Het gaat over morgen.")
    await console.sign_in(cm)
    before = len((await youth.client.access_log()).items)

    listing = await console.get("/console/chat")
    assert listing.status_code == 200
    assert "2 ongelezen" in listing.text and f"/console/chat/{conv.id}" in listing.text
    # The list shows the youth's last message (DESIGN: every read is logged): one "list" row.
    listed = (await youth.client.access_log()).items
    new = listed[: len(listed) - before]
    assert [(e.resource, e.action, e.actor_role) for e in new] == [("chat", "list", "casemanager")]

    talk = await console.get(f"/console/chat/{conv.id}")
    assert talk.status_code == 200
    assert "Mag ik je iets vragen over &lt;school&gt;?" in talk.text  # escaped
    assert 'data-last-seq="2"' in talk.text and "/console/static/chat.js" in talk.text
    log = (await youth.client.access_log()).items
    assert any(e.purpose == "Chatgesprek lezen" and e.actor_role == "casemanager" for e in log)

    client_id = str(uuid.uuid4())
    for _ in range(2):  # a double submit is one message
        sent = await console.post(
            f"/console/chat/{conv.id}/antwoord",
            {"client_id": client_id, "body": "Natuurlijk, vertel maar."},
        )
        assert sent.status_code == 303
    answers = [m for m in (await youth.client.messages(conv.id)).items if m.client_id == client_id]
    assert [m.body for m in answers] == ["Natuurlijk, vertel maar."]
    empty = await console.post(
        f"/console/chat/{conv.id}/antwoord", {"client_id": str(uuid.uuid4()), "body": "  "}
    )
    assert empty.status_code == 422

    case_page = await console.get(f"/console/casus/{family.case.id}")
    assert f"/console/chat/{conv.id}" in case_page.text


async def test_other_casemanagers_and_moderators_get_nothing(
    people: People, console: Console
) -> None:
    family = await people.family(15)
    [conv] = [c for c in (await family.youth.client.conversations()).items if c.kind == "youth"]
    await family.youth.client.send_message(conv.id, "Alleen voor mijn casemanager.")
    for role in ("casemanager", "moderator"):
        await console.sign_in(await people.staff(role))
        assert (await console.get(f"/console/chat/{conv.id}")).status_code == 404
        answer = await console.post(
            f"/console/chat/{conv.id}/antwoord",
            {"client_id": str(uuid.uuid4()), "body": "Hallo"},
        )
        assert answer.status_code == 404
    assert len((await family.youth.client.messages(conv.id)).items) == 1
    assert not [e for e in (await family.youth.client.access_log()).items if "Chat" in e.purpose]


async def test_office_hours_are_shown_and_changed_like_the_api(
    people: People, console: Console
) -> None:
    cm = await people.staff("casemanager")
    await cm.client.set_office_hours([OfficeSlot(weekday=0, start="09:00", end="17:00")])
    await console.sign_in(cm)
    shown = await console.get("/console/kantooruren")
    assert 'name="start-0-0" value="09:00"' in shown.text
    saved = await console.post(
        "/console/kantooruren/",
        {"start-1-0": "08:30", "end-1-0": "12:00", "start-1-1": "13:00", "end-1-1": "16:30"},
    )
    assert saved.status_code == 303
    assert (await cm.client.office_hours()).slots == [
        OfficeSlot(weekday=1, start="08:30", end="12:00"),
        OfficeSlot(weekday=1, start="13:00", end="16:30"),
    ]
    for bad in (
        {"start-2-0": "10:00"},  # no end
        {"start-2-0": "17:00", "end-2-0": "09:00"},  # end before start
        {"start-2-0": "25:00", "end-2-0": "26:00"},  # no such time
    ):
        answer = await console.post("/console/kantooruren/", bad)
        assert answer.status_code == 422, bad
    assert len((await cm.client.office_hours()).slots) == 2  # nothing changed

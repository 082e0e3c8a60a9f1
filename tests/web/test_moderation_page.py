"""The moderator's console: matched text highlighted, approve and remove in one click."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.forum.helpers import PHONE, board_id, cid, start
from tests.people import People
from tests.web.console import Console


@pytest.fixture
def console(http: AsyncTestClient[Litestar]) -> Console:
    return Console(http)


async def test_moderator_approves_one_held_post_and_removes_another(
    people: People, console: Console
) -> None:
    author = await people.youth(16)
    moderator = await people.staff("moderator")
    thread = await start(author.client, board_id("16-27"))
    first = await author.client.forum_reply(thread.thread.id, PHONE, cid())
    second = await author.client.forum_reply(thread.thread.id, f"<b>echt</b> {PHONE}", cid())
    assert first.status == second.status == "held"
    page = await console.sign_in(moderator)
    assert "<h1>Moderatie</h1>" in page
    assert "<mark>0612345678</mark>" in page  # the matched span, highlighted
    assert "&lt;b&gt;echt&lt;/b&gt;" in page and "<b>echt</b>" not in page  # escaped
    items = (await moderator.client.moderation_queue()).items
    by_post = {i.post_id: i.id for i in items}
    approve = await console.post(
        f"/console/moderatie/{by_post[first.id]}/besluit", {"action": "approve"}
    )
    assert approve.status_code == 303
    no_reason = await console.post(
        f"/console/moderatie/{by_post[second.id]}/besluit", {"action": "remove", "reason": ""}
    )
    assert no_reason.status_code == 422
    removed = await console.post(
        f"/console/moderatie/{by_post[second.id]}/besluit",
        {"action": "remove", "reason": "Geen telefoonnummers op het forum, ook niet vet."},
    )
    assert removed.status_code == 303
    notes = (await author.client.forum_notifications()).items
    assert any("ook niet vet" in n.text for n in notes)
    assert (await moderator.client.moderation_queue()).items == []


async def test_break_glass_needs_a_reason_and_is_logged_for_the_member(
    people: People, console: Console
) -> None:
    author = await people.youth(16)
    moderator = await people.staff("moderator")
    thread = await start(author.client, board_id("16-27"))
    await author.client.forum_reply(thread.thread.id, PHONE, cid())
    await console.sign_in(moderator)
    [item] = (await moderator.client.moderation_queue()).items
    path = f"/console/moderatie/leden/{item.member.member_id}/onthullen"
    assert (await console.post(path, {"reason": "kort"})).status_code == 422
    shown = await console.post(path, {"reason": "Dreigt zichzelf iets aan te doen vannacht"})
    assert shown.status_code == 200 and author.username in shown.text
    assert any(e.actor_role == "moderator" for e in (await author.client.access_log()).items)


async def test_queue_shows_the_thread_around_the_post_and_the_members_history(
    people: People, console: Console
) -> None:
    author, other = await people.youth(17), await people.youth(18)
    moderator = await people.staff("moderator")
    thread = await start(author.client, board_id("16-27"), body="Wie heeft tips voor school?")
    await other.client.forum_reply(thread.thread.id, "Ik plan alles in een agenda.", cid())
    held = await author.client.forum_reply(thread.thread.id, PHONE, cid())
    await other.client.forum_reply(thread.thread.id, "Succes met je toetsen!", cid())
    assert held.status == "held"
    assert len((await moderator.client.moderation_queue()).items) == 1
    page = await console.sign_in(moderator)
    assert "Context in “Even voorstellen”" in page
    context = page[page.index("Context in") : page.index("Eerdere berichten van")]
    for text in ("Ik plan alles in een agenda.", "Succes met je toetsen!", "dit bericht"):
        assert text in context, text
    history = page[page.index("Eerdere berichten van") :]
    assert "Wie heeft tips voor school?" in history  # the author's own opening post
    assert "Ik plan alles in een agenda." not in history  # not someone else's
    assert author.username not in page  # pseudonyms only


async def test_appeal_is_decided_by_another_moderator_with_the_original_reason_shown(
    people: People, console: Console
) -> None:
    author = await people.youth(16)
    remover, colleague = await people.staff("moderator"), await people.staff("moderator")
    thread = await start(author.client, board_id("16-27"))
    post = await author.client.forum_reply(thread.thread.id, PHONE, cid())
    [item] = (await remover.client.moderation_queue()).items
    await remover.client.moderation_decide(item.id, "remove", reason="Geen nummers delen.")
    await author.client.forum_appeal(post.id, "Het was het nummer van de Kindertelefoon!")

    page = await console.sign_in(remover)
    assert "1 bezwaar wacht op een besluit" in page
    appeals = await console.get("/console/bezwaren")
    assert "Het was het nummer van de Kindertelefoon!" in appeals.text
    assert "Geen nummers delen." in appeals.text and "door jou" in appeals.text
    assert (
        "Toekennen: bericht terugzetten" not in appeals.text
    )  # no buttons for the one who removed it
    [appeal] = (await remover.client.moderation_queue()).items
    path = f"/console/moderatie/{appeal.id}/besluit"
    own = await console.post(path, {"action": "approve", "terug": "bezwaren"})
    assert own.status_code == 403  # the service refuses it too

    await console.sign_in(colleague)
    appeals = await console.get("/console/bezwaren")
    assert "Toekennen: bericht terugzetten" in appeals.text and "door jou" not in appeals.text
    decided = await console.post(
        path,
        {"action": "remove", "reason": "Ook hulpnummers niet, zie de regels.", "terug": "bezwaren"},
    )
    assert decided.status_code == 303 and decided.headers["location"].startswith(
        "/console/bezwaren"
    )
    notes = (await author.client.forum_notifications()).items
    assert any("Ook hulpnummers niet" in n.text for n in notes)
    assert "Er wachten geen bezwaren." in (await console.get("/console/bezwaren")).text

"""Threads, replies, quotes, idempotency, edits, deletes, reactions, rate limits, live events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from litestar.channels import ChannelsPlugin

from tests.forum.helpers import board_id, cid, fails, start
from tests.people import People

KIDS = board_id("12-15")


async def test_thread_reply_quote_and_pagination(people: People) -> None:
    a, b = await people.youth(14), await people.youth(13)
    created = await start(a.client, KIDS, body="Wie woont er ook in een pleeggezin?")
    assert created.thread.status == "visible"
    assert created.post.signposts == []
    reply = await b.client.forum_reply(
        created.thread.id, "Ik! Al twee jaar.", cid(), quote_post_id=created.post.id
    )
    assert reply.quote is not None
    assert reply.quote.excerpt.startswith("Wie woont")
    assert reply.quote.author == created.post.author
    for n in range(2):
        await a.client.forum_reply(created.thread.id, f"Bericht {n}", cid())
    first = await b.client.forum_thread(created.thread.id, limit=2)
    assert [p.id for p in first.posts.items] == [created.post.id, reply.id]
    assert first.thread.reply_count == 3
    rest = await b.client.forum_thread(created.thread.id, cursor=first.posts.next_cursor, limit=2)
    assert [p.body for p in rest.posts.items] == ["Bericht 0", "Bericht 1"]
    assert rest.posts.next_cursor is None
    listing = await b.client.forum_threads(KIDS)
    assert [t.id for t in listing.items] == [created.thread.id]
    other = await start(b.client, KIDS, title="Tweede onderwerp")
    page = await a.client.forum_threads(KIDS, limit=1)
    assert [t.id for t in page.items] == [other.thread.id]
    nxt = await a.client.forum_threads(KIDS, cursor=page.next_cursor, limit=1)
    assert [t.id for t in nxt.items] == [created.thread.id]


async def test_quote_must_be_in_the_same_thread(people: People) -> None:
    a = await people.youth(14)
    one, two = await start(a.client, KIDS), await start(a.client, KIDS, title="Ander onderwerp")
    err = await fails(422, a.client.forum_reply(one.thread.id, "hoi", cid(), two.post.id))
    assert err.problem
    assert err.problem.errors
    assert err.problem.errors[0].field == "quote_post_id"


async def test_client_id_makes_creates_idempotent(people: People) -> None:
    a = await people.youth(15)
    key = cid()
    first = await a.client.forum_create_thread(KIDS, "Een vraag", "Hoe regel ik dit?", key)
    again = await a.client.forum_create_thread(KIDS, "Een vraag", "Hoe regel ik dit?", key)
    assert again.thread.id == first.thread.id
    assert again.post.id == first.post.id
    reply_key = cid()
    r1 = await a.client.forum_reply(first.thread.id, "Aanvulling", reply_key)
    r2 = await a.client.forum_reply(first.thread.id, "Aanvulling", reply_key)
    assert r1.id == r2.id
    assert len((await a.client.forum_thread(first.thread.id)).posts.items) == 2
    assert len((await a.client.forum_threads(KIDS)).items) == 1
    err = await fails(409, a.client.forum_create_thread(KIDS, "Nog een", "tekst", reply_key))
    assert err.type == "client-id-reused"


async def test_edit_within_window_only_and_delete(people: People) -> None:
    a, b = await people.youth(15), await people.youth(15)
    created = await start(a.client, KIDS)
    reply = await a.client.forum_reply(created.thread.id, "Eerste versie", cid())
    edited = await a.client.forum_edit(reply.id, "Tweede versie")
    assert edited.body == "Tweede versie"
    assert edited.edited_at is not None
    await fails(403, b.client.forum_edit(reply.id, "van iemand anders"))
    await a.client.test_clock(advance=dt.timedelta(minutes=16))
    err = await fails(403, a.client.forum_edit(reply.id, "Te laat"))
    assert err.type == "edit-window-closed"
    assert "15 minuten" in err.problem.detail  # type: ignore[union-attr]
    await fails(403, b.client.forum_delete(reply.id))
    await a.client.forum_delete(reply.id)
    posts = (await b.client.forum_thread(created.thread.id)).posts.items
    assert [p.id for p in posts] == [created.post.id]
    await fails(404, a.client.forum_edit(reply.id, "weg"))


async def test_supportive_reactions_are_idempotent(people: People) -> None:
    a, b, c = await people.youth(14), await people.youth(14), await people.youth(14)
    created = await start(a.client, KIDS)
    post = created.post.id
    assert (await b.client.forum_react(post, "herkenbaar")).counts["herkenbaar"] == 1
    again = await b.client.forum_react(post, "herkenbaar")
    assert again.counts["herkenbaar"] == 1
    assert again.mine == ["herkenbaar"]
    counts = (await c.client.forum_react(post, "sterkte")).counts
    assert counts == {"herkenbaar": 1, "sterkte": 1, "dank-je": 0}
    view = (await a.client.forum_thread(created.thread.id)).posts.items[0]
    assert view.reactions["sterkte"] == 1
    assert view.my_reactions == []
    assert (await b.client.forum_unreact(post, "herkenbaar")).counts["herkenbaar"] == 0
    raw = await b.client.http.post(
        f"/api/v1/forum/posts/{post}/reactions",
        json={"kind": "downvote"},
        headers={"Authorization": f"Bearer {b.client.access_token}"},
    )
    assert raw.status_code == 400
    assert raw.headers["content-type"].startswith("application/problem+json")


async def test_new_members_are_rate_limited(people: People) -> None:
    a = await people.youth(16)
    teens = board_id("16-27")
    created = await start(a.client, teens)
    await a.client.forum_reply(created.thread.id, "twee", cid())
    await a.client.forum_reply(created.thread.id, "drie", cid())
    err = await fails(429, a.client.forum_reply(created.thread.id, "vier", cid()))
    assert "3 berichten" in err.problem.detail  # type: ignore[union-attr]
    raw = await a.client.http.post(
        f"/api/v1/forum/threads/{created.thread.id}/posts",
        json={"client_id": cid(), "body": "vier"},
        headers={"Authorization": f"Bearer {a.client.access_token}"},
    )
    assert raw.status_code == 429
    assert 0 < int(raw.headers["retry-after"]) <= 3600
    await a.client.test_clock(advance=dt.timedelta(hours=1, minutes=1))
    await a.client.forum_reply(created.thread.id, "vier", cid())
    # After the first day of membership: 30 an hour.
    await a.client.test_clock(advance=dt.timedelta(days=1))
    for n in range(10):
        await a.client.forum_reply(created.thread.id, f"later {n}", cid())


async def test_visible_post_is_published_to_the_thread_channel(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = await people.youth(15)
    created = await start(a.client, KIDS)
    channels = people.app.plugins.get(ChannelsPlugin)
    sent: list[tuple[dict[str, Any], list[str]]] = []
    monkeypatch.setattr(channels, "publish", lambda event, chans: sent.append((event, chans)))
    reply = await a.client.forum_reply(created.thread.id, "Live erbij", cid())
    await a.client.forum_reply(created.thread.id, "Mijn nummer is 0612345678", cid())  # held
    assert len(sent) == 1
    event, chans = sent[0]
    assert chans == [f"forum.thread.{created.thread.id}"]
    assert event["type"] == "forum_post"
    assert event["thread_id"] == created.thread.id
    assert event["post"]["id"] == reply.id
    assert event["post"]["author"]["handle"] == reply.author.handle

"""Readers of a forum thread get new posts live over the same websocket as the chat."""

from __future__ import annotations

import json
import uuid

from tests.chat.live import LiveServer
from tests.chat.wsutil import connect, next_of
from tests.people import People


async def test_thread_readers_get_new_posts_live_and_outsiders_cannot_subscribe(
    shared_live: LiveServer, shared_people: People
) -> None:
    writer = await shared_people.youth(17)
    reader = await shared_people.youth(19)
    younger = await shared_people.youth(14)
    board = next(
        b
        for b in (await writer.client.forum_boards()).items
        if b.slug == "gewoon-kletsen" and b.space == "16-27"
    )
    created = await writer.client.forum_create_thread(
        board.id,
        "Wie kijkt er ook series?",
        "Ik zoek tips voor een nieuwe serie.",
        str(uuid.uuid4()),
    )
    thread_id = created.thread.id
    ws, _ = await connect(shared_live.ws_url, reader.client.access_token or "")
    await ws.send(json.dumps({"type": "subscribe", "topic": f"forum.thread.{thread_id}"}))
    await next_of(ws, "subscribed")
    await writer.client.forum_reply(
        thread_id, "Ik vind documentaires over dieren mooi.", str(uuid.uuid4())
    )
    event = await next_of(ws, "forum_post")
    assert event["thread_id"] == thread_id
    assert "documentaires" in json.dumps(event)
    assert writer.username not in json.dumps(event) and writer.id not in json.dumps(event)
    await ws.close()

    other, _ = await connect(shared_live.ws_url, younger.client.access_token or "")
    await other.send(json.dumps({"type": "subscribe", "topic": f"forum.thread.{thread_id}"}))
    refused = await next_of(other, "error")
    assert refused["code"] in (404, "not_found", "not-found") or "bestaat" in json.dumps(refused)
    await other.close()


async def test_a_16th_birthday_on_the_service_clock_opens_16_27_threads_live(
    live: LiveServer, live_people: People
) -> None:
    """Age bands follow the service's clock (moved here to the next day), not the machine's."""
    writer = await live_people.youth(17)
    turning = await live_people.youth(16, days_past_birthday=-1)  # 15 today, 16 tomorrow
    board = next(
        b
        for b in (await writer.client.forum_boards()).items
        if b.slug == "gewoon-kletsen" and b.space == "16-27"
    )
    created = await writer.client.forum_create_thread(
        board.id, "Zestien!", "Wie is er net zestien geworden?", str(uuid.uuid4())
    )
    subscribe = json.dumps({"type": "subscribe", "topic": f"forum.thread.{created.thread.id}"})
    ws, _ = await connect(live.ws_url, turning.client.access_token or "")
    await ws.send(subscribe)
    await next_of(ws, "error")
    await ws.close()

    moved = await live_people.http.post("/api/v1/test/clock", json={"advance_seconds": 86400})
    assert moved.status_code == 200, moved.text
    ws, _ = await connect(live.ws_url, turning.client.access_token or "")
    await ws.send(subscribe)
    await next_of(ws, "subscribed")
    await ws.close()

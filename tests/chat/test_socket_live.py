"""The websocket against a real server process, spoken with the plain ``websockets`` library."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from client_api.client import RoerClient
from tests.chat.live import LiveServer
from tests.chat.wsutil import connect, next_of, send
from tests.people import PASSWORD, People


async def _conversation(client, kind: str = "youth") -> str:  # type: ignore[no-untyped-def]
    return next(c.id for c in (await client.conversations()).items if c.kind == kind)


async def test_two_phones_of_the_youth_and_the_casemanager_chat_live(
    shared_live: LiveServer, shared_people: People
) -> None:
    fam = await shared_people.family(parents=0)
    conv_id = await _conversation(fam.youth.client)
    second_phone = shared_people.client()
    await second_phone.login(fam.youth.username, PASSWORD, device_name="tablet")
    phone1, ready = await connect(shared_live.ws_url, fam.youth.client.access_token or "")
    phone2, _ = await connect(shared_live.ws_url, second_phone.access_token or "")
    console, _ = await connect(shared_live.ws_url, fam.casemanager.client.access_token or "")
    assert {c["id"] for c in ready["conversations"]} == {conv_id}

    cid = await send(phone1, conv_id, "Hoi! Ik heb een vraag over school.")
    ack = await next_of(phone1, "ack")
    assert (ack["client_id"], ack["seq"]) == (cid, 1)
    for ws in (phone2, console):
        message = await next_of(ws, "message")
        assert (message["seq"], message["body"]) == (1, "Hoi! Ik heb een vraag over school.")
        assert message["sender"]["role"] == "youth"

    await console.send(json.dumps({"type": "typing", "conversation_id": conv_id}))
    typing = await next_of(phone1, "typing")
    assert typing["user_id"] == fam.casemanager.id
    await send(console, conv_id, "Vertel!")
    for ws in (phone1, phone2):
        assert (await next_of(ws, "message"))["seq"] == 2
    await phone2.send(json.dumps({"type": "read", "conversation_id": conv_id, "seq": 2}))
    receipt = await next_of(console, "read")
    assert (receipt["user_id"], receipt["seq"]) == (fam.youth.id, 2)
    await phone1.send(json.dumps({"type": "ping", "nonce": "n1"}))
    assert (await next_of(phone1, "pong"))["nonce"] == "n1"

    # A resend of the same client_id is acked with the original seq and not stored twice.
    await send(phone1, conv_id, "Hoi! Ik heb een vraag over school.", client_id=cid)
    assert (await next_of(phone1, "ack"))["seq"] == 1
    stored = await fam.youth.client.messages(conv_id)
    assert [m.seq for m in stored.items] == [1, 2]
    for ws in (phone1, phone2, console):
        await ws.close()


async def test_outsiders_cannot_subscribe_resume_or_post(
    shared_live: LiveServer, shared_people: People
) -> None:
    fam = await shared_people.family(parents=1)
    other = await shared_people.family(parents=0)
    conv_id = await _conversation(fam.youth.client)
    intruders = [other.casemanager.client, other.youth.client, fam.parents[0].client]
    for client in intruders:
        ws, ready = await connect(shared_live.ws_url, client.access_token or "")
        assert conv_id not in {c["id"] for c in ready["conversations"]}
        await ws.send(json.dumps({"type": "resume", "conversation_id": conv_id, "after_seq": 0}))
        assert (await next_of(ws, "error"))["code"] == "not-found"
        await ws.send(json.dumps({"type": "subscribe", "topic": f"chat.conversation.{conv_id}"}))
        assert (await next_of(ws, "error"))["code"] == "not-found"
        await send(ws, conv_id, "ik lees mee")
        assert (await next_of(ws, "error"))["code"] == "not-found"
        await ws.close()
    # Meanwhile the youth chats; none of it reached them, none of theirs was stored.
    assert (await fam.youth.client.messages(conv_id)).items == []


MALFORMED = [
    "geen json",
    json.dumps({"type": "send", "conversation_id": "x"}),
    json.dumps({"type": "onbekend"}),
    json.dumps({"type": "send", "conversation_id": "x", "client_id": "nope", "body": "a"}),
    json.dumps([1, 2, 3]),
    json.dumps({"type": "auth"}),
]


async def test_malformed_frames_get_an_error_frame(
    shared_live: LiveServer, shared_people: People
) -> None:
    youth = await shared_people.youth(16)
    ws, _ = await connect(shared_live.ws_url, youth.client.access_token or "")
    for frame in MALFORMED:
        await ws.send(frame)
        assert (await next_of(ws, "error"))["code"] == "bad_frame", frame
    await ws.send(json.dumps({"type": "ping"}))
    await next_of(ws, "pong")  # still alive
    await ws.close()


async def test_authentication_origin_and_session_end(
    shared_live: LiveServer, shared_people: People
) -> None:
    youth = await shared_people.youth(17)
    # No auth frame within the allowed seconds: closed with 4401.
    async with websockets.connect(shared_live.ws_url) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    # A bad token: 4401.
    async with websockets.connect(shared_live.ws_url) as ws:
        await ws.send(json.dumps({"type": "auth", "token": "dit.is.geen-token"}))
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    # A foreign browser page may not connect at all.
    with pytest.raises((InvalidStatus, ConnectionClosed)):
        async with websockets.connect(shared_live.ws_url, origin="https://evil.example") as ws:  # type: ignore[arg-type]
            await ws.recv()
    # An allowed browser origin may.
    ws, _ = await connect(
        shared_live.ws_url, youth.client.access_token or "", origin="http://127.0.0.1:8000"
    )
    await ws.close()
    # Logging out ends the live socket of that session.
    ws, _ = await connect(shared_live.ws_url, youth.client.access_token or "")
    await youth.client.logout()
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(next_of(ws, "never"), 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


async def test_crisis_over_the_socket_gets_signposts_and_an_urgent_alert(
    shared_live: LiveServer, shared_people: People
) -> None:
    fam = await shared_people.family(youth_age=16, parents=0)
    conv_id = await _conversation(fam.youth.client)
    ws, _ = await connect(shared_live.ws_url, fam.youth.client.access_token or "")
    await send(ws, conv_id, "ik wil dood, ik zie het niet meer zitten")
    ack = await next_of(ws, "ack")
    assert ack["seq"] == 1 and any(s["phone"] == "112" for s in ack["signposts"])
    own, help_message = await next_of(ws, "message"), await next_of(ws, "message")
    assert own["seq"] == 1
    assert help_message["seq"] == 2 and help_message["sender"]["role"] == "system"
    assert "113" in help_message["body"]
    alerts = (await fam.casemanager.client.alerts()).items
    assert [(a.rule, a.urgent) for a in alerts] == [("crisis", True)]
    await ws.close()


async def test_a_console_resuming_many_conversations_at_once_gets_each_in_order_and_logged(
    shared_live: LiveServer, shared_people: People
) -> None:
    """A console asks a resume for each of its conversations in one go (answered together,
    one transaction for the access log): every conversation's messages come in seq order,
    one outside the caseload gets its error and nothing else, and each youth's access log
    shows the casemanager reading their chat exactly once for it."""
    cm = await shared_people.staff("casemanager")
    families = [await shared_people.family(parents=0, casemanager=cm) for _ in range(3)]
    outsider = await shared_people.family(parents=0)
    outside = await _conversation(outsider.youth.client)
    convs = [await _conversation(fam.youth.client) for fam in families]
    for fam, conv in zip(families, convs, strict=True):
        for text in ("eerste", "tweede"):
            await fam.youth.client.send_message(conv, f"{text} van {fam.youth.username}")
    before = [await _chat_reads(fam.youth.client) for fam in families]

    console, ready = await connect(shared_live.ws_url, cm.client.access_token or "")
    assert set(convs) <= {c["id"] for c in ready["conversations"]}
    frames = [{"conversation_id": conv, "after_seq": 0} for conv in [convs[0], outside, *convs[1:]]]
    for frame in frames:
        await console.send(json.dumps({"type": "resume", **frame}))
    await console.send(json.dumps({"type": "ping", "nonce": "na-resume"}))
    got: dict[str, list[int]] = {conv: [] for conv in convs}
    errors: list[dict[str, object]] = []
    async with asyncio.timeout(10):
        while True:
            frame = json.loads(await console.recv())
            if frame["type"] == "pong":
                break
            if frame["type"] == "message":
                got[frame["conversation_id"]].append(frame["seq"])
            elif frame["type"] == "error":
                errors.append(frame)
    await console.close()
    assert got == {conv: [1, 2] for conv in convs}
    assert [(e["code"], e["conversation_id"]) for e in errors] == [("not-found", outside)]
    assert [await _chat_reads(fam.youth.client) for fam in families] == [n + 1 for n in before]
    assert await _chat_reads(outsider.youth.client) == 0


async def _chat_reads(youth: RoerClient) -> int:
    """How often the youth's access log shows someone reading their chat."""
    log = await youth.access_log()
    assert log.next_cursor is None
    return sum(e.resource == "chat" and e.action == "read" for e in log.items)

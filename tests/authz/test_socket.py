"""The chat websocket (/api/v1/ws) for every role of the matrix, on the youth's conversation.

Over a real server process (tests/chat/live.py): the token comes in the first frame. Only
the youth and their casemanager are in the youth's conversation; everyone else is told it
does not exist, whether they resume it, subscribe to it or send to it; without a valid
token the socket is closed with 4401.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets
from sqlalchemy import select
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from server.core.audit import AccessLog
from tests.authz.world import ROLES, build, cid
from tests.chat.live import LiveServer
from tests.people import People

MEMBERS = {"youth", "cm"}
# What each role gets on the youth's conversation: in the ready frame or not, and the
# answer to resume, subscribe and send.
EXPECT: dict[str, tuple[bool, str, str, str]] = {
    role: (True, "message", "-", "ack") if role in MEMBERS else
    (False, "not-found", "not-found", "not-found")
    for role in ROLES if role != "anon"
}  # fmt: skip


async def _answer(ws: ClientConnection, kind: str) -> str:
    """The next error's code, or ``kind`` when a frame of that type comes first."""
    async with asyncio.timeout(5):
        while True:
            frame: dict[str, Any] = json.loads(await ws.recv())
            if frame["type"] == "error":
                return str(frame["code"])
            if frame["type"] == kind:
                return kind


async def _outcome(url: str, token: str, conversation: str, member: bool) -> tuple[Any, ...]:
    async with websockets.connect(url) as ws:
        await ws.send(json.dumps({"type": "auth", "token": token}))
        ready = json.loads(await asyncio.wait_for(ws.recv(), 5))
        listed = conversation in {c["id"] for c in ready["conversations"]}
        await ws.send(json.dumps({"type": "resume", "conversation_id": conversation}))
        resumed = await _answer(ws, "message")
        subscribed = "-"
        if not member:  # members are subscribed from the start
            topic = f"chat.conversation.{conversation}"
            await ws.send(json.dumps({"type": "subscribe", "topic": topic}))
            subscribed = await _answer(ws, "subscribed")
        frame = {"type": "send", "conversation_id": conversation, "client_id": cid(), "body": "Hoi"}
        await ws.send(json.dumps(frame))
        sent = await _answer(ws, "ack")
        return (listed, resumed, subscribed, sent)


async def test_chat_socket_for_every_role(live: LiveServer, live_people: People) -> None:
    world = await build(live_people)
    conversation = world.ids["conversation"]
    try:
        got = {
            role: await _outcome(
                live.ws_url, world.token(role) or "", conversation, role in MEMBERS
            )
            for role in EXPECT
        }
        assert got == EXPECT
        # The casemanager's resume read the youth's chat: logged for the youth.
        async with live_people.db() as session:
            rows = await session.scalars(
                select(AccessLog).where(
                    AccessLog.subject_id == world.youth_id,
                    AccessLog.actor_id == world.persons["cm"].id,
                    AccessLog.resource == "chat",
                    AccessLog.action == "read",
                )
            )
            assert list(rows) != []
    finally:
        await world.engine.dispose()
    # Anonymous: no auth frame in time, or a token that is none, closes the socket (4401).
    for first in (None, {"type": "auth", "token": "geen-token"}):
        async with websockets.connect(live.ws_url) as ws:
            if first is not None:
                await ws.send(json.dumps(first))
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401

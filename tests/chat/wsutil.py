"""Plain-``websockets`` helpers for the live tests (as an outside checker would talk)."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection


async def connect(
    ws_url: str, token: str, **options: Any
) -> tuple[ClientConnection, dict[str, Any]]:
    ws = await websockets.connect(ws_url, **options)
    await ws.send(json.dumps({"type": "auth", "token": token}))
    ready = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert ready["type"] == "ready", ready
    return ws, ready


async def next_of(ws: ClientConnection, kind: str, wait: float = 5.0) -> dict[str, Any]:
    """The next frame of ``kind`` (other frames are skipped)."""
    async with asyncio.timeout(wait):
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] == kind:
                return frame


async def send(
    ws: ClientConnection, conversation_id: str, body: str, client_id: str | None = None
) -> str:
    cid = client_id or str(uuid.uuid4())
    await ws.send(
        json.dumps(
            {"type": "send", "conversation_id": conversation_id, "client_id": cid, "body": body}
        )
    )
    return cid

"""RoerSocket: the live chat connection a phone app needs.

It connects, authenticates with the first frame, and after any disconnect reconnects
with backoff, resumes every conversation from the last seq it has seen, and resends
every message that was not acked yet with the same ``client_id`` (the server stores it
once and acks the original seq). Incoming messages come out of ``messages()`` exactly
once per seq, in seq order per conversation.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import msgspec
import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from client_api.schema import chat

TokenSource = str | Callable[[], str] | Callable[[], Awaitable[str]]
_decode = msgspec.json.Decoder(chat.ServerFrame)
_encode = msgspec.json.encode


class RoerSocketError(Exception):
    """The server refused a frame (``error`` frame), e.g. a conversation you are not in."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class RoerSocket:
    def __init__(
        self,
        url: str,
        *,
        token: TokenSource,
        origin: str | None = None,
        last_seq: dict[str, int] | None = None,
        min_backoff: float = 0.05,
        max_backoff: float = 5.0,
        on_frame: Callable[[Any], None] | None = None,
    ) -> None:
        self.url = url
        self._token = token
        self.origin = origin
        # Highest seq seen per conversation, contiguous (what resume asks after).
        self.last_seq: dict[str, int] = dict(last_seq or {})
        self.min_backoff, self.max_backoff = min_backoff, max_backoff
        self.on_frame = on_frame
        self.connects = 0
        self.ready: chat.ReadyFrame | None = None
        self._pending: dict[str, tuple[chat.SendFrame, asyncio.Future[chat.AckFrame]]] = {}
        self._incoming: asyncio.Queue[chat.MessageFrame] = asyncio.Queue()
        self._asked: dict[str, int] = {}
        self._ws: Any = None
        self._up = asyncio.Event()
        self._closed = False
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> RoerSocket:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self, wait_seconds: float = 10.0) -> None:
        self._task = asyncio.create_task(self._run())
        await self.wait_connected(wait_seconds)

    async def wait_connected(self, wait_seconds: float = 10.0) -> None:
        await asyncio.wait_for(self._up.wait(), wait_seconds)

    async def close(self) -> None:
        self._closed = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        for _, future in self._pending.values():
            if not future.done():
                future.cancel()

    async def cut(self) -> None:
        """Drop the connection as a lost network would (tests); it reconnects by itself."""
        if self._ws is not None:
            with contextlib.suppress(Exception):
                self._ws.transport.abort()

    # --- sending -----------------------------------------------------------------------

    async def send(
        self, conversation_id: str, body: str, client_id: str | None = None
    ) -> chat.AckFrame:
        """Send and wait for the ack (with the stored seq), across reconnects if need be."""
        cid = client_id or str(uuid.uuid4())
        future: asyncio.Future[chat.AckFrame] = asyncio.get_running_loop().create_future()
        frame = chat.SendFrame(conversation_id=conversation_id, client_id=cid, body=body)
        self._pending[cid] = (frame, future)
        await self._send_frame(frame)
        return await future

    async def read(self, conversation_id: str, seq: int) -> None:
        await self._send_frame(chat.ReadFrame(conversation_id=conversation_id, seq=seq))

    async def typing(self, conversation_id: str) -> None:
        await self._send_frame(chat.TypingFrame(conversation_id=conversation_id))

    async def resume(self, conversation_id: str, after_seq: int | None = None) -> None:
        after = self.last_seq.get(conversation_id, 0) if after_seq is None else after_seq
        self._asked[conversation_id] = after
        await self._send_frame(chat.ResumeFrame(conversation_id=conversation_id, after_seq=after))

    async def _send_frame(self, frame: chat.Frame) -> None:
        ws = self._ws
        if ws is None:
            return  # sent (again) after the next connect
        with contextlib.suppress(ConnectionClosed, OSError):
            await ws.send(_encode(frame).decode())

    # --- receiving ---------------------------------------------------------------------

    async def messages(self) -> AsyncIterator[chat.MessageFrame]:
        while True:
            yield await self._incoming.get()

    def __aiter__(self) -> AsyncIterator[chat.MessageFrame]:
        return self.messages()

    async def next_message(self, wait_seconds: float = 5.0) -> chat.MessageFrame:
        return await asyncio.wait_for(self._incoming.get(), wait_seconds)

    def _on_message(self, frame: chat.MessageFrame) -> None:
        last = self.last_seq.get(frame.conversation_id, 0)
        if frame.seq <= last:
            return  # seen already (a resume overlapping live delivery)
        if frame.seq > last + 1:
            # Something is missing before it: ask once for everything after ``last``.
            if self._asked.get(frame.conversation_id) != last:
                asyncio.get_running_loop().create_task(self.resume(frame.conversation_id))
            return
        self.last_seq[frame.conversation_id] = frame.seq
        self._incoming.put_nowait(frame)

    async def _handle(self, raw: str | bytes) -> None:
        try:
            frame = _decode.decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return
        if isinstance(frame, chat.MessageFrame):
            self._on_message(frame)
        elif isinstance(frame, chat.AckFrame):
            pending = self._pending.pop(frame.client_id, None)
            if pending is not None and not pending[1].done():
                pending[1].set_result(frame)
        elif isinstance(frame, chat.ErrorFrame) and frame.client_id in self._pending:
            _, future = self._pending.pop(frame.client_id)
            if not future.done():
                future.set_exception(RoerSocketError(frame.code, frame.detail))
        elif isinstance(frame, chat.ResyncFrame):
            for conversation_id in frame.conversation_ids:
                await self.resume(conversation_id)
        if self.on_frame is not None:
            self.on_frame(frame)

    # --- the connection loop -----------------------------------------------------------

    async def _token_value(self) -> str:
        value = self._token() if callable(self._token) else self._token
        if asyncio.iscoroutine(value) or isinstance(value, Awaitable):
            return str(await value)
        return str(value)

    async def _run(self) -> None:
        delay = self.min_backoff
        while not self._closed:
            try:
                await self._session()
                delay = self.min_backoff
            except (OSError, ConnectionClosed, InvalidHandshake, InvalidStatus, TimeoutError):
                pass
            finally:
                self._ws = None
                self._up.clear()
            if self._closed:
                return
            await asyncio.sleep(delay * (1 + random.random() / 2))
            delay = min(delay * 2, self.max_backoff)

    async def _session(self) -> None:
        headers = {"Origin": self.origin} if self.origin else None
        async with websockets.connect(
            self.url, additional_headers=headers, open_timeout=5, max_size=2**20
        ) as ws:
            await ws.send(_encode(chat.AuthFrame(token=await self._token_value())).decode())
            ready = _decode.decode(await asyncio.wait_for(ws.recv(), 10))
            if not isinstance(ready, chat.ReadyFrame):
                return
            first = self.connects == 0
            self.connects += 1
            self.ready = ready
            self._ws = ws
            self._asked.clear()
            for conv in ready.conversations:
                if conv.id not in self.last_seq:
                    # First contact starts live; a conversation that appeared while we
                    # were away is read from its beginning.
                    self.last_seq[conv.id] = conv.last_seq if first else 0
            for conversation_id in list(self.last_seq):
                await self.resume(conversation_id)
            for frame, _ in list(self._pending.values()):
                await ws.send(_encode(frame).decode())
            self._up.set()
            async for raw in ws:
                await self._handle(raw)

"""The websocket ``/api/v1/ws``: one socket carries all of a user's conversations.

Protocol (frames in ``client_api.schema.chat``): the first frame is ``auth`` with the
access token (never in the URL, where it would be logged). Then ``ready`` lists the
conversations with their last seq; live ``message`` frames follow from there. ``resume``
sends everything after a seq, in order. Per conversation the socket keeps the highest
seq it delivered, so live messages go out exactly once, in seq order: a gap (published
out of order by another process) is filled from the database; an older seq is skipped.

Slow clients never hold up others: events go into a bounded per-socket queue; when it
is full the socket drops that conversation's live events and sends ``resync``; the client
then resumes by seq. Close codes: 4401 not (or no longer) authenticated — no auth in
time, bad or expired token, session ended; 4403 origin not allowed; 4408 too slow.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from litestar import Litestar, WebSocket, websocket
from litestar.channels import ChannelsPlugin, Subscriber
from litestar.exceptions import WebSocketDisconnect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from client_api.schema import chat as api
from server.accounts.models import Case
from server.chat import service
from server.chat.models import Conversation
from server.chat.presence import Presence
from server.chat.writer import ChatWriter
from server.core import access
from server.core.auth import Actor, load_actor
from server.core.errors import ProblemException
from server.core.realtime import channels_of, session_channel
from server.core.security import decode_access_token
from server.forum import service as forum_service
from server.settings import Settings

log = logging.getLogger("roer.chat.ws")

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_SLOW = 4408
MAX_FRAME_CHARS = 32_000
SEND_TIMEOUT_SECONDS = 10.0
RESUME_BATCH = 500

Authorise = Callable[[AsyncSession, Actor, str, dt.date], Awaitable[str]]


class Envelope(msgspec.Struct):
    """The routing fields of a published event (everything else is passed on unread)."""

    type: str = ""
    conversation_id: str | None = None
    seq: int | None = None
    user_id: str | None = None
    session_id: str | None = None


_envelope = msgspec.json.Decoder(Envelope)


@dataclass(frozen=True)
class Event:
    """A published event as every socket receives it: decoded and made text once."""

    data: bytes
    envelope: Envelope
    text: str


class _LastEvent:
    """The channel hands the same ``bytes`` to every subscribed socket one after the other:
    the last one decoded is kept, so a message to N sockets is decoded once, not N times."""

    event: Event | None = None

    @classmethod
    def of(cls, data: bytes) -> Event:
        last = cls.event
        if last is not None and last.data is data:
            return last
        cls.event = event = Event(data, _envelope.decode(data), data.decode())
        return event


_client_frame = msgspec.json.Decoder(api.ClientFrame)
_encode = msgspec.json.encode


async def authorise_conversation(
    session: AsyncSession, actor: Actor, ident: str, today: dt.date
) -> str:
    await access.chat_conversation(session, actor, ident)
    return service.channel(ident)


async def authorise_forum_thread(
    session: AsyncSession, actor: Actor, ident: str, today: dt.date
) -> str:
    """Live posts of a forum thread, for whoever may read that thread today."""
    if not await forum_service.thread_visible(session, actor, ident, today):
        raise ProblemException(404, "Dit onderwerp bestaat niet.")
    return f"forum.thread.{ident}"


# Subscription topics: prefix → function that authorises the rest of the topic and returns
# the channel to listen to (raising a 404 problem when the actor may not).
TOPICS: dict[str, Authorise] = {
    "chat.conversation.": authorise_conversation,
    "forum.thread.": authorise_forum_thread,
}


def writer_of(app: Litestar) -> ChatWriter:
    writer: ChatWriter = app.state.chat_writer
    return writer


def presence_of(app: Litestar) -> Presence:
    presence: Presence = app.state.presence
    return presence


@dataclass
class Connection:
    socket: WebSocket[Any, Any, Any]
    app: Litestar
    settings: Settings
    actor: Actor
    expires_at: float
    # Highest seq delivered per conversation; None while waiting for the client's resume.
    delivered: dict[str, int | None]
    out: asyncio.Queue[tuple[str, Any]]
    lagging: set[str] = field(default_factory=set)
    subscribers: list[Subscriber] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    closing: tuple[int, str] | None = None

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        factory: async_sessionmaker[AsyncSession] = self.app.state.sessionmaker
        return factory

    @property
    def channels(self) -> ChannelsPlugin:
        return channels_of(self.app)

    # --- outgoing --------------------------------------------------------------------------

    async def send_raw(self, data: bytes | str) -> None:
        try:
            # ``asyncio.timeout``, not ``wait_for``: no task per frame (fan-out is hot).
            async with asyncio.timeout(SEND_TIMEOUT_SECONDS):
                await self.socket.send_data(data if isinstance(data, str) else data.decode())
        except TimeoutError:
            self.closing = (CLOSE_TOO_SLOW, "te traag")
            raise

    async def reply(self, frame: api.Frame) -> None:
        await self.out.put(("raw", _encode(frame)))

    def on_event(self, data: bytes) -> None:
        """From the channel: route without ever blocking (a full queue means resync)."""
        try:
            event = _LastEvent.of(data)
        except (msgspec.DecodeError, UnicodeDecodeError):
            return
        env = event.envelope
        if env.type == "session_ended":
            self.closing = (CLOSE_UNAUTHENTICATED, "sessie beëindigd")
            with contextlib.suppress(asyncio.QueueFull):
                self.out.put_nowait(("close", None))
            return
        conv = env.conversation_id
        try:
            self.out.put_nowait(("event", event))
        except asyncio.QueueFull:
            if conv is not None and env.type == "message":
                self.delivered[conv] = None
                self.lagging.add(conv)

    async def writer(self) -> None:
        taken: tuple[str, Any] | None = None  # the next item, already off the queue
        while True:
            kind, item = taken if taken is not None else await self.out.get()
            taken = None
            if kind == "close" or self.closing is not None:
                return
            if kind == "raw":
                await self.send_raw(item)
            elif kind == "event":
                await self.deliver(item)
            elif kind == "resume":
                resumes = [item]
                taken = self._more_resumes(resumes)
                await self.resume_all(resumes)
            if self.lagging and self.out.empty() and taken is None:
                ids, self.lagging = sorted(self.lagging), set()
                await self.send_raw(_encode(api.ResyncFrame(conversation_ids=ids)))

    async def deliver(self, event: Event) -> None:
        env, data = event.envelope, event.text
        conv = env.conversation_id
        if conv is None or conv not in self.delivered:
            if env.type not in ("message", "read", "typing", "access_changed"):
                await self.send_raw(data)  # another topic's event, relayed as published
            return
        if env.type == "access_changed":
            if env.user_id == self.actor.id:
                await self.drop(conv)
            return
        if env.type == "typing" and env.user_id == self.actor.id:
            return
        if env.type != "message" or env.seq is None:
            await self.send_raw(data)
            return
        last = self.delivered[conv]
        if last is None or env.seq <= last:
            return  # waiting for a resume, or already delivered
        if env.seq > last + 1:
            await self.resume(conv, last, upto=env.seq - 1)
        await self.send_raw(data)
        self.delivered[conv] = env.seq

    def _more_resumes(self, resumes: list[tuple[str, int]]) -> tuple[str, Any] | None:
        """Add the resumes waiting right behind to ``resumes``; return the first other item
        taken off the queue (handled next, so the order stays), or None."""
        while True:
            try:
                kind, item = self.out.get_nowait()
            except asyncio.QueueEmpty:
                return None
            if kind != "resume":
                return kind, item
            resumes.append(item)

    async def resume_all(self, resumes: list[tuple[str, int]]) -> None:
        """Answer resumes asked together: a connecting client asks one per conversation (a
        casemanager's console dozens). Access is checked and every read logged in one
        transaction, then each conversation's stored messages are sent in order."""
        readable: list[tuple[Conversation, int]] = []
        async with self.sessions() as session:
            for conv, after_seq in resumes:
                found = await self._readable(session, conv)
                if found is not None:
                    conversation, case = found
                    await service.log_read(session, self.actor, conversation, case, self.now())
                    readable.append((conversation, after_seq))
            await session.commit()
            for conversation, after_seq in readable:
                await self._send_stored(session, conversation, after_seq, None)

    async def resume(self, conv: str, after_seq: int, upto: int) -> None:
        """Fill a gap in live delivery: stored messages after ``after_seq`` up to ``upto``
        (the conversation's reading was logged when it was resumed)."""
        async with self.sessions() as session:
            found = await self._readable(session, conv)
            if found is not None:
                await self._send_stored(session, found[0], after_seq, upto)

    async def _readable(self, session: AsyncSession, conv: str) -> tuple[Conversation, Case] | None:
        """The conversation and its case if this actor may (still) read it; else it is dropped
        from this socket and the client told why."""
        try:
            return await access.chat_conversation(session, self.actor, conv)
        except ProblemException as exc:
            await self.drop(conv)
            await self.send_raw(_encode(_error(exc, conversation_id=conv)))
            return None

    async def _send_stored(
        self, session: AsyncSession, conversation: Conversation, after_seq: int, upto: int | None
    ) -> None:
        """Send stored messages after ``after_seq`` (to ``upto``) in order, from the database."""
        cursor = after_seq
        while True:
            page = await service.messages(session, conversation, cursor, RESUME_BATCH)
            for message in page.items:
                if upto is not None and message.seq > upto:
                    break
                await self.send_raw(service.frame_of(message))
                cursor = message.seq
            if page.next_cursor is None or (upto is not None and cursor >= upto):
                break
        known = self.delivered.get(conversation.id)
        self.delivered[conversation.id] = max(cursor, known or 0)

    async def drop(self, conv: str) -> None:
        self.delivered.pop(conv, None)
        for subscriber in self.subscribers:
            with contextlib.suppress(KeyError):
                await self.channels.unsubscribe(subscriber, [service.channel(conv)])

    def now(self) -> Any:
        return self.app.state.clock.now()

    # --- incoming --------------------------------------------------------------------------

    async def reader(self) -> None:
        while True:
            message = await self.socket.receive()
            if message["type"] == "websocket.disconnect":
                return
            raw = message.get("text") or message.get("bytes") or ""
            if not isinstance(raw, str | bytes):
                continue
            if len(raw) > MAX_FRAME_CHARS:
                await self.reply(api.ErrorFrame(code="too_large", detail="Frame is te groot."))
                continue
            try:
                frame = _client_frame.decode(raw)
            except (msgspec.ValidationError, msgspec.DecodeError) as exc:
                await self.reply(api.ErrorFrame(code="bad_frame", detail=str(exc)[:300]))
                continue
            try:
                await self.handle(frame)
            except ProblemException as exc:
                conv = getattr(frame, "conversation_id", None)
                cid = getattr(frame, "client_id", None)
                await self.reply(_error(exc, conversation_id=conv, client_id=cid))
            except Exception:  # a frame can never take the socket (or the server) down
                log.exception("websocket frame failed")
                await self.reply(
                    api.ErrorFrame(
                        code="unavailable",
                        detail="Er ging iets mis. Probeer het opnieuw.",
                        conversation_id=getattr(frame, "conversation_id", None),
                        client_id=getattr(frame, "client_id", None),
                    )
                )

    async def handle(self, frame: Any) -> None:
        if isinstance(frame, api.SendFrame):
            await self.on_send(frame)
        elif isinstance(frame, api.ResumeFrame):
            await self.ensure_subscribed(frame.conversation_id)
            await self.out.put(("resume", (frame.conversation_id, frame.after_seq)))
        elif isinstance(frame, api.ReadFrame):
            await self.on_read(frame)
        elif isinstance(frame, api.TypingFrame):
            await self.on_typing(frame)
        elif isinstance(frame, api.PingFrame):
            await self.reply(api.PongFrame(nonce=frame.nonce))
        elif isinstance(frame, api.SubscribeFrame):
            await self.on_subscribe(frame.topic)
        elif isinstance(frame, api.AuthFrame):
            await self.reauthenticate(frame.token)

    async def ensure_subscribed(self, conv: str) -> None:
        if conv in self.delivered:
            return
        async with self.sessions() as session:
            await access.chat_conversation(session, self.actor, conv)
        await self.subscribe([service.channel(conv)])
        self.delivered[conv] = None

    async def on_send(self, frame: api.SendFrame) -> None:
        """Queued to the chat writer, which checks access with the rows it locks, stores,
        commits, publishes — and only then is the ack sent."""
        await self.ensure_subscribed(frame.conversation_id)
        clock = self.app.state.clock
        env = service.Env(
            now=clock.now(),
            today=clock.today(),
            tz=clock.tz,
            settings=self.settings,
            is_online=presence_of(self.app).is_online,
        )
        data = api.MessageCreate(client_id=frame.client_id, body=frame.body)
        sent = await writer_of(self.app).send(self.actor, frame.conversation_id, data, env)
        ack = api.AckFrame(
            conversation_id=frame.conversation_id,
            client_id=frame.client_id,
            seq=sent.message.seq,
            signposts=sent.signposts,
        )
        await self.reply(ack)

    async def on_read(self, frame: api.ReadFrame) -> None:
        async with self.sessions() as session:
            conv, _ = await access.chat_conversation(session, self.actor, frame.conversation_id)
            _, receipt = await service.mark_read(session, self.actor, conv, frame.seq, self.now())
            await session.commit()
        if receipt is not None:
            self.channels.publish(receipt, service.channel(conv.id))

    async def on_typing(self, frame: api.TypingFrame) -> None:
        # Ephemeral: never stored. Only to conversations this socket is in.
        if frame.conversation_id not in self.delivered:
            await self.ensure_subscribed(frame.conversation_id)
        notice = api.TypingNoticeFrame(conversation_id=frame.conversation_id, user_id=self.actor.id)
        self.channels.publish(_encode(notice), service.channel(frame.conversation_id))

    async def on_subscribe(self, topic: str) -> None:
        prefix = next((p for p in TOPICS if topic.startswith(p)), None)
        if prefix is None or not topic[len(prefix) :]:
            raise ProblemException(404, "Dit onderwerp bestaat niet.")
        ident = topic[len(prefix) :]
        async with self.sessions() as session:
            name = await TOPICS[prefix](session, self.actor, ident, self.app.state.clock.today())
            await session.commit()
        if prefix == "chat.conversation.":
            await self.ensure_subscribed(ident)
        else:
            await self.subscribe([name])
        await self.reply(api.SubscribedFrame(topic=topic))

    async def reauthenticate(self, token: str) -> None:
        """A fresh access token on a live socket extends it (same user and session only)."""
        actor, expires = await authenticate(self.app, token)
        if actor is None or actor.id != self.actor.id or actor.session_id != self.actor.session_id:
            self.closing = (CLOSE_UNAUTHENTICATED, "token ongeldig")
            await self.out.put(("close", None))
            return
        self.actor, self.expires_at = actor, expires

    async def subscribe(self, channel_names: list[str]) -> None:
        subscriber = await self.channels.subscribe(channel_names)
        self.subscribers.append(subscriber)
        self.tasks.append(asyncio.create_task(self.pump(subscriber)))

    async def pump(self, subscriber: Subscriber) -> None:
        async for data in subscriber.iter_events():
            self.on_event(data)

    async def watchdog(self) -> None:
        """Close when the access token expires (unless the client sent a fresh one)."""
        while True:
            remaining = self.expires_at - time.time()
            if remaining <= 0:
                self.closing = (CLOSE_UNAUTHENTICATED, "token verlopen")
                return
            await asyncio.sleep(min(remaining, self.settings.ws_heartbeat_seconds))


def _error(
    exc: ProblemException, conversation_id: str | None = None, client_id: str | None = None
) -> api.ErrorFrame:
    return api.ErrorFrame(
        code=exc.slug, detail=exc.detail, conversation_id=conversation_id, client_id=client_id
    )


async def authenticate(app: Litestar, token: str) -> tuple[Actor | None, float]:
    try:
        decoded = decode_access_token(token, app.state.auth_config.secret)
    except Exception:  # any invalid token: bad signature, expired, wrong audience
        return None, 0.0
    session_id = decoded.extras.get("sid")
    if not isinstance(session_id, str):
        return None, 0.0
    async with app.state.sessionmaker() as session:
        actor = await load_actor(session, decoded.sub, session_id)
    return actor, decoded.exp.timestamp()


async def _first_frame(socket: WebSocket[Any, Any, Any], seconds: float) -> api.AuthFrame | None:
    try:
        raw = await asyncio.wait_for(socket.receive_data("text"), seconds)
        frame = _client_frame.decode(raw)
    except (TimeoutError, msgspec.ValidationError, msgspec.DecodeError):
        return None
    return frame if isinstance(frame, api.AuthFrame) else None


@websocket("/ws", exclude_from_auth=True)
async def chat_socket(socket: WebSocket[Any, Any, Any]) -> None:
    app: Litestar = socket.app
    settings: Settings = app.state.settings
    origin = socket.headers.get("origin")
    scheme = "https" if socket.url.scheme in ("wss", "https") else "http"
    own = f"{scheme}://{socket.headers.get('host', '')}"
    if origin is not None and origin != own and origin not in settings.allowed_origins:
        # Browsers always send Origin; phones send none. A foreign page may not connect;
        # the consoles, served by this server itself, may.
        await socket.close(code=CLOSE_FORBIDDEN, reason="origin niet toegestaan")
        return
    await socket.accept()
    frame = await _first_frame(socket, settings.ws_auth_seconds)
    actor, expires = (None, 0.0) if frame is None else await authenticate(app, frame.token)
    if actor is None:
        await socket.close(code=CLOSE_UNAUTHENTICATED, reason="niet ingelogd")
        return
    with contextlib.suppress(WebSocketDisconnect):
        await _serve(socket, app, settings, actor, expires)


async def _serve(
    socket: WebSocket[Any, Any, Any],
    app: Litestar,
    settings: Settings,
    actor: Actor,
    expires: float,
) -> None:
    async with app.state.sessionmaker() as session:
        await service.ensure_conversations(session, actor, app.state.clock.now())
        await session.commit()
        conversations = await service.visible_conversations(session, actor)
    conn = Connection(
        socket=socket,
        app=app,
        settings=settings,
        actor=actor,
        expires_at=expires,
        delivered={cid: seq for cid, seq in conversations},
        out=asyncio.Queue(maxsize=settings.ws_send_queue),
    )
    presence = presence_of(app)
    await presence.add(actor.id)
    try:
        names = [session_channel(actor.session_id)] + [service.channel(c) for c, _ in conversations]
        await conn.subscribe(names)
        ready = api.ReadyFrame(
            user_id=actor.id,
            conversations=[api.ConversationState(id=c, last_seq=s) for c, s in conversations],
            heartbeat_seconds=settings.ws_heartbeat_seconds,
        )
        await conn.send_raw(_encode(ready))
        await _run(conn)
    finally:
        for subscriber in conn.subscribers:
            with contextlib.suppress(Exception):
                await conn.channels.unsubscribe(subscriber)
        for task in conn.tasks:
            task.cancel()
        await presence.remove(actor.id)


async def _run(conn: Connection) -> None:
    main = [
        asyncio.create_task(conn.reader()),
        asyncio.create_task(conn.writer()),
        asyncio.create_task(conn.watchdog()),
    ]
    try:
        done, _ = await asyncio.wait(main, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in main:
            task.cancel()
        await asyncio.gather(*main, return_exceptions=True)
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            if not isinstance(exc, WebSocketDisconnect | TimeoutError | OSError):
                log.error("websocket ended with an error", exc_info=exc)
    if conn.closing is not None:
        code, reason = conn.closing
        with contextlib.suppress(Exception):
            await conn.socket.close(code=code, reason=reason)

"""Conversations and messages: the only writer of chat data.

Persist, then publish: every function that stores messages returns the frames to
publish, and callers publish them only after the transaction has committed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import msgspec
from sqlalchemy import Row, Table, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from client_api.schema import chat as api
from server.accounts.models import Case, CaseParent, User
from server.alerts.service import raise_alert
from server.chat import texts
from server.chat.models import ChatMessage, Conversation, OfficeHourSlot, ReadMark
from server.chat.officehours import is_open, next_opening, opening_phrase
from server.chat.screening import Screening, screen_chat
from server.core import groupcommit
from server.core.access import log_access, require_staff_mfa, takes_part_in_chat
from server.core.auth import Actor
from server.core.clock import age_on
from server.core.db import new_id
from server.core.errors import ProblemException, conflict, invalid, not_found
from server.notifications.models import Notification
from server.notifications.service import enqueue
from server.settings import Settings

IsOnline = Callable[[str], Awaitable[bool]]
PEOPLE = ("youth", "parent")


def channel(conversation_id: str) -> str:
    return f"chat:{conversation_id}"


@dataclass
class Sent:
    """The stored message (with its system replies) and the frames to publish after commit."""

    message: api.Message
    created: bool
    frames: list[bytes] = field(default_factory=list)
    signposts: list[api.Signpost] = field(default_factory=list)


@dataclass(frozen=True)
class Env:
    """What sending needs from the surroundings."""

    now: dt.datetime
    today: dt.date
    tz: dt.tzinfo
    settings: Settings
    is_online: IsOnline


# --- conversations -----------------------------------------------------------------------


async def ensure_conversations(session: AsyncSession, actor: Actor, now: dt.datetime) -> None:
    """Open the youth and parent conversations of the actor's cases that do not exist yet."""
    if actor.role == "casemanager":
        cases = list(
            await session.scalars(
                select(Case).where(Case.casemanager_id == actor.id, Case.closed_at.is_(None))
            )
        )
    elif actor.role == "youth":
        cases = list(await session.scalars(select(Case).where(Case.youth_id == actor.id)))
    elif actor.role == "parent":
        cases = list(
            await session.scalars(
                select(Case)
                .join(CaseParent, CaseParent.case_id == Case.id)
                .where(CaseParent.parent_id == actor.id)
            )
        )
    else:
        return
    if not cases:
        return
    case_ids = [c.id for c in cases]
    wanted: dict[str, tuple[str, str, str | None]] = {}
    for case in cases:
        if case.youth_id:
            wanted[f"{case.id}:youth"] = (case.id, "youth", None)
    parents = await session.execute(
        select(CaseParent.case_id, CaseParent.parent_id).where(CaseParent.case_id.in_(case_ids))
    )
    for case_id, parent_id in parents:
        if actor.role != "parent" or parent_id == actor.id:
            wanted[f"{case_id}:parent:{parent_id}"] = (case_id, "parent", parent_id)
    existing = set(
        await session.scalars(select(Conversation.key).where(Conversation.key.in_(list(wanted))))
    )
    for key, (for_case, kind, parent) in wanted.items():
        if key not in existing:
            await _create(session, key, for_case, kind, parent, "active", now)


async def _create(
    session: AsyncSession,
    key: str,
    case_id: str,
    kind: str,
    parent_id: str | None,
    status: str,
    now: dt.datetime,
) -> None:
    try:
        async with session.begin_nested():
            session.add(
                Conversation(
                    key=key,
                    case_id=case_id,
                    kind=kind,
                    parent_id=parent_id,
                    status=status,
                    last_seq=0,
                    created_at=now,
                )
            )
    except IntegrityError:
        pass  # opened at the same moment by another request: fine, it exists


def _visible(actor: Actor) -> Any:
    if actor.role == "casemanager":
        return Case.casemanager_id == actor.id
    if actor.role == "youth":
        return (Case.youth_id == actor.id) & Conversation.kind.in_(("youth", "family"))
    if actor.role == "parent":
        family_case = select(CaseParent.case_id).where(CaseParent.parent_id == actor.id)
        return or_(
            (Conversation.kind == "parent") & (Conversation.parent_id == actor.id),
            (Conversation.kind == "family")
            & (Conversation.status == "active")
            & Conversation.case_id.in_(family_case),
        )
    return Conversation.id.is_(None)


async def visible_conversations(session: AsyncSession, actor: Actor) -> list[tuple[str, int]]:
    """Ids and last seqs of every conversation the actor takes part in (for the socket)."""
    rows = await session.execute(
        select(Conversation.id, Conversation.last_seq)
        .join(Case, Case.id == Conversation.case_id)
        .where(_visible(actor))
    )
    return [(r[0], r[1]) for r in rows]


async def list_conversations(
    session: AsyncSession, actor: Actor, now: dt.datetime, case_id: str | None = None
) -> api.ConversationList:
    """The actor's conversations (of one case when ``case_id`` is given), last message first."""
    await ensure_conversations(session, actor, now)
    query = select(Conversation, Case).join(Case, Case.id == Conversation.case_id)
    if case_id is not None:
        query = query.where(Conversation.case_id == case_id)
    rows = list(
        await session.execute(
            query.where(_visible(actor))
            .order_by(Conversation.created_at, Conversation.id)
            .limit(500)
        )
    )
    items = [await conversation_view(session, actor, conv, case) for conv, case in rows]
    for (conv, case), item in zip(rows, items, strict=True):
        # The list shows the last message: for anyone but the youth, a read of their chat.
        if item.last_message is not None and case.youth_id and conv.kind in ("youth", "family"):
            await log_access(
                session,
                actor,
                case.youth_id,
                resource="chat",
                action="list",
                purpose="Chatgesprekken bekijken",
                now=now,
                detail=f"conversation={conv.id}",
            )
    items.sort(key=lambda c: c.last_message.sent_at if c.last_message else now, reverse=True)
    return api.ConversationList(items=items)


async def conversation_view(
    session: AsyncSession, actor: Actor, conv: Conversation, case: Case
) -> api.Conversation:
    read_seq = await _read_seq(session, conv.id, actor.id)
    unread = await session.scalar(
        select(func.count())
        .select_from(ChatMessage)
        .where(
            ChatMessage.conversation_id == conv.id,
            ChatMessage.seq > read_seq,
            or_(ChatMessage.sender_id.is_(None), ChatMessage.sender_id != actor.id),
        )
    )
    last = await session.scalar(
        select(ChatMessage).where(
            ChatMessage.conversation_id == conv.id, ChatMessage.seq == conv.last_seq
        )
    )
    participants = await _participants(session, conv, case)
    names = {p.id: p for p in participants}
    return api.Conversation(
        id=conv.id,
        case_id=conv.case_id,
        kind=conv.kind,  # type: ignore[arg-type]
        status=conv.status,  # type: ignore[arg-type]
        participants=participants,
        last_seq=conv.last_seq,
        read_seq=read_seq,
        unread=int(unread or 0),
        last_message=_view(last, names) if last is not None else None,
    )


async def _participants(
    session: AsyncSession, conv: Conversation, case: Case
) -> list[api.Participant]:
    ids = [case.casemanager_id]
    if conv.kind in ("youth", "family") and case.youth_id:
        ids.append(case.youth_id)
    if conv.kind == "parent" and conv.parent_id:
        ids.append(conv.parent_id)
    if conv.kind == "family":
        ids += list(
            await session.scalars(select(CaseParent.parent_id).where(CaseParent.case_id == case.id))
        )
    users = await session.scalars(select(User).where(User.id.in_(ids)))
    return [api.Participant(id=u.id, role=u.role, name=_name(u)) for u in users]


def _name(user: User | Actor) -> str:
    return user.display_name or user.username or user.role


async def _read_seq(session: AsyncSession, conversation_id: str, user_id: str) -> int:
    seq = await session.scalar(
        select(ReadMark.seq).where(
            ReadMark.conversation_id == conversation_id, ReadMark.user_id == user_id
        )
    )
    return int(seq or 0)


# --- messages ----------------------------------------------------------------------------


def _view(
    row: ChatMessage | Row[Any],
    people: dict[str, api.Participant],
    replies: Sequence[api.Message] = (),
    signposts: Sequence[api.Signpost] = (),
) -> api.Message:
    if row.sender_role == "system":
        sender = api.Sender(role="system", name=texts.SYSTEM_NAME)
    elif row.sender_id is None:
        sender = api.Sender(role="removed", name=texts.REMOVED_NAME)
    else:
        person = people.get(row.sender_id)
        sender = api.Sender(
            id=row.sender_id,
            role=row.sender_role,  # type: ignore[arg-type]
            name=person.name if person else row.sender_role,
        )
    return api.Message(
        id=row.id,
        conversation_id=row.conversation_id,
        seq=row.seq,
        body=row.body,
        sender=sender,
        sent_at=row.sent_at,
        client_id=row.client_id,
        replies=list(replies),
        signposts=list(signposts),
    )


def frame_of(message: api.Message) -> bytes:
    """The websocket ``message`` frame of a stored message, ready to publish."""
    return msgspec.json.encode(
        api.MessageFrame(
            conversation_id=message.conversation_id,
            seq=message.seq,
            body=message.body,
            sender=message.sender,
            sent_at=message.sent_at,
            id=message.id,
            client_id=message.client_id,
        )
    )


async def _people(session: AsyncSession, rows: Iterable[ChatMessage]) -> dict[str, api.Participant]:
    ids = {r.sender_id for r in rows if r.sender_id}
    if not ids:
        return {}
    users = await session.scalars(select(User).where(User.id.in_(ids)))
    return {u.id: api.Participant(id=u.id, role=u.role, name=_name(u)) for u in users}


async def log_read(
    session: AsyncSession, actor: Actor, conv: Conversation, case: Case, now: dt.datetime
) -> None:
    """Reading a conversation the youth is in is reading the youth's data: log it."""
    if case.youth_id and conv.kind in ("youth", "family"):
        await log_access(
            session,
            actor,
            case.youth_id,
            resource="chat",
            action="read",
            purpose="Chatgesprek lezen",
            now=now,
            detail=f"conversation={conv.id}",
        )


async def messages(
    session: AsyncSession, conv: Conversation, after_seq: int, limit: int
) -> api.MessageList:
    rows = list(
        await session.scalars(
            select(ChatMessage)
            .where(ChatMessage.conversation_id == conv.id, ChatMessage.seq > after_seq)
            .order_by(ChatMessage.seq)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    people = await _people(session, rows)
    items = [_view(r, people) for r in rows]
    return api.MessageList(items=items, next_cursor=str(rows[-1].seq) if more else None)


async def _append(
    session: AsyncSession,
    conv: Conversation,
    *,
    body: str,
    now: dt.datetime,
    sender: Actor | None = None,
    client_id: str | None = None,
    system_kind: str | None = None,
) -> ChatMessage:
    """Store one message with the conversation's next seq.

    The ``UPDATE … RETURNING`` takes the conversation row's write lock until commit, so
    concurrent senders (in any process) queue on it: no two get the same seq, and seqs
    commit in order, so there is never a gap that a later commit fills.
    """
    seq = await _next_seq(session, conv)
    return await _insert(
        session,
        conv,
        seq,
        body=body,
        now=now,
        sender=sender,
        client_id=client_id,
        system_kind=system_kind,
    )


async def _next_seq(session: AsyncSession, conv: Conversation) -> int:
    seq = (
        await session.execute(
            update(Conversation)
            .where(Conversation.id == conv.id)
            .values(last_seq=Conversation.last_seq + 1)
            .returning(Conversation.last_seq)
            .execution_options(synchronize_session=False)
        )
    ).scalar_one()
    set_committed_value(conv, "last_seq", seq)
    return int(seq)


async def _insert(
    session: AsyncSession,
    conv: Conversation,
    seq: int,
    *,
    body: str,
    now: dt.datetime,
    sender: Actor | None = None,
    client_id: str | None = None,
    system_kind: str | None = None,
) -> ChatMessage:
    row = ChatMessage(
        conversation_id=conv.id,
        seq=seq,
        client_id=client_id,
        sender_id=sender.id if sender else None,
        sender_role=sender.role if sender else "system",
        body=body,
        system_kind=system_kind,
        sent_at=now,
    )
    session.add(row)
    return row


# --- sending (in batches, by the chat writer) ----------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    """One send, screened before it is queued for the writer (no database needed for that)."""

    actor: Actor
    conversation_id: str
    client_id: str
    body: str
    env: Env
    screening: Screening | None


def prepare(actor: Actor, conversation_id: str, data: api.MessageCreate, env: Env) -> Outgoing:
    """Screen a youth or parent message (moderation is pure CPU: done by the sender)."""
    screening = None
    if actor.role in PEOPLE:
        age = age_on(actor.birth_date, env.today) if actor.birth_date else None
        screening = screen_chat(data.body, age)
    return Outgoing(actor, conversation_id, data.client_id.lower(), data.body, env, screening)


class _Rows:
    """New messages of one batch, numbered from the locked counters in memory."""

    def __init__(self, counters: dict[str, int]) -> None:
        self.counters = counters
        self.rows: list[ChatMessage] = []

    def add(
        self,
        conv: Conversation,
        *,
        body: str,
        now: dt.datetime,
        sender: Actor | None = None,
        client_id: str | None = None,
        system_kind: str | None = None,
    ) -> ChatMessage:
        seq = self.counters[conv.id] + 1
        self.counters[conv.id] = seq
        row = ChatMessage(
            id=new_id(),
            conversation_id=conv.id,
            seq=seq,
            client_id=client_id,
            sender_id=sender.id if sender else None,
            sender_role=sender.role if sender else "system",
            body=body,
            system_kind=system_kind,
            sent_at=now,
        )
        self.rows.append(row)
        return row


# The writer's statements, built once: a batch only binds its values (no statement to
# construct, compile or key for the cache per batch). Core tables where no ORM object is
# needed: the ORM's bulk paths cost several times as much per statement.
_conversations = cast(Table, Conversation.__table__)
_messages = cast(Table, ChatMessage.__table__)
_marks = cast(Table, ReadMark.__table__)
_notifications = cast(Table, Notification.__table__)
_LOAD = (
    select(Conversation, Case)
    .join(Case, Case.id == Conversation.case_id)
    .where(Conversation.id.in_(bindparam("ids", expanding=True)))
)
_LOAD_LOCKED = _LOAD.order_by(Conversation.id).with_for_update(of=Conversation)
_TAKE_WRITE_LOCK = (
    update(_conversations)
    .where(_conversations.c.id.in_(bindparam("ids", expanding=True)))
    .values(last_seq=_conversations.c.last_seq)
)
_EXISTING = select(_messages).where(
    _messages.c.conversation_id.in_(bindparam("conversations", expanding=True)),
    _messages.c.client_id.in_(bindparam("client_ids", expanding=True)),
)
_MARKS = select(_marks.c.conversation_id, _marks.c.user_id, _marks.c.seq).where(
    _marks.c.conversation_id.in_(bindparam("conversations", expanding=True)),
    _marks.c.user_id.in_(bindparam("users", expanding=True)),
)
_PENDING = select(_notifications.c.dedup_key).where(
    _notifications.c.dedup_key.in_(bindparam("keys", expanding=True))
)
_INSERT = insert(_messages)
_MOVE = (
    update(_conversations)
    .where(_conversations.c.id == bindparam("cid"))
    .values(last_seq=bindparam("seq"))
)
_COLUMNS = tuple(_messages.columns.keys())


async def _lock(
    session: AsyncSession, conversation_ids: list[str]
) -> dict[str, tuple[Conversation, Case]]:
    """Lock the batch's conversation rows (their seq counters) and load them with their case.

    PostgreSQL: ``SELECT … FOR UPDATE`` in id order, so two processes' batches never
    deadlock; a batch waits for the other's commit and then reads its counters. SQLite:
    a no-op ``UPDATE`` first takes the database's write lock before anything is read
    (unless the transaction holds it already: ``groupcommit.WRITE_LOCKED``).
    """
    ids = {"ids": conversation_ids}
    query = _LOAD_LOCKED
    if session.get_bind().dialect.name == "sqlite":
        if not session.info.get(groupcommit.WRITE_LOCKED):
            await session.execute(_TAKE_WRITE_LOCK, ids)
        query = _LOAD
    return {conv.id: (conv, case) for conv, case in await session.execute(query, ids)}


async def _existing(
    session: AsyncSession, batch: Sequence[Outgoing]
) -> dict[tuple[str, str], ChatMessage | Row[Any]]:
    """Messages already stored under the batch's client ids (read after the lock)."""
    rows = await session.execute(
        _EXISTING,
        {
            "conversations": list({o.conversation_id for o in batch}),
            "client_ids": list({o.client_id for o in batch}),
        },
    )
    return {(r.conversation_id, r.client_id): r for r in rows if r.client_id}


async def _checked(
    session: AsyncSession, out: Outgoing, loaded: dict[str, tuple[Conversation, Case]]
) -> tuple[Conversation, Case]:
    """The same checks as a single send: takes part (else 404), staff 2FA, active."""
    pair = loaded.get(out.conversation_id)
    if pair is None or not await takes_part_in_chat(session, out.actor, *pair):
        raise not_found("Dit gesprek bestaat niet.")
    require_staff_mfa(out.actor)
    if pair[0].status != "active":
        raise conflict(texts.NOT_ACTIVE, slug="conversation-not-active")
    return pair


async def send_batch(
    session: AsyncSession, batch: Sequence[Outgoing]
) -> list[Sent | ProblemException]:
    """Store a batch of sends in the session's transaction (the caller commits once).

    Each send is stored once per ``(conversation, client_id)``, also within the batch (a
    resend in the same batch gets the first one's seq). Seqs are taken from the locked
    counters in queue order, each message followed by its system replies, so they stay
    gap-free and ordered. A send that may not happen gets its problem, not the batch.
    """
    loaded = await _lock(session, sorted({o.conversation_id for o in batch}))
    rows = _Rows({cid: conv.last_seq for cid, (conv, _) in loaded.items()})
    stored = await _existing(session, batch)
    results: list[Sent | ProblemException] = []
    pushes: list[tuple[Actor, Conversation, Case, Env]] = []
    for out in batch:
        try:
            conv, case = await _checked(session, out, loaded)
        except ProblemException as exc:
            results.append(exc)
            continue
        actor, env, screening = out.actor, out.env, out.screening
        me = {actor.id: api.Participant(id=actor.id, role=actor.role, name=_name(actor))}
        signposts = screening.signposts if screening and screening.crisis else []
        original = stored.get((conv.id, out.client_id))
        if original is not None:  # a resend: the original, not stored twice
            results.append(Sent(_view(original, me, signposts=signposts), created=False))
            continue
        row = rows.add(conv, body=out.body, now=env.now, sender=actor, client_id=out.client_id)
        stored[(conv.id, out.client_id)] = row
        replies: list[ChatMessage] = []
        if screening is not None and screening.crisis:
            replies.append(await _crisis(session, rows, actor, conv, case, row, screening, env))
        if actor.role in PEOPLE:
            notice = await _office_hours_notice(session, rows, conv, case, env)
            if notice is not None:
                replies.append(notice)
        pushes.append((actor, conv, case, env))
        reply_views = [_view(r, me) for r in replies]
        message = _view(row, me, replies=reply_views, signposts=signposts)
        frames = [frame_of(message)] + [frame_of(r) for r in reply_views]
        results.append(Sent(message, created=True, frames=frames, signposts=signposts))
    await _push(session, pushes)
    await _store(session, rows, loaded)
    return results


async def _store(
    session: AsyncSession, rows: _Rows, loaded: dict[str, tuple[Conversation, Case]]
) -> None:
    """One multi-row insert of the batch's messages, then the counters they moved."""
    if not rows.rows:
        return
    await session.execute(_INSERT, [{c: getattr(r, c) for c in _COLUMNS} for r in rows.rows])
    moved = [
        {"cid": cid, "seq": seq}
        for cid, seq in rows.counters.items()
        if seq != loaded[cid][0].last_seq
    ]
    await session.execute(_MOVE, moved)
    for item in moved:
        set_committed_value(loaded[str(item["cid"])][0], "last_seq", item["seq"])


async def _crisis(
    session: AsyncSession,
    rows: _Rows,
    actor: Actor,
    conv: Conversation,
    case: Case,
    row: ChatMessage,
    screening: Screening,
    env: Env,
) -> ChatMessage:
    lines = [screening.message or texts.CRISIS_REPLY]
    for s in screening.signposts:
        where = " / ".join(x for x in (s.phone, s.url) if x)
        lines.append(f"- {s.text}" if s.text else f"- {s.name}: {where}")
    reply = rows.add(conv, body="\n".join(lines), now=env.now, system_kind="crisis")
    await raise_alert(
        session,
        case=case,
        rule="crisis",
        urgent=True,
        now=env.now,
        settings=env.settings,
        tz=env.tz,
        detail=f"Chatbericht {row.seq} van {'jongere' if actor.role == 'youth' else 'ouder'}",
        source=f"chat:{conv.id}:{row.seq}",
    )
    return reply


async def _office_hours_notice(
    session: AsyncSession, rows: _Rows, conv: Conversation, case: Case, env: Env
) -> ChatMessage | None:
    """One automatic answer per closed period, not one per message."""
    if conv.auto_reply_until is not None and env.now < conv.auto_reply_until:
        return None
    slots = await _cached_slots(session, case.casemanager_id)
    if not slots or is_open(slots, env.now, env.tz):
        return None
    opening = next_opening(slots, env.now, env.tz)
    conv.auto_reply_until = opening or env.now + dt.timedelta(days=7)
    when = opening_phrase(opening, env.now, env.tz) if opening else texts.OFFICE_HOURS_UNKNOWN
    return rows.add(
        conv,
        body=texts.OFFICE_HOURS_REPLY.format(when=when),
        now=env.now,
        system_kind="office_hours",
    )


async def recipients(session: AsyncSession, conv: Conversation, case: Case) -> list[str]:
    ids = [case.casemanager_id]
    if conv.kind in ("youth", "family") and case.youth_id:
        ids.append(case.youth_id)
    if conv.kind == "parent" and conv.parent_id:
        ids.append(conv.parent_id)
    if conv.kind == "family" and conv.status == "active":
        ids += list(
            await session.scalars(select(CaseParent.parent_id).where(CaseParent.case_id == case.id))
        )
    return ids


# Push dedup keys seen stored (read from the database, so committed). A key names one
# recipient's unread period in one conversation; its row stays until that account is erased
# (no push is due then), so "already pushed" never turns false: each process keeps what it
# saw and a conversation under way reads the notifications table once, not per message.
_pushed: set[str] = set()


async def _push(
    session: AsyncSession, pushes: Sequence[tuple[Actor, Conversation, Case, Env]]
) -> None:
    """A push for each recipient without a live socket: one until they have read up.

    For a batch: the first message to an offline recipient in a conversation decides (as
    when sent one by one, the later ones find that push waiting); two queries in all.
    """
    wanted: dict[tuple[str, str], tuple[Actor, Env]] = {}
    online: dict[str, bool] = {}
    members: dict[str, list[str]] = {}
    for actor, conv, case, env in pushes:
        if conv.id not in members:
            members[conv.id] = await recipients(session, conv, case)
        for user_id in members[conv.id]:
            if user_id == actor.id or (conv.id, user_id) in wanted:
                continue
            if user_id not in online:
                online[user_id] = await env.is_online(user_id)
            if not online[user_id]:
                wanted[(conv.id, user_id)] = (actor, env)
    if not wanted:
        return
    marks = await session.execute(
        _MARKS,
        {"conversations": list({c for c, _ in wanted}), "users": list({u for _, u in wanted})},
    )
    read = {(c, u): int(seq or 0) for c, u, seq in marks}
    keys = {pair: f"chat:{pair[0]}:{pair[1]}:{read.get(pair, 0)}" for pair in wanted}
    unknown = [k for k in keys.values() if k not in _pushed]
    pending = set(await session.scalars(_PENDING, {"keys": unknown})) if unknown else set()
    if len(_pushed) + len(pending) > 10_000:
        _pushed.clear()
    _pushed.update(pending)
    pending.update(k for k in keys.values() if k in _pushed)
    for (conv_id, user_id), (actor, env) in wanted.items():
        if keys[(conv_id, user_id)] in pending:
            continue
        await enqueue(
            session,
            user_id=user_id,
            kind="chat",
            title=texts.NEW_MESSAGE_TITLE,
            body=texts.NEW_MESSAGE_BODY.format(name=_name(actor)),
            now=env.now,
            settings=env.settings,
            tz=env.tz,
            dedup_key=keys[(conv_id, user_id)],
        )


async def mark_read(
    session: AsyncSession, actor: Actor, conv: Conversation, seq: int, now: dt.datetime
) -> tuple[api.ReadState, bytes | None]:
    """Move the actor's read mark forward (never back); returns the receipt to publish."""
    target = min(seq, conv.last_seq)
    mark = await session.get(ReadMark, (conv.id, actor.id))
    before = mark.seq if mark is not None else -1
    if mark is None:
        mark = ReadMark(conversation_id=conv.id, user_id=actor.id, seq=0, updated_at=now)
        try:
            async with session.begin_nested():
                session.add(mark)
        except IntegrityError:
            mark = await session.get(ReadMark, (conv.id, actor.id), populate_existing=True)
            assert mark is not None
    frame = None
    if target > mark.seq or before < 0:
        mark.seq = max(mark.seq, target)
        mark.updated_at = now
        frame = msgspec.json.encode(
            api.ReadReceiptFrame(conversation_id=conv.id, user_id=actor.id, seq=mark.seq)
        )
    unread = await session.scalar(
        select(func.count())
        .select_from(ChatMessage)
        .where(
            ChatMessage.conversation_id == conv.id,
            ChatMessage.seq > mark.seq,
            or_(ChatMessage.sender_id.is_(None), ChatMessage.sender_id != actor.id),
        )
    )
    state = api.ReadState(conversation_id=conv.id, read_seq=mark.seq, unread=int(unread or 0))
    return state, frame


# --- family conversation -----------------------------------------------------------------


async def open_family(
    session: AsyncSession, case: Case, now: dt.datetime, today: dt.date
) -> Conversation:
    """The casemanager opens it; a youth of 16 or older must agree before it starts."""
    if case.youth_id is None:
        raise conflict(texts.NO_YOUTH)
    key = f"{case.id}:family"
    if await session.scalar(select(Conversation.id).where(Conversation.key == key)):
        raise conflict(texts.FAMILY_EXISTS)
    youth = await session.get(User, case.youth_id)
    age = age_on(youth.birth_date, today) if youth and youth.birth_date else None
    status = "awaiting_consent" if age is None or age >= 16 else "active"
    await _create(session, key, case.id, "family", None, status, now)
    conv = await session.scalar(select(Conversation).where(Conversation.key == key))
    assert conv is not None
    return conv


async def consent(
    session: AsyncSession, actor: Actor, conv: Conversation, case: Case, agree: bool
) -> None:
    if conv.kind != "family" or actor.role != "youth" or case.youth_id != actor.id:
        raise not_found("Dit gesprek bestaat niet.")
    if conv.status == "active" and not agree:
        raise conflict("Het gezinsgesprek is al gestart.")
    conv.status = "active" if agree else "declined"


# --- office hours ------------------------------------------------------------------------


# Office hours change rarely and are read for every youth or parent message: each process
# keeps them for a short while (a change made on another process counts within this time).
SLOT_CACHE_SECONDS = 30.0
_slot_cache: dict[str, tuple[float, list[api.OfficeSlot]]] = {}


async def _cached_slots(session: AsyncSession, casemanager_id: str) -> list[api.OfficeSlot]:
    hit = _slot_cache.get(casemanager_id)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    slots = await office_slots(session, casemanager_id)
    if len(_slot_cache) > 10_000:
        _slot_cache.clear()
    _slot_cache[casemanager_id] = (time.monotonic() + SLOT_CACHE_SECONDS, slots)
    return slots


async def office_slots(session: AsyncSession, casemanager_id: str) -> list[api.OfficeSlot]:
    rows = await session.scalars(
        select(OfficeHourSlot)
        .where(OfficeHourSlot.casemanager_id == casemanager_id)
        .order_by(OfficeHourSlot.weekday, OfficeHourSlot.start)
    )
    return [api.OfficeSlot(weekday=r.weekday, start=r.start, end=r.end) for r in rows]


async def set_office_hours(
    session: AsyncSession, actor: Actor, data: api.OfficeHours
) -> api.OfficeHours:
    for i, slot in enumerate(data.slots):
        if slot.end <= slot.start:
            raise invalid(f"slots.{i}.end", texts.SLOT_ORDER)
    await session.execute(delete(OfficeHourSlot).where(OfficeHourSlot.casemanager_id == actor.id))
    for slot in data.slots:
        session.add(
            OfficeHourSlot(
                casemanager_id=actor.id, weekday=slot.weekday, start=slot.start, end=slot.end
            )
        )
    # A new timetable starts a new period: the next message outside it gets a notice.
    await session.execute(
        update(Conversation)
        .where(Conversation.case_id.in_(select(Case.id).where(Case.casemanager_id == actor.id)))
        .values(auto_reply_until=None)
        .execution_options(synchronize_session=False)
    )
    return api.OfficeHours(slots=await office_slots(session, actor.id))


# --- handover ----------------------------------------------------------------------------


async def case_handed_over(
    session: AsyncSession,
    case: Case,
    previous_id: str,
    actor: Actor,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> list[tuple[bytes, str]]:
    """The conversations follow the case (membership derives from it); tell the youth.

    Returns ``(frame, channel)`` pairs to publish after commit: the notice in the youth's
    conversation and an ``access_changed`` event that closes the old casemanager's
    live subscriptions.
    """
    published: list[tuple[bytes, str]] = []
    convs = list(await session.scalars(select(Conversation).where(Conversation.case_id == case.id)))
    for conv in convs:
        published.append(
            (
                msgspec.json.encode(
                    {"type": "access_changed", "conversation_id": conv.id, "user_id": previous_id}
                ),
                channel(conv.id),
            )
        )
    if case.youth_id is None:
        return published
    new = await session.get(User, case.casemanager_id)
    name = _name(new) if new else "je nieuwe casemanager"
    youth_conv = next((c for c in convs if c.kind == "youth"), None)
    if youth_conv is not None:
        row = await _append(
            session,
            youth_conv,
            body=texts.HANDOVER_NOTICE.format(name=name),
            now=now,
            system_kind="handover",
        )
        published.append((frame_of(_view(row, {})), channel(youth_conv.id)))
    await enqueue(
        session,
        user_id=case.youth_id,
        kind="chat",
        title=texts.HANDOVER_TITLE,
        body=texts.HANDOVER_NOTICE.format(name=name),
        now=now,
        settings=settings,
        tz=tz,
        dedup_key=f"handover:{case.id}:{case.casemanager_id}:{now.isoformat()}",
    )
    await log_access(
        session,
        actor,
        case.youth_id,
        resource="chat",
        action="handover",
        purpose="Chatgesprekken gaan mee naar de nieuwe casemanager",
        now=now,
        detail=f"case={case.id} to={case.casemanager_id}",
    )
    return published


# --- privacy -----------------------------------------------------------------------------


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """The messages this person wrote, their read marks and office hours."""
    rows = await session.scalars(
        select(ChatMessage).where(ChatMessage.sender_id == user_id).order_by(ChatMessage.sent_at)
    )
    marks = await session.scalars(select(ReadMark).where(ReadMark.user_id == user_id))
    slots = await office_slots(session, user_id)
    return {
        "messages": [
            {
                "conversation_id": r.conversation_id,
                "seq": r.seq,
                "body": r.body,
                "sent_at": r.sent_at.isoformat(),
            }
            for r in rows
        ],
        "read_marks": [{"conversation_id": m.conversation_id, "seq": m.seq} for m in marks],
        "office_hours": [msgspec.to_builtins(s) for s in slots],
    }


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    """Anonymise the person's messages (the other party sees "verwijderd lid"), drop marks.

    Messages stay as rows so seqs keep no gaps for the other party's apps.
    """
    await session.execute(
        update(ChatMessage)
        .where(ChatMessage.sender_id == user_id)
        .values(sender_id=None, sender_role="removed", body=texts.REMOVED_BODY, client_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(ReadMark).where(ReadMark.user_id == user_id))
    await session.execute(delete(OfficeHourSlot).where(OfficeHourSlot.casemanager_id == user_id))

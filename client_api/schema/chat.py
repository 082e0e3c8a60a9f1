"""Chat: conversations, messages, office hours and the websocket frames.

Websocket frames are tagged unions on ``type``: decode a client frame with
``msgspec.json.decode(raw, type=ClientFrame)`` and a server frame with ``ServerFrame``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from client_api.schema.common import Model, UUIDStr

ConversationKind = Literal["youth", "parent", "family"]
ConversationStatus = Literal["active", "awaiting_consent", "declined"]
SenderRole = Literal["youth", "parent", "casemanager", "system", "removed"]
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
Seq = Annotated[int, msgspec.Meta(ge=0)]
HHMM = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class Sender(Model):
    """Who wrote a message: a person, the service itself ("system"), or an erased account."""

    role: SenderRole
    name: str
    id: str | None = None


class Signpost(Model):
    """Where to get help right now (from the moderation library)."""

    id: str
    name: str
    phone: str | None = None
    url: str | None = None
    hours: str | None = None
    text: str | None = None


class Message(Model):
    id: str
    conversation_id: str
    seq: int
    body: str
    sender: Sender
    sent_at: dt.datetime
    client_id: str | None = None
    # Only in the answer to the sender: help numbers when the message read as a crisis.
    signposts: list[Signpost] = []
    # Only in the answer to the sender: the system replies this message caused (crisis
    # help, office-hours notice), already stored in the conversation after it.
    replies: list[Message] = []


class MessageCreate(Model):
    client_id: UUIDStr
    body: Body


class MessageList(Model):
    items: list[Message]
    next_cursor: str | None = None


class Participant(Model):
    id: str
    role: str
    name: str


class Conversation(Model):
    id: str
    case_id: str
    kind: ConversationKind
    status: ConversationStatus
    participants: list[Participant]
    last_seq: int
    read_seq: int
    unread: int
    last_message: Message | None = None


class ConversationList(Model):
    items: list[Conversation]
    next_cursor: str | None = None


class ReadRequest(Model):
    seq: Seq


class ReadState(Model):
    conversation_id: str
    read_seq: int
    unread: int


class ConsentRequest(Model):
    agree: bool


class OfficeSlot(Model):
    """One opening on one weekday (0 = Monday … 6 = Sunday), local time."""

    weekday: Annotated[int, msgspec.Meta(ge=0, le=6)]
    start: HHMM
    end: HHMM


class OfficeHours(Model):
    slots: Annotated[list[OfficeSlot], msgspec.Meta(max_length=28)]


# --- websocket frames: client → server --------------------------------------------------


class Frame(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, tag_field="type"):
    """Base of every websocket frame; the ``type`` field names the frame."""


class AuthFrame(Frame, tag="auth"):
    token: Annotated[str, msgspec.Meta(min_length=10, max_length=4096)]


class SendFrame(Frame, tag="send"):
    conversation_id: Annotated[str, msgspec.Meta(max_length=64)]
    client_id: UUIDStr
    body: Body


class ResumeFrame(Frame, tag="resume"):
    conversation_id: Annotated[str, msgspec.Meta(max_length=64)]
    after_seq: Seq = 0


class ReadFrame(Frame, tag="read"):
    conversation_id: Annotated[str, msgspec.Meta(max_length=64)]
    seq: Seq


class TypingFrame(Frame, tag="typing"):
    conversation_id: Annotated[str, msgspec.Meta(max_length=64)]


class PingFrame(Frame, tag="ping"):
    nonce: Annotated[str, msgspec.Meta(max_length=64)] | None = None


class SubscribeFrame(Frame, tag="subscribe"):
    """Live events of another topic (e.g. ``forum.thread.<id>``), if you may see it."""

    topic: Annotated[str, msgspec.Meta(max_length=120)]


ClientFrame = (
    AuthFrame | SendFrame | ResumeFrame | ReadFrame | TypingFrame | PingFrame | SubscribeFrame
)


# --- websocket frames: server → client --------------------------------------------------


class ConversationState(Model):
    id: str
    last_seq: int


class ReadyFrame(Frame, tag="ready"):
    user_id: str
    conversations: list[ConversationState]
    heartbeat_seconds: int


class AckFrame(Frame, tag="ack"):
    conversation_id: str
    client_id: str
    seq: int
    signposts: list[Signpost] = []


class MessageFrame(Frame, tag="message"):
    conversation_id: str
    seq: int
    body: str
    sender: Sender
    sent_at: dt.datetime
    id: str | None = None
    client_id: str | None = None


class ReadReceiptFrame(Frame, tag="read"):
    conversation_id: str
    user_id: str
    seq: int


class TypingNoticeFrame(Frame, tag="typing"):
    conversation_id: str
    user_id: str


class ResyncFrame(Frame, tag="resync"):
    """You fell behind: resume each listed conversation from the last seq you have."""

    conversation_ids: list[str]


class ErrorFrame(Frame, tag="error"):
    code: str
    detail: str
    conversation_id: str | None = None
    client_id: str | None = None


class PongFrame(Frame, tag="pong"):
    nonce: str | None = None


class SubscribedFrame(Frame, tag="subscribed"):
    topic: str


class EventFrame(Frame, tag="event"):
    """A live event of a subscribed non-chat topic, relayed as published."""

    topic: str
    data: dict[str, object]


ServerFrame = (
    ReadyFrame
    | AckFrame
    | MessageFrame
    | ReadReceiptFrame
    | TypingNoticeFrame
    | ResyncFrame
    | ErrorFrame
    | PongFrame
    | SubscribedFrame
    | EventFrame
)

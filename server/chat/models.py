"""Conversations, messages, read marks and casemanagers' office hours.

Who is in a conversation is not stored: it follows from the case (its current
casemanager, its youth, its parents), so a handover moves every conversation at once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base, new_id


class Conversation(Base):
    __tablename__ = "chat_conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # "youth": youth ↔ casemanager; "parent": one parent ↔ casemanager; "family": all.
    kind: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # One conversation per (case, kind, parent): "<case>:youth", "<case>:parent:<id>", …
    key: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    # The seq counter: the row is locked by ``UPDATE … SET last_seq = last_seq + 1``
    # inside the insert's transaction, so seqs are gap-free and in commit order.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Until this moment an office-hours notice has already been sent in this conversation.
    auto_reply_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]


class ChatMessage(Base):
    __tablename__ = "chat_messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        UniqueConstraint("conversation_id", "client_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("chat_conversations.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[str | None] = mapped_column(String(36))
    # NULL for system messages and for messages of an erased account.
    sender_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sender_role: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    # "crisis" / "office_hours" / "handover" for system messages.
    system_kind: Mapped[str | None] = mapped_column(String(20))
    sent_at: Mapped[dt.datetime]


class ReadMark(Base):
    __tablename__ = "chat_read_marks"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("chat_conversations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime]


class OfficeHourSlot(Base):
    __tablename__ = "chat_office_hours"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    casemanager_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))


Index("ix_chat_messages_sender", ChatMessage.sender_id)

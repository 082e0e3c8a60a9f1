"""Registered phones and the notification outbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base, new_id


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(10))
    push_token: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime]


class Notification(Base):
    """One message to one person: shown in the app's inbox and pushed by the outbox tick."""

    __tablename__ = "notifications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Deduplication: one notification per key (e.g. one prompt, one alert escalation).
    dedup_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime]
    # Not pushed before this moment (quiet hours move non-urgent pushes to the morning).
    not_before: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str | None] = mapped_column(String(300))
    delivered_at: Mapped[dt.datetime | None]
    read_at: Mapped[dt.datetime | None]


Index("ix_notifications_due", Notification.status, Notification.next_attempt_at)

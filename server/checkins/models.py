"""Questionnaires (versioned data), schedules (one row per person), prompts and answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base, new_id


class Questionnaire(Base):
    """One version of a questionnaire. Never changed once published: a new version is a new row,
    so every answer keeps referring to the exact questions it answered."""

    __tablename__ = "questionnaires"
    __table_args__ = (UniqueConstraint("key", "version"),)

    # "<key>.v<version>", e.g. "jongere-dagelijks.v1".
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    key: Mapped[str] = mapped_column(String(50))
    version: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(120))
    intro: Mapped[str] = mapped_column(String(500), default="")
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Offered for new schedules; older versions stay valid for answers already on their way.
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime]


class CheckinSchedule(Base):
    """When one person (the youth, or one parent) of a case is asked to check in.

    500,000 youths are 500,000 rows with a ``next_due_at``; the scheduler tick picks the due
    ones, so there is no scheduler job per person.
    """

    __tablename__ = "checkin_schedules"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    questionnaire_id: Mapped[str] = mapped_column(ForeignKey("questionnaires.id"))
    # ISO weekdays (1 = Monday) and local times ("08:00"), comma-separated.
    days: Mapped[str] = mapped_column(String(20))
    times: Mapped[str] = mapped_column(String(60))
    window_minutes: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_until: Mapped[dt.datetime | None]
    next_due_at: Mapped[dt.datetime | None]
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class CheckinPrompt(Base):
    """One moment someone is asked to check in. Unique per schedule and due time, so two ticks
    or two server processes can never create it twice."""

    __tablename__ = "checkin_prompts"
    __table_args__ = (UniqueConstraint("schedule_id", "due_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    schedule_id: Mapped[str] = mapped_column(ForeignKey("checkin_schedules.id", ondelete="CASCADE"))
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))
    questionnaire_id: Mapped[str] = mapped_column(ForeignKey("questionnaires.id"))
    due_at: Mapped[dt.datetime]
    closes_at: Mapped[dt.datetime]
    # open → answered (in its window) | late (answered after it) | missed (window closed)
    status: Mapped[str] = mapped_column(String(10), default="open")
    checkin_id: Mapped[str | None] = mapped_column(String(36))
    answered_at: Mapped[dt.datetime | None]


class Checkin(Base):
    """One submitted answer set, exactly as validated against its questionnaire version."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "client_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(36))
    # A digest of the submitted body: the same client_id with another body is a conflict.
    body_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(10))
    questionnaire_id: Mapped[str] = mapped_column(ForeignKey("questionnaires.id"))
    prompt_id: Mapped[str | None] = mapped_column(String(36))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    # The mood answer, kept as a column so that the alert rules read a narrow index.
    mood: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    # False until the tick has run the mood trend rules over it (youth mood answers only).
    trend_checked: Mapped[bool] = mapped_column(Boolean, default=True)
    # What the writer was shown (help lines and a kind word), so a retry shows the same.
    signposts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    message: Mapped[str | None] = mapped_column(String(1000))


Index("ix_checkin_schedules_due", CheckinSchedule.active, CheckinSchedule.next_due_at)
Index("ix_checkin_prompts_user_due", CheckinPrompt.user_id, CheckinPrompt.due_at)
Index("ix_checkin_prompts_open", CheckinPrompt.status, CheckinPrompt.closes_at)
Index("ix_checkins_user_answered", Checkin.user_id, Checkin.answered_at)
# Partial: only the few rows still waiting for the trend rules are in it.
Index(
    "ix_checkins_trend_pending",
    Checkin.received_at,
    sqlite_where=Checkin.trend_checked.is_(False),
    postgresql_where=Checkin.trend_checked.is_(False),
)

"""BIG5 tables: assessments (two sides kept apart), plans with actions, support invitations,
the monthly prompt schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base, new_id


class Assessment(Base):
    """One submission by the youth (side "youth") or their casemanager (side "casemanager")."""

    __tablename__ = "big5_assessments"
    __table_args__ = (UniqueConstraint("author_id", "client_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(String(36))
    youth_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Kept as a plain id: the casemanager's view stays in the case file if they leave.
    author_id: Mapped[str | None] = mapped_column(String(36))
    side: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime]


class DomainEntry(Base):
    """The status of one domain within an assessment. A casemanager's entry is changed only
    by an accepted correction, in place: no earlier version is kept anywhere."""

    __tablename__ = "big5_entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("big5_assessments.id", ondelete="CASCADE"), index=True
    )
    youth_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(20))
    domain: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    parts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    corrected_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_corrected_at: Mapped[dt.datetime | None]


class ViewStatement(Base):
    """The youth's own statement on a casemanager's entry, after a declined correction
    (a ``corrections`` row with target "big5_view"); shown with that entry from then on."""

    __tablename__ = "big5_statements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entry_id: Mapped[str] = mapped_column(
        ForeignKey("big5_entries.id", ondelete="CASCADE"), index=True
    )
    correction_id: Mapped[str] = mapped_column(
        ForeignKey("corrections.id", ondelete="CASCADE"), unique=True
    )
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class Plan(Base):
    __tablename__ = "big5_plans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    youth_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(20))
    goal: Mapped[str] = mapped_column(String(500))
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_by_role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class PlanAction(Base):
    __tablename__ = "big5_actions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    plan_id: Mapped[str] = mapped_column(
        ForeignKey("big5_plans.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(500))
    who: Mapped[str] = mapped_column(String(20))
    # The named support person's user id; NULL again when that account is erased.
    support_person_id: Mapped[str | None] = mapped_column(String(36))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]


class SupportInvitation(Base):
    """A youth's invitation of a support person, with the relation the youth gave.

    The invite code itself lives in ``invites`` (accounts); redeeming it makes the
    ``support_links`` row. This row ties the two together and carries the relation.
    """

    __tablename__ = "big5_support_invitations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    youth_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invite_id: Mapped[str] = mapped_column(ForeignKey("invites.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime]


class Reminder(Base):
    """The monthly BIG5 prompt of one youth: a row with its next due time, not a job."""

    __tablename__ = "big5_reminders"

    youth_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_due: Mapped[dt.datetime] = mapped_column(index=True)
    last_sent_at: Mapped[dt.datetime | None]


Index("ix_big5_entries_youth_side", DomainEntry.youth_id, DomainEntry.side, DomainEntry.created_at)
Index("ix_big5_actions_open_due", PlanAction.done, PlanAction.due_date)

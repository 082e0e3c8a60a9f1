"""Forum tables: boards, pseudonymous members, threads, posts, reactions, reports, moderation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base, new_id


class Board(Base):
    """Seeded by the forum migration; ids are stable across databases."""

    __tablename__ = "forum_boards"
    __table_args__ = (UniqueConstraint("space", "slug"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    space: Mapped[str] = mapped_column(String(10))
    slug: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(300))
    guides: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Member(Base):
    """A forum identity. Its id is random and never the account id."""

    __tablename__ = "forum_members"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # NULL once the account is erased: the pseudonym then shows as "verwijderd lid", so
    # that threads others replied to stay readable.
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True, index=True
    )
    handle: Mapped[str] = mapped_column(String(30))
    # Lower-cased handle: handles are unique regardless of case.
    handle_key: Mapped[str] = mapped_column(String(30), unique=True)
    # "ervaringsdeskundige" for peer experts, else None.
    badge: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[dt.datetime]
    muted_until: Mapped[dt.datetime | None]
    banned_at: Mapped[dt.datetime | None]
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    # What happens to my posts when I leave Roer: "anonymise" (they stay, as "verwijderd
    # lid") or "remove" (their text is deleted). Chosen with DELETE /me.
    on_leave: Mapped[str] = mapped_column(String(10), default="anonymise")


class Thread(Base):
    __tablename__ = "forum_threads"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    board_id: Mapped[str] = mapped_column(ForeignKey("forum_boards.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("forum_members.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    # Follows the first post: visible | held | hidden | removed | deleted.
    status: Mapped[str] = mapped_column(String(10))
    first_post_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime]
    last_post_at: Mapped[dt.datetime]


class Post(Base):
    __tablename__ = "forum_posts"
    __table_args__ = (UniqueConstraint("author_id", "client_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    thread_id: Mapped[str] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(
        ForeignKey("forum_members.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[str] = mapped_column(String(36))
    body: Mapped[str] = mapped_column(Text)
    quote_post_id: Mapped[str | None] = mapped_column(String(36))
    # visible | held | hidden (after reports) | removed (by a moderator) | deleted (by author)
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime]
    edited_at: Mapped[dt.datetime | None]
    removal_reason: Mapped[str | None] = mapped_column(String(500))
    removed_by: Mapped[str | None] = mapped_column(String(36))
    appealed_at: Mapped[dt.datetime | None]


class Reaction(Base):
    __tablename__ = "forum_reactions"

    post_id: Mapped[str] = mapped_column(
        ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[str] = mapped_column(
        ForeignKey("forum_members.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    created_at: Mapped[dt.datetime]


class Report(Base):
    __tablename__ = "forum_reports"
    __table_args__ = (UniqueConstraint("post_id", "member_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    post_id: Mapped[str] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"))
    member_id: Mapped[str] = mapped_column(ForeignKey("forum_members.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(30))
    text: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime]


class ModerationItem(Base):
    """One thing a moderator must look at: a held or urgent post, reports, or an appeal."""

    __tablename__ = "moderation_items"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10))
    post_id: Mapped[str] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"))
    member_id: Mapped[str] = mapped_column(ForeignKey("forum_members.id", ondelete="CASCADE"))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # The text as it was screened (the post may be edited later).
    text: Mapped[str] = mapped_column(Text)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    spans: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    appeal_text: Mapped[str | None] = mapped_column(Text)
    # For appeals: the moderator whose removal is appealed may not decide it.
    excluded_moderator_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]


class ModerationDecision(Base):
    """Every decision, with who and why. Kept as the member's history."""

    __tablename__ = "moderation_decisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    item_id: Mapped[str] = mapped_column(ForeignKey("moderation_items.id", ondelete="CASCADE"))
    member_id: Mapped[str] = mapped_column(
        ForeignKey("forum_members.id", ondelete="CASCADE"), index=True
    )
    moderator_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(500))
    until: Mapped[dt.datetime | None]
    at: Mapped[dt.datetime]


class Notification(Base):
    __tablename__ = "forum_notifications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(
        ForeignKey("forum_members.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(600))
    post_id: Mapped[str | None] = mapped_column(String(36))
    thread_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime]


Index("ix_forum_threads_board_last", Thread.board_id, Thread.last_post_at)
Index("ix_forum_posts_thread_created", Post.thread_id, Post.created_at)
Index("ix_forum_posts_author_created", Post.author_id, Post.created_at)
Index("ix_forum_reports_post", Report.post_id)
Index("ix_moderation_items_open", ModerationItem.decided_at, ModerationItem.urgent)
Index("ix_moderation_items_post", ModerationItem.post_id)

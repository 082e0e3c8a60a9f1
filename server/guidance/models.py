"""Guidance tables: the search-index state and feedback on guides.

The search index itself (``guide_search``) is not an ORM table: on SQLite it is an FTS5
virtual table, on PostgreSQL a table with a ``tsvector`` column and a GIN index. The
migration creates the one that fits the database; ``service`` reads and writes it in SQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base, new_id


class SearchIndexState(Base):
    """Which content the search index was built from, so it is rebuilt only on change."""

    __tablename__ = "guidance_index_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    built_at: Mapped[dt.datetime | None]


class GuideFeedback(Base):
    """One person's verdict on one guide; sending again replaces it."""

    __tablename__ = "guide_feedback"
    __table_args__ = (UniqueConstraint("guide_slug", "user_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    guide_slug: Mapped[str] = mapped_column(String(80), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    # Only a comment that passed screening is kept; "withheld" says one was sent but not kept.
    comment: Mapped[str | None] = mapped_column(Text)
    comment_status: Mapped[str] = mapped_column(String(10), default="none")
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

"""guidance: feedback on guides, search-index state, and the guide search index

Revision ID: 0007_guidance
Revises: 0001_foundation
Create Date: 2026-11-22 05:36:25.165103

The search index differs per database: SQLite gets an FTS5 virtual table holding text
stemmed in Python (FTS5 has no Dutch stemmer); PostgreSQL gets a table with a weighted
``tsvector`` built with the ``dutch`` configuration, and a GIN index on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_guidance"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("guidance",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    state = op.create_table(
        "guidance_index_state",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_guidance_index_state")),
    )
    # The row exists from the start so that processes starting together can lock it.
    op.bulk_insert(state, [{"name": "guides", "content_hash": "", "built_at": None}])
    op.create_table(
        "guide_feedback",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("guide_slug", sa.String(length=80), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("comment_status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_guide_feedback_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_feedback")),
        sa.UniqueConstraint(
            "guide_slug", "user_id", name=op.f("uq_guide_feedback_guide_slug_user_id")
        ),
    )
    with op.batch_alter_table("guide_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guide_feedback_guide_slug"), ["guide_slug"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_guide_feedback_user_id"), ["user_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE guide_search ( slug varchar(80) PRIMARY KEY, document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_guide_search_document ON guide_search USING gin (document)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE guide_search USING fts5("
            "slug UNINDEXED, title, keywords, summary, body, tokenize = 'unicode61')"
        )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS guide_search")
    with op.batch_alter_table("guide_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_feedback_user_id"))
        batch_op.drop_index(batch_op.f("ix_guide_feedback_guide_slug"))
    op.drop_table("guide_feedback")
    op.drop_table("guidance_index_state")

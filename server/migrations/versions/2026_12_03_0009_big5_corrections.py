"""big5 corrections: corrected entries and the youth's statements on a casemanager's view

Revision ID: 0009_big5_corrections
Revises: 0005_big5
Create Date: 2026-12-03 18:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_big5_corrections"
down_revision: str | Sequence[str] | None = "0005_big5"
branch_labels: str | Sequence[str] | None = None
# The statements point at a correction (the privacy branch owns ``corrections``).
depends_on: str | Sequence[str] | None = "0008_privacy"


def upgrade() -> None:
    with op.batch_alter_table("big5_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("corrected_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("last_corrected_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "big5_statements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("correction_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_big5_statements_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["correction_id"],
            ["corrections.id"],
            name=op.f("fk_big5_statements_correction_id_corrections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["big5_entries.id"],
            name=op.f("fk_big5_statements_entry_id_big5_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_big5_statements")),
        sa.UniqueConstraint("correction_id", name=op.f("uq_big5_statements_correction_id")),
    )
    with op.batch_alter_table("big5_statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_big5_statements_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("big5_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_big5_statements_entry_id"))
    op.drop_table("big5_statements")
    with op.batch_alter_table("big5_entries", schema=None) as batch_op:
        batch_op.drop_column("last_corrected_at")
        batch_op.drop_column("corrected_count")

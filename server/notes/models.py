"""The youth-care file (dossier): case notes, the youth's statements, corrections, destruction.

Destroying content here means deleting or overwriting it in place: there are no history
tables, and nothing else (access log, notifications, search) ever holds a note's text.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base, new_id


class CaseNote(Base):
    """A casemanager's note (verslag) in a case's file. Edited only by an accepted correction."""

    __tablename__ = "case_notes"
    __table_args__ = (UniqueConstraint("case_id", "client_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The author's name as shown when the note was written (staff names are public to the
    # families they work with; kept so the file stays readable after staff leave).
    author_name: Mapped[str] = mapped_column(String(80))
    client_id: Mapped[str | None] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    # The last change (a correction): the file's retention term counts from here too.
    updated_at: Mapped[dt.datetime]
    corrected_count: Mapped[int] = mapped_column(Integer, default=0)
    last_corrected_at: Mapped[dt.datetime | None]


class NoteStatement(Base):
    """The youth's own statement, added after a declined correction; shown with the note."""

    __tablename__ = "note_statements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    note_id: Mapped[str] = mapped_column(
        ForeignKey("case_notes.id", ondelete="CASCADE"), index=True
    )
    correction_id: Mapped[str] = mapped_column(
        ForeignKey("corrections.id", ondelete="CASCADE"), unique=True
    )
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class Correction(Base):
    """A request to correct part of the file. ``target_kind`` says what: "note" (a case note)
    or "big5_view" (one entry of a casemanager's BIG5 view; see server/big5/corrections.py)."""

    __tablename__ = "corrections"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(36), index=True)
    requested_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    # Emptied when the correction is accepted: the request may quote the old text.
    what_is_wrong: Mapped[str] = mapped_column(Text)
    proposed_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open|accepted|declined
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_name: Mapped[str | None] = mapped_column(String(80))
    decline_reason: Mapped[str | None] = mapped_column(Text)


class DestructionRequest(Base):
    """A request to destroy a case's youth-care file; the organisation decides within a term."""

    __tablename__ = "destruction_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    requester_role: Mapped[str] = mapped_column(String(20))
    explanation: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open|approved|refused
    created_at: Mapped[dt.datetime]
    decide_before: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # third_party_interest | legal_duty (the only grounds to refuse), with an explanation.
    refusal_kind: Mapped[str | None] = mapped_column(String(30))
    refusal_reason: Mapped[str | None] = mapped_column(Text)


class RetainedFile(Base):
    """A file kept after the youth left Roer because youth-care law requires it.

    Detached from any login; only the organisation can reach it, on a legal request. The
    retention job destroys it when its term has passed.
    """

    __tablename__ = "retained_files"

    case_id: Mapped[str] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[str | None] = mapped_column(String(36))
    retained_at: Mapped[dt.datetime]
    # The retention term (settings.file_retention_years) counts from here: the end of care,
    # or the moment the youth left when care had not ended.
    term_starts_at: Mapped[dt.datetime]


class ScrubRequest(Base):
    """Content was destroyed: the storage scrub job vacuums the tables it lived in."""

    __tablename__ = "scrub_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime]


Index("ix_corrections_case_status", Correction.case_id, Correction.status)

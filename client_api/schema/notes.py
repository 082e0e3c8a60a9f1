"""The youth-care file: case notes, statements, corrections and destruction requests."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from client_api.schema.big5 import Big5ViewCorrection
from client_api.schema.common import Model, UUIDStr

NoteTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
NoteBody = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
Reason = Annotated[str, msgspec.Meta(min_length=3, max_length=4000)]
# What a correction is about. "note": a case note (``target_id`` = the note's id).
# "big5_view": one domain of a casemanager's BIG5 assessment of the youth (``target_id`` =
# the ``entry_id`` of the casemanager's side in GET /youths/{id}/big5, or of a casemanager
# point in its history).
CorrectionTarget = Literal["note", "big5_view"]
CorrectionStatus = Literal["open", "accepted", "declined"]
# The only grounds on which an organisation may refuse to destroy a youth-care file.
RefusalKind = Literal["third_party_interest", "legal_duty"]


class NoteCreate(Model):
    title: NoteTitle
    body: NoteBody
    client_id: UUIDStr | None = None


class Statement(Model):
    id: str
    correction_id: str
    body: str
    created_at: dt.datetime


class Note(Model):
    id: str
    case_id: str
    title: str
    author: str
    created_at: dt.datetime
    updated_at: dt.datetime
    # None when the reader may only see a summary (date and title).
    body: str | None
    corrected_count: int
    last_corrected_at: dt.datetime | None
    statements: list[Statement]


class NoteList(Model):
    # "full": text and statements; "summary": date and title only (parents of a 12–15-year-old).
    level: Literal["full", "summary"]
    items: list[Note]
    next_cursor: str | None = None


class CorrectionCreate(Model):
    """Only the youth the note or BIG5 view is about may ask; one open request per target."""

    target_id: UUIDStr
    what_is_wrong: Reason
    target: CorrectionTarget = "note"
    proposed_text: NoteBody | None = None
    client_id: UUIDStr | None = None


class CorrectionAccept(Model):
    """The corrected version; the old one is destroyed, not kept.

    For a "note": ``body`` (and optionally ``title``). For a "big5_view": ``big5_view``,
    the complete corrected entry. Fields of the other kind are refused (422).
    """

    body: NoteBody | None = None
    title: NoteTitle | None = None
    big5_view: Big5ViewCorrection | None = None


class CorrectionDecline(Model):
    reason: Reason


class StatementCreate(Model):
    body: NoteBody


class Correction(Model):
    id: str
    case_id: str
    target: CorrectionTarget
    target_id: str
    status: CorrectionStatus
    # Emptied once accepted (the request may quote the destroyed text).
    what_is_wrong: str
    proposed_text: str | None
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str | None
    decline_reason: str | None
    statement: Statement | None
    can_add_statement: bool


class CorrectionList(Model):
    items: list[Correction]
    next_cursor: str | None = None


class DestructionRequestCreate(Model):
    """A youth asks for their own file; a parent with authority for a child under 12 names
    the case."""

    case_id: UUIDStr | None = None
    explanation: Annotated[str, msgspec.Meta(max_length=4000)] | None = None


class DestructionRefuse(Model):
    reason_kind: RefusalKind
    reason: Reason


class DestructionRequest(Model):
    id: str
    case_id: str
    requester_role: str
    status: Literal["open", "approved", "refused"]
    explanation: str | None
    created_at: dt.datetime
    decide_before: dt.datetime
    overdue: bool
    decided_at: dt.datetime | None
    refusal_kind: RefusalKind | None
    refusal_reason: str | None
    status_text: str


class DestructionRequestList(Model):
    items: list[DestructionRequest]
    next_cursor: str | None = None

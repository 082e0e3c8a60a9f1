"""The youth-care file over time: whole-file destruction, export, erasure when the youth
leaves (the file is retained, as the law requires) and the retention term."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Case
from server.big5.corrections import destroy_casemanager_views
from server.notes.models import (
    CaseNote,
    Correction,
    DestructionRequest,
    NoteStatement,
    RetainedFile,
    ScrubRequest,
)
from server.notes.service import _statements, corrections, note_view

# --- destroying a whole file ---------------------------------------------------------------


async def destroy_file(session: AsyncSession, case_id: str, now: dt.datetime) -> int:
    """Delete every note, statement and correction of a case, and the casemanager's BIG5
    views of its youth with the youth's statements on them (they are part of the file; the
    youth's own BIG5 and the plans are not). Returns the notes destroyed."""
    case = await session.get(Case, case_id)
    if case is not None and case.youth_id is not None:
        await destroy_casemanager_views(session, case.youth_id)
    note_ids = list(await session.scalars(select(CaseNote.id).where(CaseNote.case_id == case_id)))
    if note_ids:
        await session.execute(delete(NoteStatement).where(NoteStatement.note_id.in_(note_ids)))
    await session.execute(delete(Correction).where(Correction.case_id == case_id))
    await session.execute(delete(CaseNote).where(CaseNote.case_id == case_id))
    session.add(ScrubRequest(created_at=now))
    return len(note_ids)


# --- export, erasure and retention (called by server/privacy) -------------------------------


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """A youth's file as they may read it (every note about them, with statements), their
    corrections and destruction requests. A parent gets only requests they made themselves."""
    result: dict[str, Any] = {"notes": [], "corrections": []}
    case = await session.scalar(select(Case).where(Case.youth_id == user_id))
    case_ids = []
    if case is not None:
        case_ids.append(case.id)
        rows = list(
            await session.scalars(
                select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.created_at)
            )
        )
        statements = await _statements(session, [r.id for r in rows])
        result["notes"] = [
            msgspec.to_builtins(note_view(r, "full", statements.get(r.id, []))) for r in rows
        ]
    own = await corrections(session, requested_by=user_id)
    result["corrections"] = [msgspec.to_builtins(c) for c in own.items]
    requests = await session.scalars(
        select(DestructionRequest).where(
            or_(
                DestructionRequest.requested_by == user_id,
                DestructionRequest.case_id.in_(case_ids),
            )
        )
    )
    result["destruction_requests"] = [
        {
            "case_id": r.case_id,
            "status": r.status,
            "explanation": r.explanation if r.requested_by == user_id else None,
            "created_at": r.created_at,
            "decide_before": r.decide_before,
            "decided_at": r.decided_at,
            "refusal_kind": r.refusal_kind,
            "refusal_reason": r.refusal_reason,
        }
        for r in requests
    ]
    return result


async def file_of(session: AsyncSession, user_id: str) -> tuple[Case | None, int, int]:
    """The youth's case and how many notes and statements its file holds."""
    case = await session.scalar(select(Case).where(Case.youth_id == user_id))
    if case is None:
        return None, 0, 0
    notes = await session.scalar(
        select(func.count()).select_from(CaseNote).where(CaseNote.case_id == case.id)
    )
    statements = await session.scalar(
        select(func.count())
        .select_from(NoteStatement)
        .join(CaseNote, CaseNote.id == NoteStatement.note_id)
        .where(CaseNote.case_id == case.id)
    )
    return case, notes or 0, statements or 0


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    """The user leaves Roer. Their file is NOT theirs to erase: youth-care law (Jeugdwet
    7.3.8) keeps it, detached from the login and closed to everyday use (a RetainedFile).
    Open requests they made are withdrawn; their name is taken off what stays."""
    case, notes, _ = await file_of(session, user_id)
    if case is not None and notes and await session.get(RetainedFile, case.id) is None:
        session.add(
            RetainedFile(
                case_id=case.id,
                organisation_id=case.organisation_id,
                retained_at=now,
                term_starts_at=case.care_ended_at or now,
            )
        )
    await session.execute(
        delete(Correction).where(Correction.requested_by == user_id, Correction.status == "open")
    )
    await session.execute(
        update(Correction).where(Correction.requested_by == user_id).values(requested_by=None)
    )
    await session.execute(
        update(NoteStatement).where(NoteStatement.author_id == user_id).values(author_id=None)
    )
    await session.execute(
        update(DestructionRequest)
        .where(DestructionRequest.requested_by == user_id)
        .values(requested_by=None)
    )


async def expired_files(
    session: AsyncSession, now: dt.datetime, years: int
) -> list[tuple[str, str | None]]:
    """(case id, youth id) of files whose retention term has passed."""
    cutoff = years_before(now, years)
    retained = await session.execute(
        select(RetainedFile.case_id, Case.youth_id)
        .join(Case, Case.id == RetainedFile.case_id)
        .where(RetainedFile.term_starts_at <= cutoff)
    )
    ended = await session.execute(
        select(Case.id, Case.youth_id)
        .where(Case.care_ended_at.is_not(None), Case.care_ended_at <= cutoff)
        .where(select(CaseNote.id).where(CaseNote.case_id == Case.id).exists())
    )
    return sorted({(c, y) for c, y in [*retained.all(), *ended.all()]})


async def purge_file(session: AsyncSession, case_id: str, now: dt.datetime) -> int:
    count = await destroy_file(session, case_id, now)
    await session.execute(delete(RetainedFile).where(RetainedFile.case_id == case_id))
    return count


def years_before(when: dt.datetime, years: int) -> dt.datetime:
    try:
        return when.replace(year=when.year - years)
    except ValueError:  # 29 February
        return when.replace(year=when.year - years, day=28)


def years_after(when: dt.datetime, years: int) -> dt.datetime:
    return years_before(when, -years)

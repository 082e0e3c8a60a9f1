"""The youth-care file: notes, corrections that destroy old versions, statements. The only
writer of these tables (destruction requests live in ``destruction.py``).

A correction names a case note ("note") or one entry of a casemanager's BIG5 view
("big5_view"); the BIG5 side of the latter (checking, changing the entry, the statement
shown with it) is ``server/big5/corrections.py``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import notes as api
from server.accounts.models import Case
from server.big5 import corrections as big5_corrections
from server.core.access import log_access
from server.core.auth import Actor
from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.pagination import keyset_page, newest_first
from server.notes import texts
from server.notes.models import (
    CaseNote,
    Correction,
    NoteStatement,
    RetainedFile,
    ScrubRequest,
)
from server.notifications.service import enqueue
from server.settings import Settings


async def ensure_not_retained(session: AsyncSession, case_id: str) -> None:
    """A retained file (the youth left Roer) is closed to everyday use."""
    if await session.get(RetainedFile, case_id) is not None:
        raise forbidden(texts.RETAINED, slug="file-retained")


# --- notes -------------------------------------------------------------------------------


async def add_note(
    session: AsyncSession, actor: Actor, case: Case, data: api.NoteCreate, now: dt.datetime
) -> CaseNote:
    """Write a note; a retry with the same ``client_id`` returns the original."""
    await ensure_not_retained(session, case.id)
    if data.client_id is not None:
        existing = await session.scalar(
            select(CaseNote).where(
                CaseNote.case_id == case.id, CaseNote.client_id == data.client_id
            )
        )
        if existing is not None:
            return existing
    note = CaseNote(
        case_id=case.id,
        author_id=actor.id,
        author_name=actor.display_name or actor.username or "casemanager",
        client_id=data.client_id,
        title=data.title,
        body=data.body,
        created_at=now,
        updated_at=now,
        corrected_count=0,
    )
    session.add(note)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:  # a concurrent retry won the race
        found = await session.scalar(
            select(CaseNote).where(
                CaseNote.case_id == case.id, CaseNote.client_id == data.client_id
            )
        )
        if found is None:
            raise
        return found
    return note


async def _statements(session: AsyncSession, note_ids: list[str]) -> dict[str, list[api.Statement]]:
    result: dict[str, list[api.Statement]] = {}
    rows = await session.scalars(
        select(NoteStatement)
        .where(NoteStatement.note_id.in_(note_ids))
        .order_by(NoteStatement.created_at)
    )
    for row in rows:
        result.setdefault(row.note_id, []).append(_statement(row))
    return result


def _statement(row: NoteStatement) -> api.Statement:
    return api.Statement(
        id=row.id, correction_id=row.correction_id, body=row.body, created_at=row.created_at
    )


def note_view(note: CaseNote, level: str, statements: list[api.Statement]) -> api.Note:
    full = level == "full"
    return api.Note(
        id=note.id,
        case_id=note.case_id,
        title=note.title,
        author=note.author_name,
        created_at=note.created_at,
        updated_at=note.updated_at,
        body=note.body if full else None,
        corrected_count=note.corrected_count,
        last_corrected_at=note.last_corrected_at,
        statements=statements if full else [],
    )


async def list_notes(
    session: AsyncSession, case_id: str, level: str, cursor: str | None, limit: int
) -> api.NoteList:
    """The case's notes, newest first; a summary shows date and title only."""
    await ensure_not_retained(session, case_id)
    rows, next_cursor = await keyset_page(
        session,
        select(CaseNote).where(CaseNote.case_id == case_id),
        newest_first(CaseNote.created_at, CaseNote.id),
        cursor,
        limit,
    )
    statements = await _statements(session, [r.id for r in rows]) if level == "full" else {}
    return api.NoteList(
        level="full" if level == "full" else "summary",
        items=[note_view(r, level, statements.get(r.id, [])) for r in rows],
        next_cursor=next_cursor,
    )


async def youth_case(session: AsyncSession, youth_id: str) -> Case:
    case = await session.scalar(select(Case).where(Case.youth_id == youth_id))
    if case is None:
        raise not_found("Er is (nog) geen dossier van jou bij Roer.")
    return case


# --- corrections -------------------------------------------------------------------------


async def _notify(
    session: AsyncSession,
    user_id: str | None,
    kind: str,
    message: tuple[str, str],
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
    **values: str,
) -> None:
    if user_id is None:
        return
    title, body = message
    await enqueue(
        session,
        user_id=user_id,
        kind=kind,
        title=title,
        body=body.format(**values),
        now=now,
        settings=settings,
        tz=tz,
    )


async def request_correction(
    session: AsyncSession,
    actor: Actor,
    data: api.CorrectionCreate,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> Correction:
    """The youth asks for part of their file to be corrected; the casemanager is told."""
    if data.client_id is not None:
        existing = await session.scalar(
            select(Correction).where(Correction.client_id == data.client_id)
        )
        if existing is not None and existing.requested_by == actor.id:
            return existing
    case = await youth_case(session, actor.id)
    await ensure_not_retained(session, case.id)
    if data.target == "big5_view":
        # Only the youth the view is about: the entry must be a casemanager's entry on them.
        await big5_corrections.correctable_entry(session, actor.id, data.target_id)
    else:
        note = await session.get(CaseNote, data.target_id)
        if note is None or note.case_id != case.id:
            raise invalid("target_id", "Dit verslag staat niet in jouw dossier.")
    open_one = await session.scalar(
        select(Correction.id).where(
            Correction.target_kind == data.target,
            Correction.target_id == data.target_id,
            Correction.status == "open",
        )
    )
    if open_one is not None:
        raise conflict(texts.ALREADY_OPEN[data.target])
    correction = Correction(
        case_id=case.id,
        target_kind=data.target,
        target_id=data.target_id,
        requested_by=actor.id,
        client_id=data.client_id,
        what_is_wrong=data.what_is_wrong,
        proposed_text=data.proposed_text,
        status="open",
        created_at=now,
    )
    session.add(correction)
    await session.flush()
    await _notify(
        session,
        case.casemanager_id,
        "correction_requested",
        texts.CORRECTION_REQUESTED[data.target],
        now=now,
        settings=settings,
        tz=tz,
        label=case.label,
    )
    return correction


async def correction(session: AsyncSession, correction_id: str) -> Correction:
    row = await session.get(Correction, correction_id)
    if row is None:
        raise not_found("Dit correctieverzoek bestaat niet.")
    return row


async def _statement_of(session: AsyncSession, row: Correction) -> api.Statement | None:
    if row.target_kind == "big5_view":
        found = await big5_corrections.statement_of(session, row.id)
        if found is None:
            return None
        view = big5_corrections.statement_view(found)
        return api.Statement(
            id=view.id, correction_id=view.correction_id, body=view.body, created_at=view.created_at
        )
    note_statement = await session.scalar(
        select(NoteStatement).where(NoteStatement.correction_id == row.id)
    )
    return _statement(note_statement) if note_statement else None


async def correction_view(session: AsyncSession, row: Correction) -> api.Correction:
    statement = await _statement_of(session, row)
    return api.Correction(
        id=row.id,
        case_id=row.case_id,
        target=row.target_kind,  # type: ignore[arg-type]
        target_id=row.target_id,
        status=row.status,  # type: ignore[arg-type]
        what_is_wrong=row.what_is_wrong,
        proposed_text=row.proposed_text,
        created_at=row.created_at,
        decided_at=row.decided_at,
        decided_by=row.decided_by_name,
        decline_reason=row.decline_reason,
        statement=statement,
        can_add_statement=row.status == "declined" and statement is None,
    )


async def corrections(
    session: AsyncSession, *, case_id: str | None = None, requested_by: str | None = None
) -> api.CorrectionList:
    """Corrections of a case (casemanager) or by a youth; open ones first, newest first."""
    query = select(Correction)
    if case_id is not None:
        query = query.where(Correction.case_id == case_id)
    if requested_by is not None:
        query = query.where(Correction.requested_by == requested_by)
    rows = await session.scalars(
        query.order_by((Correction.status == "open").desc(), Correction.created_at.desc())
    )
    return api.CorrectionList(items=[await correction_view(session, r) for r in rows])


def _decidable(row: Correction) -> None:
    if row.status != "open":
        raise conflict("Over dit correctieverzoek is al beslist.")


async def accept_correction(
    session: AsyncSession,
    actor: Actor,
    row: Correction,
    data: api.CorrectionAccept,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> Correction:
    """Change the note or BIG5 entry in place. The old version is not copied anywhere, and
    the request's own words (which may quote it) are emptied; only the fact of the
    correction (when, by whom) stays, in the access log."""
    _decidable(row)
    if row.target_kind == "big5_view":
        if data.body is not None or data.title is not None:
            raise invalid("body" if data.body is not None else "title", texts.BIG5_NEEDS_VIEW)
        if data.big5_view is None:
            raise invalid("big5_view", texts.BIG5_NEEDS_VIEW)
        entry = await big5_corrections.apply_correction(session, row.target_id, data.big5_view, now)
        logged = ("big5", "correct_big5", texts.BIG5_CORRECTED_PURPOSE, f"entry={entry.id}")
    else:
        if data.big5_view is not None:
            raise invalid("big5_view", texts.NOTE_NEEDS_BODY)
        if data.body is None:
            raise invalid("body", texts.NOTE_NEEDS_BODY)
        note = await session.get(CaseNote, row.target_id)
        if note is None:
            raise conflict("Dit verslag bestaat niet meer.")
        note.body = data.body
        if data.title is not None:
            note.title = data.title
        note.updated_at = now
        note.last_corrected_at = now
        note.corrected_count += 1
        logged = ("notes", "correct", texts.NOTE_CORRECTED_PURPOSE, f"note={note.id}")
    row.status = "accepted"
    row.what_is_wrong = ""
    row.proposed_text = None
    row.decided_at = now
    row.decided_by = actor.id
    row.decided_by_name = actor.display_name
    session.add(ScrubRequest(created_at=now))
    case = await session.get(Case, row.case_id)
    if case is not None and case.youth_id is not None:
        resource, action, purpose, detail = logged
        await log_access(
            session,
            actor,
            case.youth_id,
            resource=resource,
            action=action,
            purpose=purpose,
            now=now,
            detail=detail,
        )
    await _notify(
        session,
        row.requested_by,
        "correction_accepted",
        texts.CORRECTION_ACCEPTED[row.target_kind],
        now=now,
        settings=settings,
        tz=tz,
    )
    return row


async def decline_correction(
    session: AsyncSession,
    actor: Actor,
    row: Correction,
    reason: str,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> Correction:
    _decidable(row)
    row.status = "declined"
    row.decline_reason = reason
    row.decided_at = now
    row.decided_by = actor.id
    row.decided_by_name = actor.display_name
    await _notify(
        session,
        row.requested_by,
        "correction_declined",
        texts.CORRECTION_DECLINED[row.target_kind],
        now=now,
        settings=settings,
        tz=tz,
    )
    return row


async def add_statement(
    session: AsyncSession, actor: Actor, row: Correction, body: str, now: dt.datetime
) -> Correction:
    """After a declined correction the youth adds their own statement, once."""
    if row.requested_by != actor.id:
        raise not_found("Dit correctieverzoek bestaat niet.")
    if row.status != "declined":
        raise conflict("Een eigen verklaring kan pas als je verzoek is afgewezen.")
    if await _statement_of(session, row) is not None:
        raise conflict("Je hebt bij dit verzoek al een verklaring toegevoegd.")
    if row.target_kind == "big5_view":
        await big5_corrections.add_statement(
            session,
            entry_id=row.target_id,
            correction_id=row.id,
            author_id=actor.id,
            body=body,
            now=now,
        )
        return row
    session.add(
        NoteStatement(
            note_id=row.target_id,
            correction_id=row.id,
            author_id=actor.id,
            body=body,
            created_at=now,
        )
    )
    await session.flush()
    return row

"""The youth-care file: notes, corrections that destroy old versions, statements. The only
writer of these tables (destruction requests live in ``destruction.py``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import notes as api
from server.accounts.models import Case
from server.core.access import log_access
from server.core.auth import Actor
from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.pagination import decode_cursor, encode_cursor
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
    query = select(CaseNote).where(CaseNote.case_id == case_id)
    after = decode_cursor(cursor, 2, (dt.datetime, str))
    if after is not None:
        at = after[0]
        query = query.where(
            or_(
                CaseNote.created_at < at,
                (CaseNote.created_at == at) & (CaseNote.id < str(after[1])),
            )
        )
    rows = list(
        await session.scalars(
            query.order_by(CaseNote.created_at.desc(), CaseNote.id.desc()).limit(limit + 1)
        )
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id)
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
    if data.target != "note":
        # The BIG5 domain wires "big5_view" targets; until then they cannot be requested.
        raise invalid("target", "Een correctie van een BIG5-beeld kan hier nog niet.")
    case = await youth_case(session, actor.id)
    await ensure_not_retained(session, case.id)
    note = await session.get(CaseNote, data.target_id)
    if note is None or note.case_id != case.id:
        raise invalid("target_id", "Dit verslag staat niet in jouw dossier.")
    open_one = await session.scalar(
        select(Correction.id).where(
            Correction.target_kind == "note",
            Correction.target_id == note.id,
            Correction.status == "open",
        )
    )
    if open_one is not None:
        raise conflict("Er loopt al een correctieverzoek voor dit verslag.")
    correction = Correction(
        case_id=case.id,
        target_kind="note",
        target_id=note.id,
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
        texts.CORRECTION_REQUESTED,
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


async def correction_view(session: AsyncSession, row: Correction) -> api.Correction:
    statement = await session.scalar(
        select(NoteStatement).where(NoteStatement.correction_id == row.id)
    )
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
        statement=_statement(statement) if statement else None,
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
    """Change the note in place. The old text is not copied anywhere, and the request's own
    words (which may quote it) are emptied; only the fact of the correction stays."""
    _decidable(row)
    note = await session.get(CaseNote, row.target_id)
    if note is None:
        raise conflict("Dit verslag bestaat niet meer.")
    note.body = data.body
    if data.title is not None:
        note.title = data.title
    note.updated_at = now
    note.last_corrected_at = now
    note.corrected_count += 1
    row.status = "accepted"
    row.what_is_wrong = ""
    row.proposed_text = None
    row.decided_at = now
    row.decided_by = actor.id
    row.decided_by_name = actor.display_name
    session.add(ScrubRequest(created_at=now))
    case = await session.get(Case, row.case_id)
    if case is not None and case.youth_id is not None:
        await log_access(
            session,
            actor,
            case.youth_id,
            resource="notes",
            action="correct",
            purpose="Correctie op verzoek van de jongere doorgevoerd; oude versie vernietigd",
            now=now,
            detail=f"note={note.id}",
        )
    await _notify(
        session,
        row.requested_by,
        "correction_accepted",
        texts.CORRECTION_ACCEPTED,
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
        texts.CORRECTION_DECLINED,
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
    if await session.scalar(select(NoteStatement.id).where(NoteStatement.correction_id == row.id)):
        raise conflict("Je hebt bij dit verzoek al een verklaring toegevoegd.")
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

"""HTTP face of the youth-care file: notes, corrections, statements, destruction requests."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import notes as api
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.pagination import CursorParam, Limit
from server.notes import destruction, service
from server.notes.models import Correction, DestructionRequest
from server.settings import Settings


class CaseFileController(Controller):
    path = "/cases/{case_id:str}"
    tags = ["file"]

    @post("/notes", status_code=201, summary="Write a case note (casemanager)")
    async def add_note(
        self,
        case_id: FromPath[str],
        data: JSONBody[api.NoteCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Note:
        """Idempotent by ``client_id``: a retry answers 201 with the original note."""
        case = await access.staff_case(
            db_session,
            actor,
            case_id,
            resource="notes",
            action="create",
            purpose="Verslag schrijven",
            now=clock.now(),
        )
        note = await service.add_note(db_session, actor, case, data, clock.now())
        return service.note_view(note, "full", [])

    @get("/notes", summary="The case's notes (casemanager, youth, parents by sharing rules)")
    async def notes(
        self,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.NoteList:
        return await _file_notes(
            db_session, actor, case_id, "Verslagen lezen", clock, cursor, limit
        )

    @get("/corrections", summary="Correction requests of the case (casemanager)")
    async def corrections(
        self,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.CorrectionList:
        await access.staff_case(
            db_session,
            actor,
            case_id,
            resource="corrections",
            action="list",
            purpose="Correctieverzoeken bekijken",
            now=clock.now(),
        )
        return await service.corrections(db_session, case_id=case_id)

    @get("/destruction-requests", summary="Requests to destroy the file (casemanager, admin)")
    async def destruction_requests(
        self,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.DestructionRequestList:
        await access.file_decider(
            db_session,
            actor,
            case_id,
            action="list",
            purpose="Vernietigingsverzoeken bekijken",
            now=clock.now(),
        )
        return _destruction_list(await destruction.of_case(db_session, case_id), clock)


class MyFileController(Controller):
    path = "/me"
    tags = ["file"]

    @get("/notes", summary="My file: every note about me (inzage)")
    async def my_notes(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.NoteList:
        access.require_role(actor, "youth")
        case = await service.youth_case(db_session, actor.id)
        return await _file_notes(db_session, actor, case.id, "", clock, cursor, limit)

    @post(
        "/corrections",
        status_code=201,
        summary="Ask for a correction of my file: a case note or a casemanager's BIG5 view",
    )
    async def request_correction(
        self,
        data: JSONBody[api.CorrectionCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> api.Correction:
        """``target`` "note": ``target_id`` is a note's id. ``target`` "big5_view":
        ``target_id`` is the ``entry_id`` of a casemanager's side in ``GET /youths/{id}/big5``
        (or of a casemanager point in its history). Only the youth it is about (422 on
        ``target_id`` otherwise); one open request per target (409). Idempotent by
        ``client_id``: a retry answers 201 with the original request."""
        access.require_role(actor, "youth")
        row = await service.request_correction(
            db_session, actor, data, now=clock.now(), settings=settings, tz=clock.tz
        )
        return await service.correction_view(db_session, row)

    @get("/corrections", summary="My correction requests and their outcome")
    async def my_corrections(
        self, actor: NamedDependency[Actor], db_session: NamedDependency[AsyncSession]
    ) -> api.CorrectionList:
        return await service.corrections(db_session, requested_by=actor.id)

    @post("/destruction-requests", status_code=201, summary="Ask for my file to be destroyed")
    async def request_destruction(
        self,
        data: JSONBody[api.DestructionRequestCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> api.DestructionRequest:
        case = await access.destruction_requester(db_session, actor, data.case_id, clock.today())
        row = await destruction.request(
            db_session,
            actor,
            case,
            data.explanation,
            now=clock.now(),
            settings=settings,
            tz=clock.tz,
        )
        return destruction.view(row, clock.now(), clock.tz)

    @get("/destruction-requests", summary="Follow my requests to destroy a file")
    async def my_destruction_requests(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.DestructionRequestList:
        return _destruction_list(await destruction.mine(db_session, actor), clock)


class CorrectionController(Controller):
    path = "/corrections/{correction_id:str}"
    tags = ["file"]

    @post(
        "/accept",
        status_code=200,
        summary="Accept: correct the note or BIG5 view in place, destroy the old version",
    )
    async def accept(
        self,
        correction_id: FromPath[str],
        data: JSONBody[api.CorrectionAccept],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> api.Correction:
        """A note takes ``body`` (and ``title``); a BIG5 view takes ``big5_view``, the
        complete corrected entry. The other kind's fields, or none, are 422."""
        row = await _correction_to_decide(db_session, actor, correction_id, clock)
        await service.accept_correction(
            db_session, actor, row, data, now=clock.now(), settings=settings, tz=clock.tz
        )
        return await service.correction_view(db_session, row)

    @post("/decline", status_code=200, summary="Decline, with a reason")
    async def decline(
        self,
        correction_id: FromPath[str],
        data: JSONBody[api.CorrectionDecline],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> api.Correction:
        row = await _correction_to_decide(db_session, actor, correction_id, clock)
        await service.decline_correction(
            db_session, actor, row, data.reason, now=clock.now(), settings=settings, tz=clock.tz
        )
        return await service.correction_view(db_session, row)

    @post("/statement", status_code=201, summary="Add my own statement to a declined correction")
    async def statement(
        self,
        correction_id: FromPath[str],
        data: JSONBody[api.StatementCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Correction:
        access.require_role(actor, "youth")
        row = await service.correction(db_session, correction_id)
        await service.add_statement(db_session, actor, row, data.body, clock.now())
        return await service.correction_view(db_session, row)


class DestructionController(Controller):
    path = "/destruction-requests/{request_id:str}"
    tags = ["file"]

    @post("/approve", status_code=200, summary="Approve: destroy the file (casemanager, admin)")
    async def approve(
        self,
        request_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> api.DestructionRequest:
        row = await _request_to_decide(db_session, actor, request_id, clock)
        await destruction.approve(
            db_session, actor, row, now=clock.now(), settings=settings, tz=clock.tz
        )
        return destruction.view(row, clock.now(), clock.tz)

    @post("/refuse", status_code=200, summary="Refuse, only with a legal reason")
    async def refuse(
        self,
        request_id: FromPath[str],
        data: JSONBody[api.DestructionRefuse],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> api.DestructionRequest:
        row = await _request_to_decide(db_session, actor, request_id, clock)
        await destruction.refuse(
            db_session, actor, row, data, now=clock.now(), settings=settings, tz=clock.tz
        )
        return destruction.view(row, clock.now(), clock.tz)


# --- steps the handlers share ------------------------------------------------------------------


async def _file_notes(
    session: AsyncSession,
    actor: Actor,
    case_id: str,
    purpose: str,
    clock: Clock,
    cursor: str | None,
    limit: int,
) -> api.NoteList:
    """A page of the case's notes, as much of each as ``actor`` may read (logged)."""
    _, level = await access.case_file(
        session,
        actor,
        case_id,
        action="read",
        purpose=purpose,
        now=clock.now(),
        today=clock.today(),
    )
    return await service.list_notes(session, case_id, level, cursor, limit)


async def _correction_to_decide(
    session: AsyncSession, actor: Actor, correction_id: str, clock: Clock
) -> Correction:
    """The correction request, if ``actor`` is the casemanager who decides on it (logged)."""
    row = await service.correction(session, correction_id)
    await access.staff_case(
        session,
        actor,
        row.case_id,
        resource="corrections",
        action="decide",
        purpose="Correctieverzoek beoordelen",
        now=clock.now(),
    )
    return row


async def _request_to_decide(
    session: AsyncSession, actor: Actor, request_id: str, clock: Clock
) -> DestructionRequest:
    """The destruction request, if ``actor`` may decide on the file (logged)."""
    row = await destruction.get(session, request_id)
    await access.file_decider(
        session,
        actor,
        row.case_id,
        action="decide",
        purpose="Vernietigingsverzoek beoordelen",
        now=clock.now(),
    )
    return row


def _destruction_list(rows: list[DestructionRequest], clock: Clock) -> api.DestructionRequestList:
    return api.DestructionRequestList(
        items=[destruction.view(r, clock.now(), clock.tz) for r in rows]
    )

"""Case notes and correction requests from the youth's page: the same checks as the API.

Writing a note goes through ``access.staff_case`` (logged as "Verslag schrijven"), deciding
a correction through ``access.staff_case`` for its case ("Correctieverzoek beoordelen"),
then the notes service, which notifies the youth.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import notes as notes_api
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.notes import service as notes
from server.notes.models import Correction
from server.settings import Settings
from server.web.pages import back, decode
from server.web.session import checked_form

AnyRequest = Request[Any, Any, Any]


async def _decidable(
    session: AsyncSession, actor: Actor, correction_id: str, clock: Clock
) -> Correction:
    """The correction, if it belongs to one of this casemanager's cases (404 otherwise)."""
    row = await notes.correction(session, correction_id)
    await access.staff_case(
        session, actor, row.case_id, resource="corrections", action="decide",
        purpose="Correctieverzoek beoordelen", now=clock.now(),
    )  # fmt: skip
    return row


def _big5_view(form: Any) -> dict[str, Any]:
    """The corrected BIG5 entry from the form: status, parts ("ja"/"nee"; empty is not
    answered) and the note (empty clears it). Unknown part keys are refused by the service."""
    parts = {
        str(key).removeprefix("part_"): value == "ja"
        for key, value in form.items()
        if str(key).startswith("part_") and value in ("ja", "nee")
    }
    note = str(form.get("note", "")).strip()
    return {"status": str(form.get("status", "")).strip(), "parts": parts, "note": note or None}


class NotesController(Controller):
    path = "/"

    @post("/casus/{case_id:str}/notities")
    async def add_note(
        self,
        request: AnyRequest,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        """Idempotent by the form's ``client_id``: a double submit is one note."""
        form = await checked_form(request, actor)
        case = await access.staff_case(
            db_session, actor, case_id, resource="notes", action="create",
            purpose="Verslag schrijven", now=clock.now(),
        )  # fmt: skip
        values = {k: str(form.get(k, "")).strip() for k in ("title", "body", "client_id")}
        data = decode({k: v for k, v in values.items() if v}, notes_api.NoteCreate)
        await notes.add_note(db_session, actor, case, data, clock.now())
        return back(f"/console/casus/{case.id}", "notitie")

    @post("/correcties/{correction_id:str}/accepteren")
    async def accept(
        self,
        request: AnyRequest,
        correction_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        """Accepting replaces the note's text or the BIG5 entry; the old version is destroyed."""
        form = await checked_form(request, actor)
        row = await _decidable(db_session, actor, correction_id, clock)
        values: dict[str, Any]
        if row.target_kind == "big5_view":
            values = {"big5_view": _big5_view(form)}
        else:
            values = {"body": str(form.get("body", "")).strip()}
            if str(form.get("title", "")).strip():
                values["title"] = str(form.get("title")).strip()
        data = decode(values, notes_api.CorrectionAccept)
        await notes.accept_correction(
            db_session, actor, row, data, now=clock.now(), settings=settings, tz=clock.tz
        )
        return back(f"/console/casus/{row.case_id}", "gecorrigeerd")

    @post("/correcties/{correction_id:str}/afwijzen")
    async def decline(
        self,
        request: AnyRequest,
        correction_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        form = await checked_form(request, actor)
        row = await _decidable(db_session, actor, correction_id, clock)
        data = decode({"reason": str(form.get("reason", "")).strip()}, notes_api.CorrectionDecline)
        await notes.decline_correction(
            db_session, actor, row, data.reason, now=clock.now(), settings=settings, tz=clock.tz
        )
        return back(f"/console/casus/{row.case_id}", "afgewezen")

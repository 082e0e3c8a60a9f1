"""HTTP face of the check-ins: questionnaires, schedules, due prompts, answers, history."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, Litestar, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import checkins as api
from server.accounts.models import Case
from server.checkins import history, questionnaires, service
from server.checkins.writer import CheckinWriter
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.errors import not_found
from server.settings import Settings

# Litestar ignores msgspec.Meta inside FromQuery[...]; QueryParameter enforces the range.
HistoryDays = Annotated[int, QueryParameter(ge=1, le=366, description="Days of history")]


def writer_of(app: Litestar) -> CheckinWriter:
    writer: CheckinWriter = app.state.checkin_writer
    return writer


class QuestionnaireController(Controller):
    path = "/questionnaires"
    tags = ["check-ins"]

    @get("/", exclude_from_auth=True, summary="The questionnaires on offer (public)")
    async def list(
        self,
        db_session: NamedDependency[AsyncSession],
        audience: FromQuery[Literal["youth", "parent"] | None] = None,
    ) -> api.QuestionnaireList:
        return api.QuestionnaireList(items=await questionnaires.current(db_session, audience))

    @get(
        "/{questionnaire_id:str}",
        exclude_from_auth=True,
        summary="One questionnaire version, also older ones (public)",
    )
    async def read(
        self, questionnaire_id: FromPath[str], db_session: NamedDependency[AsyncSession]
    ) -> api.Questionnaire:
        found = await questionnaires.get(db_session, questionnaire_id)
        if found is None:
            raise not_found("Deze vragenlijst bestaat niet.")
        return found


class CaseCheckinController(Controller):
    path = "/cases/{case_id:str}"
    tags = ["check-ins"]

    @put("/checkin-schedule", status_code=200, summary="Set the case's check-in rhythm")
    async def put_schedule(
        self,
        case_id: FromPath[str],
        data: JSONBody[api.ScheduleUpdate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.CaseSchedule:
        """The casemanager picks the questionnaire, days, local times and answer window."""
        now = clock.now()
        case = await access.staff_case(
            db_session, actor, case_id, resource="checkins", action="update",
            purpose="Check-inschema instellen", now=now,
        )  # fmt: skip
        return await service.put_schedule(
            db_session, case, data, actor, now=now, settings=settings, tz=clock.tz
        )

    @get("/checkin-schedule", summary="The case's check-in rhythm (casemanager)")
    async def get_schedule(
        self,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.CaseSchedule:
        """Shows whether the youth paused their check-ins, and until when."""
        now = clock.now()
        case = await access.staff_case(
            db_session, actor, case_id, resource="checkins", action="read",
            purpose="Check-inschema bekijken", now=now,
        )  # fmt: skip
        return await service.case_schedule(db_session, case, now, clock.tz)

    @get("/checkins", summary="Check-in history, response rate and chart series")
    async def history(
        self,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        days: HistoryDays = 28,
    ) -> api.CaseCheckins:
        """Casemanager: everything. Parents: as the age rules and the youth's choices allow
        (12–15: done / not done only). Every read by someone other than the youth is logged."""
        case = await db_session.get(Case, case_id)
        if case is None or case.youth_id is None:
            raise not_found("Deze casus bestaat niet.")
        now, today = clock.now(), clock.today()
        grant = await access.youth_data(
            db_session, actor, case.youth_id, category="checkins", resource="checkins",
            action="read", purpose="Check-ins bekijken", now=now, today=today,
        )  # fmt: skip
        if grant.case is None or grant.case.id != case.id:
            raise not_found("Deze casus bestaat niet.")
        return await history.case_checkins(
            db_session, case, grant, days=days, now=now, today=today, tz=clock.tz
        )


class MyScheduleController(Controller):
    path = "/me/checkin-schedule"
    tags = ["check-ins"]

    @get("/", summary="My check-in schedule(s)")
    async def mine(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.MySchedules:
        return await service.my_schedules(db_session, actor, clock.now(), clock.tz)

    @post("/pause", status_code=200, summary="Pause my check-ins for a while")
    async def pause(
        self,
        data: JSONBody[api.SchedulePause],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.MySchedules:
        """No prompts until ``until``; the casemanager sees that the check-ins are paused."""
        return await service.pause(db_session, actor, data.until, clock.now(), clock.tz)

    @post("/resume", status_code=200, summary="Resume my check-ins now")
    async def resume(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.MySchedules:
        return await service.pause(db_session, actor, None, clock.now(), clock.tz)


class CheckinController(Controller):
    path = "/checkins"
    tags = ["check-ins"]

    @get("/due", summary="My open check-in prompts")
    async def due(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.PromptList:
        return await service.due_prompts(db_session, actor, clock.now())

    @post("/", status_code=201, summary="Send a check-in (idempotent by client_id)")
    async def submit(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[api.CheckinCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Checkin:
        """201 with the stored check-in; a retry with the same ``client_id`` and body gets the
        same 201 and body (nothing stored twice); another body under that ``client_id`` is 409.
        ``signposts`` lists help lines when the note or answers ask for them. Stored by the
        check-in writer (one transaction for all check-ins arriving together), answered once
        committed."""
        pending = await service.prepare(
            db_session, actor, data, now=clock.now(), today=clock.today(), settings=settings,
            tz=clock.tz,
        )  # fmt: skip
        if isinstance(pending, api.Checkin):  # answered without writing
            return pending
        # End this request's read (the questionnaire, once per process) before waiting for
        # the writer: SQLite has one connection, and the writer needs it.
        if db_session.in_transaction():
            await db_session.rollback()
        return await writer_of(request.app).submit(pending)

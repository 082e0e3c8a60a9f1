"""HTTP face of the BIG5: domains, assessments, the shared answer, plans, support persons."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import big5 as api
from client_api.schema.common import Ok
from server.big5 import service, stats, texts, views
from server.big5.models import Plan, Reminder
from server.checkins.history import cohort_response_rate
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.errors import forbidden, invalid, not_found
from server.settings import Settings


async def _grant(
    session: AsyncSession, actor: Actor, youth_id: str, clock: Clock, **what: str
) -> access.Grant:
    return await access.youth_data(
        session, actor, youth_id, now=clock.now(), today=clock.today(), **what
    )


def _require_own_circle(grant: access.Grant, message: str) -> None:
    """Writing is for the youth and their casemanager; parents and support persons read."""
    if grant.relation not in ("self", "casemanager"):
        raise forbidden(message)


class Big5Controller(Controller):
    path = "/"
    tags = ["big5"]

    @get(
        "/big5/domains",
        exclude_from_auth=True,
        summary="The five BIG5 domains, their conditions and guides (public reference data)",
    )
    async def domains(self) -> api.DomainList:
        return views.domain_list()

    @post("/big5/assessments", status_code=201, summary="Record a BIG5 assessment")
    async def assess(
        self,
        data: JSONBody[api.AssessmentCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Assessment:
        """The youth about themself, or their casemanager's own view (``youth_id``).

        Always 201; a retry with the same ``client_id`` returns the original assessment.
        """
        if actor.role == "casemanager" and data.youth_id is None:
            raise invalid("youth_id", "Kies de jongere over wie deze beoordeling gaat.")
        if actor.role not in ("youth", "casemanager"):
            raise forbidden(texts.NOT_YOUTH)
        youth_id = data.youth_id or actor.id
        grant = await _grant(
            db_session, actor, youth_id, clock, category="big5", resource="big5",
            action="create", purpose="BIG5-beoordeling vastleggen",
        )  # fmt: skip
        _require_own_circle(grant, texts.NOT_YOUTH)
        youth = await service.youth_user(db_session, youth_id)
        service.require_phase(
            youth, clock.today(), settings, self_=grant.relation == "self", writing=True
        )
        return await service.add_assessment(
            db_session, actor, youth, data, now=clock.now(), today=clock.today(),
            settings=settings, tz=clock.tz,
        )  # fmt: skip

    @get("/youths/{youth_id:str}/big5", summary="Both views side by side, history, readiness")
    async def overview(
        self,
        youth_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Big5Overview:
        grant = await _grant(
            db_session, actor, youth_id, clock, category="big5", resource="big5",
            action="read", purpose="BIG5 bekijken",
        )  # fmt: skip
        youth = await service.youth_user(db_session, youth_id)
        service.require_phase(
            youth, clock.today(), settings, self_=grant.relation == "self", writing=False
        )
        return await views.overview(
            db_session, grant, youth, today=clock.today(), tz=clock.tz, settings=settings
        )

    @get("/youths/{youth_id:str}/big5/plans", summary="The youth's BIG5 plans")
    async def plans(
        self,
        youth_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.PlanList:
        await _grant(
            db_session, actor, youth_id, clock, category="plans", resource="big5_plans",
            action="read", purpose="BIG5-plannen bekijken",
        )  # fmt: skip
        return await views.plans_of(db_session, youth_id, clock.today())

    @post("/youths/{youth_id:str}/big5/plans", status_code=201, summary="Make a BIG5 plan")
    async def create_plan(
        self,
        youth_id: FromPath[str],
        data: JSONBody[api.PlanCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Plan:
        """Always 201; a retry with the same ``client_id`` returns the original plan."""
        grant = await _grant(
            db_session, actor, youth_id, clock, category="plans", resource="big5_plans",
            action="create", purpose="BIG5-plan maken",
        )  # fmt: skip
        _require_own_circle(grant, texts.ONLY_OWN)
        youth = await service.youth_user(db_session, youth_id)
        service.require_phase(
            youth, clock.today(), settings, self_=grant.relation == "self", writing=True
        )
        plan = await service.create_plan(db_session, actor, youth_id, data, clock.now())
        return await views.plan_view(db_session, plan, clock.today())

    @patch("/big5/plans/{plan_id:str}", summary="Change a plan: goal, actions done, new actions")
    async def update_plan(
        self,
        plan_id: FromPath[str],
        data: JSONBody[api.PlanUpdate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Plan:
        plan = await db_session.get(Plan, plan_id)
        if plan is None:
            raise not_found(texts.PLAN_NOT_FOUND)
        grant = await _grant(
            db_session, actor, plan.youth_id, clock, category="plans", resource="big5_plans",
            action="update", purpose="BIG5-plan bijwerken",
        )  # fmt: skip
        _require_own_circle(grant, texts.ONLY_OWN)
        youth = await service.youth_user(db_session, plan.youth_id)
        service.require_phase(
            youth, clock.today(), settings, self_=grant.relation == "self", writing=True
        )
        plan = await service.update_plan(db_session, plan, data, clock.now())
        return await views.plan_view(db_session, plan, clock.today())

    @get("/big5/caseload", summary="BIG5 across my caseload (casemanager)")
    async def caseload(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Big5Caseload:
        access.require_role(actor, "casemanager")
        access.require_staff_mfa(actor)
        return await views.caseload(
            db_session, actor, now=clock.now(), today=clock.today(), tz=clock.tz,
            settings=settings,
        )  # fmt: skip

    @get("/big5/overdue-actions", summary="Plan actions past their due date (casemanager)")
    async def overdue(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.OverdueList:
        access.require_role(actor, "casemanager")
        access.require_staff_mfa(actor)
        return await views.overdue_actions(
            db_session, actor, now=clock.now(), today=clock.today(), settings=settings
        )

    @get("/stats/big5", summary="BIG5 statistics, aggregates only (admin)")
    async def statistics(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Big5Stats:
        """No individual youth's data: small cells and their giveaways are suppressed."""
        access.require_role(actor, "admin")
        access.require_staff_mfa(actor)
        return await stats.big5_stats(
            db_session, actor.organisation_id, today=clock.today(), tz=clock.tz,
            min_cell=settings.stats_min_cell,
            checkin_response_rate=cohort_response_rate,
        )  # fmt: skip


class SupportPersonController(Controller):
    path = "/me"
    tags = ["big5"]

    @post("/support-persons", status_code=201, summary="Invite a support person (steunfiguur)")
    async def invite(
        self,
        data: JSONBody[api.SupportPersonInvite],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.SupportPersonCreated:
        """A code for an adult the youth trusts; they see only what the youth shares."""
        access.require_role(actor, "youth")
        youth = await service.youth_user(db_session, actor.id)
        service.require_phase(youth, clock.today(), settings, self_=True, writing=True)
        row, invite, code = await service.invite_support_person(
            db_session, actor, data.relation, settings=settings, now=clock.now()
        )
        return api.SupportPersonCreated(
            person=views.support_person_view(row, invite, None), code=code
        )

    @get("/support-persons", summary="My support persons and open invitations")
    async def list_persons(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.SupportPersonList:
        access.require_role(actor, "youth")
        return await views.support_persons(db_session, actor.id, clock.now())

    @delete("/support-persons/{person_id:str}", status_code=200, summary="Remove a support person")
    async def remove(
        self,
        person_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Ok:
        """Access ends at once; an unused code stops working."""
        access.require_role(actor, "youth")
        return await service.remove_support_person(db_session, actor, person_id, clock.now())

    @get("/supported-youths", summary="Youths who chose me as support person")
    async def supported(
        self, actor: NamedDependency[Actor], db_session: NamedDependency[AsyncSession]
    ) -> api.SupportedYouthList:
        access.require_role(actor, "support_person")
        return await views.supported_youths(db_session, actor)

    @get("/big5/reminders", summary="My monthly BIG5 prompt")
    async def reminder(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
    ) -> api.Reminder:
        access.require_role(actor, "youth")
        row = await db_session.get(Reminder, actor.id)
        if row is None:
            return api.Reminder(enabled=True, next_due=None)
        return api.Reminder(enabled=row.enabled, next_due=row.next_due if row.enabled else None)

    @put("/big5/reminders", summary="Switch my monthly BIG5 prompt on or off")
    async def set_reminder(
        self,
        data: JSONBody[api.ReminderUpdate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Reminder:
        access.require_role(actor, "youth")
        row = await service.set_reminder(db_session, actor.id, data.enabled, clock.now())
        return api.Reminder(enabled=row.enabled, next_due=row.next_due if row.enabled else None)

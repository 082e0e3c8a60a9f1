"""HTTP face of accounts: sign-up, sign-in, sessions, two-factor, cases and invitations."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import accounts as api
from client_api.schema.common import Ok
from server.accounts import service
from server.accounts.models import Case
from server.accounts.service import AuthConfig
from server.chat import service as chat_service
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock, utcnow
from server.core.pagination import CursorParam, Limit
from server.core.realtime import publish_after_commit, publish_session_ended
from server.settings import Settings


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post("/register", exclude_from_auth=True, status_code=201, summary="Sign up")
    async def register(
        self,
        data: JSONBody[api.RegisterRequest],
        db_session: NamedDependency[AsyncSession],
        auth_config: NamedDependency[AuthConfig],
        clock: NamedDependency[Clock],
    ) -> api.Me:
        """A youth signs up without invite; parents, support persons and staff with a code."""
        user = await service.register(db_session, data, auth_config, clock.now())
        return await service.me(db_session, user.id, clock.today())

    @post("/login", exclude_from_auth=True, status_code=200, summary="Sign in")
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[api.LoginRequest],
        db_session: NamedDependency[AsyncSession],
        auth_config: NamedDependency[AuthConfig],
        clock: NamedDependency[Clock],
    ) -> api.TokenPair:
        address = request.client.host if request.client else "unknown"
        # Sign-in sessions run on wall-clock time, like the tokens they back: a moved test
        # clock must not sign anyone in or out.
        return await service.login(db_session, data, auth_config, address=address, now=utcnow())

    @post("/refresh", exclude_from_auth=True, status_code=200, summary="Rotate tokens")
    async def refresh(
        self,
        data: JSONBody[api.RefreshRequest],
        db_session: NamedDependency[AsyncSession],
        auth_config: NamedDependency[AuthConfig],
        clock: NamedDependency[Clock],
    ) -> api.TokenPair:
        return await service.refresh(db_session, data.refresh_token, auth_config, utcnow())

    @post("/logout", status_code=200, summary="End this session")
    async def logout(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        request: Request[Any, Any, Any],
    ) -> Ok:
        await service.revoke_session(db_session, actor.id, actor.session_id, utcnow(), "logout")
        publish_session_ended(request.app, db_session, actor.session_id)
        return Ok()


class MeController(Controller):
    path = "/me"
    tags = ["me"]

    @get("/", summary="Who am I")
    async def me(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Me:
        return await service.me(db_session, actor.id, clock.today())

    @get("/sessions", summary="My signed-in devices")
    async def sessions(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.SessionList:
        return api.SessionList(items=await service.list_sessions(db_session, actor, utcnow()))

    @delete("/sessions/{session_id:str}", status_code=200, summary="End a signed-in device")
    async def end_session(
        self,
        session_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        request: Request[Any, Any, Any],
    ) -> Ok:
        """Ends the session everywhere: its refresh token, access tokens and websockets."""
        await service.revoke_session(db_session, actor.id, session_id, utcnow(), "ended")
        publish_session_ended(request.app, db_session, session_id)
        return Ok()

    @post("/2fa/enroll", status_code=200, summary="Start two-factor enrolment (TOTP)")
    async def enroll(
        self, actor: NamedDependency[Actor], db_session: NamedDependency[AsyncSession]
    ) -> api.TotpEnrollment:
        return await service.enroll_totp(db_session, actor)

    @post("/2fa/confirm", status_code=200, summary="Confirm two-factor with a first code")
    async def confirm(
        self,
        data: JSONBody[api.TotpConfirm],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        auth_config: NamedDependency[AuthConfig],
        clock: NamedDependency[Clock],
    ) -> api.TokenPair:
        """Turns two-factor on and returns tokens for this now verified session."""
        return await service.confirm_totp(db_session, actor, data.totp_code, auth_config, utcnow())


class CaseController(Controller):
    path = "/cases"
    tags = ["cases"]

    @post("/", status_code=201, summary="Open a case (casemanager)")
    async def create(
        self,
        data: JSONBody[api.CaseCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Case:
        access.require_role(actor, "casemanager")
        access.require_staff_mfa(actor)
        case = await service.create_case(db_session, actor, data, clock.now())
        return await service.case_view(db_session, case, clock.today())

    @get("/", summary="My caseload (casemanager)")
    async def caseload(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.CaseList:
        access.require_role(actor, "casemanager")
        access.require_staff_mfa(actor)
        cases, next_cursor = await service.caseload(db_session, actor, cursor, limit)
        now, today = clock.now(), clock.today()
        items = []
        for case in cases:
            if case.youth_id:
                await access.log_access(
                    db_session,
                    actor,
                    case.youth_id,
                    resource="case",
                    action="list",
                    purpose="Caseload bekijken",
                    now=now,
                    detail=f"case={case.id}",
                )
            items.append(await service.case_view(db_session, case, today))
        return api.CaseList(items=items, next_cursor=next_cursor)

    @get("/{case_id:str}", summary="One case")
    async def read(
        self,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Case:
        """The casemanager, the youth and the case's parents may see the case's members."""
        if actor.role == "casemanager":
            case = await access.staff_case(
                db_session,
                actor,
                case_id,
                resource="case",
                action="read",
                purpose="Casus bekijken",
                now=clock.now(),
            )
        else:
            case = await access.member_case(db_session, actor, case_id)
        return await service.case_view(db_session, case, clock.today())

    @post("/{case_id:str}/invites", status_code=201, summary="Invite the youth or a parent")
    async def invite(
        self,
        case_id: FromPath[str],
        data: JSONBody[api.InviteCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> api.Invite:
        case = await access.staff_case(
            db_session,
            actor,
            case_id,
            resource="case",
            action="invite",
            purpose="Uitnodiging maken",
            now=clock.now(),
        )
        return await service.create_invite(
            db_session,
            actor,
            role=data.role,
            settings=settings,
            now=clock.now(),
            case_id=case.id,
            has_authority=data.has_authority,
        )

    @post("/{case_id:str}/handover", status_code=200, summary="Hand a case over (admin)")
    async def handover(
        self,
        request: Request[Any, Any, Any],
        settings: NamedDependency[Settings],
        case_id: FromPath[str],
        data: JSONBody[api.HandoverRequest],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Case:
        access.require_role(actor, "admin")
        access.require_staff_mfa(actor)
        before = await db_session.get(Case, case_id)
        previous = before.casemanager_id if before is not None else ""
        case = await service.handover(db_session, actor, case_id, data, clock.now())
        # The chat follows the case: tell the youth, close the old casemanager's live view.
        events = await chat_service.case_handed_over(
            db_session, case, previous, actor, clock.now(), settings, clock.tz
        )
        for frame, channel in events:
            publish_after_commit(request.app, db_session, frame, [channel])  # type: ignore[arg-type]
        return await service.case_view(db_session, case, clock.today())


class AdminController(Controller):
    path = "/"
    tags = ["admin"]

    @post("/staff-invites", status_code=201, summary="Invite a staff member (admin)")
    async def staff_invite(
        self,
        data: JSONBody[api.StaffInviteCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> api.Invite:
        access.require_role(actor, "admin")
        access.require_staff_mfa(actor)
        return await service.create_invite(
            db_session, actor, role=data.role, settings=settings, now=clock.now()
        )

    @get("/staff", summary="Staff of my organisation (admin)")
    async def staff(
        self, actor: NamedDependency[Actor], db_session: NamedDependency[AsyncSession]
    ) -> api.StaffList:
        access.require_role(actor, "admin")
        access.require_staff_mfa(actor)
        users = await service.organisation_staff(db_session, actor)
        return api.StaffList(
            items=[
                api.StaffMember(id=u.id, role=u.role, name=u.display_name or u.username or "")  # type: ignore[arg-type]
                for u in users
            ]
        )

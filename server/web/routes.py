"""The consoles' pages under /console: thin handlers over the same services as the API.

Every page that shows a youth's data goes through ``server.core.access`` (or a service
that does), so a console read is access-logged exactly like the same read in the API.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Router, get, post
from litestar.datastructures import CacheControlHeader
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import accounts as accounts_api
from client_api.schema import alerts as alerts_api
from server.accounts import service as accounts
from server.accounts.service import AuthConfig
from server.alerts import service as alerts
from server.big5 import stats as big5_stats
from server.big5.views import domain_list
from server.chat import service as chat
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.errors import ProblemException
from server.settings import Settings
from server.web import domains, service, texts
from server.web.chat import KIND_NAMES, ChatController, OfficeHoursController
from server.web.moderation import ModerationController
from server.web.notes import NotesController
from server.web.pages import (
    EXCEPTION_HANDLERS,
    HOME,
    SECURITY_HEADERS,
    STATIC_DIR,
    back,
    decode,
    is_htmx,
    page,
)
from server.web.session import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    PENDING_COOKIE,
    checked_form,
    cookie,
    expired,
    login_csrf,
    pending_cookie,
    pending_user,
    provide_console_actor,
    session_cookie,
)

AnyRequest = Request[Any, Any, Any]
DOMAIN_NAMES = {d.id: d.name for d in domain_list().items}


def _address(request: AnyRequest) -> str:
    return request.client.host if request.client else "unknown"


class LoginController(Controller):
    """Same accounts as the API; staff confirm with their authenticator code."""

    path = "/"

    @get("/login")
    async def login_page(
        self, request: AnyRequest, settings: NamedDependency[Settings]
    ) -> Template:
        token = login_csrf(request)
        response = page(request, None, "login.html", csrf=token)
        response.cookies.append(cookie(settings, LOGIN_CSRF_COOKIE, token, 3600))
        return response

    @post("/login")
    async def login(
        self,
        request: AnyRequest,
        db_session: NamedDependency[AsyncSession],
        auth_config: NamedDependency[AuthConfig],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> Template | Redirect:
        form = await checked_form(request, None)
        name, password = str(form.get("login", "")), str(form.get("password", ""))
        if not name.strip() or not password:
            return self._again(request, "Vul je gebruikersnaam en wachtwoord in.", name, 422)
        try:
            step = await service.password_step(
                db_session, name, password, auth_config, address=_address(request), now=clock.now()
            )
        except ProblemException as exc:
            return self._again(request, str(exc.detail), name, exc.status_code)
        if step.session_id is None:
            response = Redirect("/console/login/code", status_code=303)
            response.cookies.append(pending_cookie(request, step.user_id))
            return response
        return self._signed_in(request, settings, step.user_id, step.session_id)

    @get("/login/code")
    async def code_page(self, request: AnyRequest) -> Template | Redirect:
        if pending_user(request) is None:
            return Redirect("/console/login", status_code=303)
        return page(request, None, "code.html", csrf=request.cookies.get(LOGIN_CSRF_COOKIE, ""))

    @post("/login/code")
    async def code(
        self,
        request: AnyRequest,
        db_session: NamedDependency[AsyncSession],
        auth_config: NamedDependency[AuthConfig],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> Template | Redirect:
        form = await checked_form(request, None)
        user_id = pending_user(request)
        if user_id is None:
            return self._again(request, texts.CODE_EXPIRED, "", 401)
        code = str(form.get("totp_code", "")).replace(" ", "")
        try:
            session_id = await service.code_step(
                db_session, user_id, code, auth_config, address=_address(request), now=clock.now()
            )
        except ProblemException as exc:
            if exc.slug == "console-staff-only":
                return self._again(request, str(exc.detail), "", exc.status_code)
            csrf = request.cookies.get(LOGIN_CSRF_COOKIE, "")
            return page(
                request, None, "code.html", csrf=csrf, error=exc.detail, status_code=exc.status_code
            )
        return self._signed_in(request, settings, user_id, session_id)

    @post("/logout")
    async def logout(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        await checked_form(request, actor)
        await accounts.revoke_session(db_session, actor.id, actor.session_id, clock.now(), "logout")
        response = Redirect(
            "/console/login", query_params={"melding": "uitgelogd"}, status_code=303
        )
        response.cookies.append(expired(settings, COOKIE))
        return response

    @get("/")
    async def home(self, actor: NamedDependency[Actor]) -> Redirect:
        if not actor.mfa:
            return Redirect("/console/tweestaps", status_code=303)
        return Redirect(HOME.get(actor.role, "/console/login"), status_code=303)

    @post("/token")
    async def token(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        auth_config: NamedDependency[AuthConfig],
    ) -> dict[str, Any]:
        """A five-minute access token of this console session, for the chat websocket."""
        await checked_form(request, actor)
        return {"access_token": service.access_token(auth_config, actor), "expires_in": 300}

    def _again(self, request: AnyRequest, error: str, name: str, status: int) -> Template:
        csrf = request.cookies.get(LOGIN_CSRF_COOKIE) or login_csrf(request)
        return page(
            request, None, "login.html", csrf=csrf, error=error, name=name, status_code=status
        )

    def _signed_in(
        self, request: AnyRequest, settings: Settings, user_id: str, session_id: str
    ) -> Redirect:
        response = Redirect("/console/", status_code=303)
        response.cookies.extend(
            [session_cookie(request, user_id, session_id), expired(settings, PENDING_COOKIE)]
        )
        return response


class TwoFactorController(Controller):
    """Staff without two-factor turn it on here before they can see any youth's data."""

    path = "/tweestaps"

    @get("/")
    async def enrol_page(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
    ) -> Template | Redirect:
        if actor.mfa:
            return Redirect("/console/", status_code=303)
        enrolment = await accounts.enroll_totp(db_session, actor)
        return page(request, actor, "tweestaps.html", enrolment=enrolment)

    @post("/")
    async def confirm(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        auth_config: NamedDependency[AuthConfig],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        form = await checked_form(request, actor)
        data = decode({"totp_code": str(form.get("totp_code", ""))}, accounts_api.TotpConfirm)
        await accounts.confirm_totp(db_session, actor, data.totp_code, auth_config, clock.now())
        return Redirect("/console/", status_code=303)


class QueueController(Controller):
    """The casemanager's attention queue: urgent first, one click to acknowledge or resolve."""

    path = "/aandacht"

    @get("/")
    async def queue(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        access.require_role(actor, "casemanager")
        items = await alerts.queue(db_session, actor, include_resolved=False, now=clock.now())
        return page(request, actor, "aandacht.html", alerts=items.items)

    @get("/teller")
    async def counter(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        shown: FromQuery[int] = 0,
    ) -> Template:
        """How many open alerts there are now (numbers only), polled by the queue page."""
        access.require_role(actor, "casemanager")
        total, urgent = await service.open_alert_count(db_session, actor)
        return page(request, actor, "_teller.html", total=total, urgent=urgent, shown=shown)

    @post("/{alert_id:str}/bevestigen")
    async def acknowledge(
        self,
        request: AnyRequest,
        alert_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template | Redirect:
        await checked_form(request, actor)
        alert = await alerts.acknowledge(db_session, actor, alert_id, clock.now())
        if is_htmx(request):
            return page(request, actor, "_signaal.html", alert=alert, notice=texts.ACKNOWLEDGED)
        return back("/console/aandacht", "bevestigd")

    @post("/{alert_id:str}/afhandelen")
    async def resolve(
        self,
        request: AnyRequest,
        alert_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template | Redirect:
        form = await checked_form(request, actor)
        data = decode({"note": str(form.get("note", "")).strip()}, alerts_api.AlertResolve)
        alert = await alerts.resolve(db_session, actor, alert_id, data.note, clock.now())
        if is_htmx(request):
            return page(request, actor, "_signaal.html", alert=alert, notice=texts.RESOLVED)
        return back("/console/aandacht", "afgehandeld")


class CaseloadController(Controller):
    path = "/"

    @get("/caseload")
    async def caseload(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """Like ``GET /cases``: each listed youth gets the same access-log row."""
        access.require_role(actor, "casemanager")
        access.require_staff_mfa(actor)
        cases, _ = await accounts.caseload(db_session, actor, None, 500)
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
            items.append(await accounts.case_view(db_session, case, today))
        return page(request, actor, "caseload.html", cases=items)

    @get("/casus/{case_id:str}")
    async def youth(
        self,
        request: AnyRequest,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template:
        """One youth's page; each domain section reads through its own access check."""
        case = await access.staff_case(
            db_session,
            actor,
            case_id,
            resource="case",
            action="read",
            purpose="Casus bekijken in de console",
            now=clock.now(),
        )
        view = await accounts.case_view(db_session, case, clock.today())
        big5 = None
        if case.youth_id is not None:
            big5 = await domains.big5_section(db_session, actor, case.youth_id, clock, settings)
        notes = await domains.notes_section(db_session, actor, case.id, clock)
        checkins = await domains.checkins_section(db_session, actor, case, clock)
        conversations = (
            await chat.list_conversations(db_session, actor, clock.now(), case_id=case.id)
        ).items
        return page(
            request,
            actor,
            "casus.html",
            case=view,
            big5=big5,
            conversations=conversations,
            kinds=KIND_NAMES,
            notes=notes,
            checkins=checkins,
            client_id=str(uuid.uuid4()),
            pending=texts.PENDING,
        )


class AdminController(Controller):
    """Staff invites, case handover; aggregate statistics only, never a youth's data."""

    path = "/"

    @get("/beheer")
    async def admin(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
    ) -> Template:
        access.require_role(actor, "admin")
        access.require_staff_mfa(actor)
        staff = await accounts.organisation_staff(db_session, actor)
        cases = await service.organisation_cases(db_session, actor)
        managers = [s for s in staff if s.role == "casemanager" and s.disabled_at is None]
        return page(request, actor, "beheer.html", staff=staff, cases=cases, managers=managers)

    @post("/beheer/uitnodigingen")
    async def invite(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> Template:
        access.require_role(actor, "admin")
        access.require_staff_mfa(actor)
        form = await checked_form(request, actor)
        data = decode({"role": str(form.get("role", ""))}, accounts_api.StaffInviteCreate)
        invite = await accounts.create_invite(
            db_session, actor, role=data.role, settings=settings, now=clock.now()
        )
        return page(request, actor, "uitnodiging.html", invite=invite)

    @post("/beheer/overdracht")
    async def handover(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        access.require_role(actor, "admin")
        access.require_staff_mfa(actor)
        form = await checked_form(request, actor)
        case_id = str(form.get("case_id", ""))
        data = decode(
            {
                "casemanager_id": str(form.get("casemanager_id", "")),
                "reason": str(form.get("reason", "")).strip(),
            },
            accounts_api.HandoverRequest,
        )
        await service.case_of_organisation(db_session, actor, case_id)
        await accounts.handover(db_session, actor, case_id, data, clock.now())
        return back("/console/beheer", "overgedragen")

    @get("/statistiek")
    async def stats(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template:
        """Like ``GET /stats/big5``: aggregates only, small cells shown as "<10"."""
        access.require_role(actor, "admin")
        access.require_staff_mfa(actor)
        stats = await big5_stats.big5_stats(
            db_session, actor.organisation_id, today=clock.today(), tz=clock.tz,
            min_cell=settings.stats_min_cell,
        )  # fmt: skip
        return page(request, actor, "statistiek.html", stats=stats, domains=DOMAIN_NAMES)


def console_router() -> Router:
    """Everything under /console, with its own session, errors as pages and strict headers."""
    pages = Router(
        path="/console",
        route_handlers=[
            LoginController,
            TwoFactorController,
            QueueController,
            CaseloadController,
            ChatController,
            OfficeHoursController,
            NotesController,
            AdminController,
            ModerationController,
        ],
        dependencies={"actor": Provide(provide_console_actor)},
        exception_handlers=EXCEPTION_HANDLERS,
        response_headers=SECURITY_HEADERS,
        include_in_schema=False,
    )
    static = create_static_files_router(
        path="/console/static",
        directories=[STATIC_DIR],
        cache_control=CacheControlHeader(max_age=3600),
        name="console-static",
    )
    return Router(path="/", route_handlers=[pages, static], include_in_schema=False)

"""RoerClient: the typed async client phone apps and the tests use to talk to Roer."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Any, TypeVar

import httpx
import msgspec

from client_api.schema import (
    accounts,
    chat,
    checkins,
    forum,
    guidance,
    notes,
    notifications,
    privacy,
)
from client_api.schema import alerts as alert_api
from client_api.schema import big5 as big5_api
from client_api.schema.common import Ok
from client_api.schema.errors import Problem
from client_api.schema.health import Health
from client_api.schema.testing import ClockState, ClockUpdate
from client_api.socket import RoerSocket

T = TypeVar("T")
API = "/api/v1"


class RoerError(Exception):
    """An error answer from Roer, with its problem+json body."""

    def __init__(self, status: int, problem: Problem | None, text: str) -> None:
        super().__init__(f"{status}: {problem.detail if problem else text[:200]}")
        self.status = status
        self.problem = problem
        self.text = text

    @property
    def type(self) -> str:
        return self.problem.type.rsplit("/", 1)[-1] if self.problem else ""


def _raise_for_problem(response: httpx.Response) -> None:
    """A RoerError (with the problem details, when the body holds them) for a 4xx/5xx."""
    if response.status_code >= 400:
        problem = None
        with contextlib.suppress(msgspec.DecodeError):
            problem = msgspec.json.decode(response.content, type=Problem)
        raise RoerError(response.status_code, problem, response.text)


class RoerClient:
    """One signed-in person. Several clients may share one ``httpx.AsyncClient``."""

    def __init__(self, http: httpx.AsyncClient, *, access_token: str | None = None) -> None:
        self.http = http
        self.access_token = access_token
        self.tokens: accounts.TokenPair | None = None

    @classmethod
    def connect(cls, base_url: str, **httpx_options: Any) -> RoerClient:
        return cls(httpx.AsyncClient(base_url=base_url, **httpx_options))

    async def aclose(self) -> None:
        await self.http.aclose()

    def with_token(self, access_token: str | None) -> RoerClient:
        """Another client on the same connection, signed in with ``access_token``."""
        return RoerClient(self.http, access_token=access_token)

    # --- plumbing --------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        type: type[T],
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
    ) -> T:
        headers = {"Authorization": f"Bearer {self.access_token}"} if self.access_token else {}
        content = None
        if body is not None:
            content = msgspec.json.encode(body)
            headers["Content-Type"] = "application/json"
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        response = await self.http.request(
            method, API + path, content=content, params=clean, headers=headers
        )
        _raise_for_problem(response)
        return msgspec.json.decode(response.content, type=type)

    def _remember(self, tokens: accounts.TokenPair) -> accounts.TokenPair:
        self.tokens = tokens
        self.access_token = tokens.access_token
        return tokens

    # --- health ------------------------------------------------------------------------------

    async def health(self) -> Health:
        return await self.request("GET", "/health", Health)

    async def metrics(self, token: str) -> str:
        """Prometheus text, for the scraper holding the server's ``ROER_METRICS_TOKEN``."""
        headers = {"Authorization": f"Bearer {token}"}
        response = await self.http.get(API + "/metrics", headers=headers)
        _raise_for_problem(response)
        return response.text

    # --- auth --------------------------------------------------------------------------------

    async def register(
        self,
        *,
        password: str,
        username: str | None = None,
        email: str | None = None,
        birth_date: dt.date | None = None,
        invite_code: str | None = None,
        display_name: str | None = None,
    ) -> accounts.Me:
        body = accounts.RegisterRequest(
            password=password,
            username=username,
            email=email,
            birth_date=birth_date,
            invite_code=invite_code,
            display_name=display_name,
        )
        return await self.request("POST", "/auth/register", accounts.Me, body=body)

    async def login(
        self,
        login: str,
        password: str,
        *,
        totp_code: str | None = None,
        device_name: str | None = None,
    ) -> accounts.TokenPair:
        body = accounts.LoginRequest(
            login=login, password=password, totp_code=totp_code, device_name=device_name
        )
        return self._remember(
            await self.request("POST", "/auth/login", accounts.TokenPair, body=body)
        )

    async def refresh(self, refresh_token: str | None = None) -> accounts.TokenPair:
        token = refresh_token or (self.tokens.refresh_token if self.tokens else "")
        body = accounts.RefreshRequest(refresh_token=token)
        return self._remember(
            await self.request("POST", "/auth/refresh", accounts.TokenPair, body=body)
        )

    async def logout(self) -> Ok:
        result = await self.request("POST", "/auth/logout", Ok)
        self.access_token, self.tokens = None, None
        return result

    async def me(self) -> accounts.Me:
        return await self.request("GET", "/me", accounts.Me)

    async def sessions(self) -> accounts.SessionList:
        return await self.request("GET", "/me/sessions", accounts.SessionList)

    async def end_session(self, session_id: str) -> Ok:
        return await self.request("DELETE", f"/me/sessions/{session_id}", Ok)

    async def enroll_2fa(self) -> accounts.TotpEnrollment:
        return await self.request("POST", "/me/2fa/enroll", accounts.TotpEnrollment)

    async def confirm_2fa(self, totp_code: str) -> accounts.TokenPair:
        body = accounts.TotpConfirm(totp_code=totp_code)
        return self._remember(
            await self.request("POST", "/me/2fa/confirm", accounts.TokenPair, body=body)
        )

    # --- cases -------------------------------------------------------------------------------

    async def create_case(self, label: str, region: str | None = None) -> accounts.Case:
        body = accounts.CaseCreate(label=label, region=region)
        return await self.request("POST", "/cases", accounts.Case, body=body)

    async def cases(self, cursor: str | None = None, limit: int = 50) -> accounts.CaseList:
        params = {"cursor": cursor, "limit": limit}
        return await self.request("GET", "/cases", accounts.CaseList, params=params)

    async def case(self, case_id: str) -> accounts.Case:
        return await self.request("GET", f"/cases/{case_id}", accounts.Case)

    async def invite(
        self, case_id: str, role: accounts.InviteRole, has_authority: bool = True
    ) -> accounts.Invite:
        body = accounts.InviteCreate(role=role, has_authority=has_authority)
        return await self.request("POST", f"/cases/{case_id}/invites", accounts.Invite, body=body)

    async def staff_invite(self, role: accounts.StaffRole) -> accounts.Invite:
        body = accounts.StaffInviteCreate(role=role)
        return await self.request("POST", "/staff-invites", accounts.Invite, body=body)

    async def handover(self, case_id: str, casemanager_id: str, reason: str) -> accounts.Case:
        body = accounts.HandoverRequest(casemanager_id=casemanager_id, reason=reason)
        return await self.request("POST", f"/cases/{case_id}/handover", accounts.Case, body=body)

    async def staff(self) -> accounts.StaffList:
        return await self.request("GET", "/staff", accounts.StaffList)

    # --- privacy -----------------------------------------------------------------------------

    async def sharing(self) -> privacy.Sharing:
        return await self.request("GET", "/me/sharing", privacy.Sharing)

    async def update_sharing(self, choices: list[privacy.SharingChoice]) -> privacy.Sharing:
        body = privacy.SharingUpdate(choices=choices)
        return await self.request("PUT", "/me/sharing", privacy.Sharing, body=body)

    async def access_log(self, cursor: str | None = None, limit: int = 50) -> privacy.AccessLogPage:
        params = {"cursor": cursor, "limit": limit}
        return await self.request("GET", "/me/access-log", privacy.AccessLogPage, params=params)

    # --- the youth-care file (case notes, corrections, destruction) ---------------------------

    async def add_note(
        self, case_id: str, title: str, body: str, client_id: str | None = None
    ) -> notes.Note:
        data = notes.NoteCreate(title=title, body=body, client_id=client_id)
        return await self.request("POST", f"/cases/{case_id}/notes", notes.Note, body=data)

    async def case_notes(
        self, case_id: str, cursor: str | None = None, limit: int = 50
    ) -> notes.NoteList:
        params = {"cursor": cursor, "limit": limit}
        return await self.request("GET", f"/cases/{case_id}/notes", notes.NoteList, params=params)

    async def my_notes(self, cursor: str | None = None, limit: int = 50) -> notes.NoteList:
        params = {"cursor": cursor, "limit": limit}
        return await self.request("GET", "/me/notes", notes.NoteList, params=params)

    async def request_correction(
        self,
        target_id: str,
        what_is_wrong: str,
        proposed_text: str | None = None,
        *,
        target: notes.CorrectionTarget = "note",
        client_id: str | None = None,
    ) -> notes.Correction:
        data = notes.CorrectionCreate(
            target=target,
            target_id=target_id,
            what_is_wrong=what_is_wrong,
            proposed_text=proposed_text,
            client_id=client_id,
        )
        return await self.request("POST", "/me/corrections", notes.Correction, body=data)

    async def my_corrections(self) -> notes.CorrectionList:
        return await self.request("GET", "/me/corrections", notes.CorrectionList)

    async def case_corrections(self, case_id: str) -> notes.CorrectionList:
        return await self.request("GET", f"/cases/{case_id}/corrections", notes.CorrectionList)

    async def accept_correction(
        self,
        correction_id: str,
        body: str | None = None,
        title: str | None = None,
        *,
        big5_view: big5_api.Big5ViewCorrection | None = None,
    ) -> notes.Correction:
        """A note takes ``body`` (and ``title``); a BIG5 view takes ``big5_view``."""
        data = notes.CorrectionAccept(body=body, title=title, big5_view=big5_view)
        return await self.request(
            "POST", f"/corrections/{correction_id}/accept", notes.Correction, body=data
        )

    async def decline_correction(self, correction_id: str, reason: str) -> notes.Correction:
        data = notes.CorrectionDecline(reason=reason)
        return await self.request(
            "POST", f"/corrections/{correction_id}/decline", notes.Correction, body=data
        )

    async def add_statement(self, correction_id: str, body: str) -> notes.Correction:
        data = notes.StatementCreate(body=body)
        return await self.request(
            "POST", f"/corrections/{correction_id}/statement", notes.Correction, body=data
        )

    async def request_destruction(
        self, case_id: str | None = None, explanation: str | None = None
    ) -> notes.DestructionRequest:
        data = notes.DestructionRequestCreate(case_id=case_id, explanation=explanation)
        return await self.request(
            "POST", "/me/destruction-requests", notes.DestructionRequest, body=data
        )

    async def my_destruction_requests(self) -> notes.DestructionRequestList:
        return await self.request("GET", "/me/destruction-requests", notes.DestructionRequestList)

    async def case_destruction_requests(self, case_id: str) -> notes.DestructionRequestList:
        return await self.request(
            "GET", f"/cases/{case_id}/destruction-requests", notes.DestructionRequestList
        )

    async def approve_destruction(self, request_id: str) -> notes.DestructionRequest:
        return await self.request(
            "POST", f"/destruction-requests/{request_id}/approve", notes.DestructionRequest
        )

    async def refuse_destruction(
        self, request_id: str, reason_kind: notes.RefusalKind, reason: str
    ) -> notes.DestructionRequest:
        data = notes.DestructionRefuse(reason_kind=reason_kind, reason=reason)
        return await self.request(
            "POST",
            f"/destruction-requests/{request_id}/refuse",
            notes.DestructionRequest,
            body=data,
        )

    # --- export and leaving ------------------------------------------------------------------

    async def export(self) -> privacy.ExportArchive:
        """Everything Roer stores about me, as the JSON archive (docs/export-schema.md)."""
        return await self.request("GET", "/me/export", privacy.ExportArchive)

    async def export_html(self) -> str:
        """The same export as a readable Dutch HTML page."""
        headers = {"Authorization": f"Bearer {self.access_token}"}
        response = await self.http.get(
            API + "/me/export", params={"format": "html"}, headers=headers
        )
        if response.status_code >= 400:
            raise RoerError(response.status_code, None, response.text)
        return response.text

    async def delete_me(self, forum_posts: str = "anonymise") -> privacy.DeletionScheduled:
        """Schedule my account for erasure after the grace period (logging in cancels it).

        ``forum_posts``: "anonymise" keeps my posts under "verwijderd lid", "remove" deletes them.
        """
        params = {"forum_posts": forum_posts}
        return await self.request("DELETE", "/me", privacy.DeletionScheduled, params=params)

    # --- notifications -----------------------------------------------------------------------

    async def add_device(
        self, platform: str, push_token: str, name: str | None = None
    ) -> notifications.Device:
        body = notifications.DeviceCreate(platform=platform, push_token=push_token, name=name)  # type: ignore[arg-type]
        return await self.request("POST", "/devices", notifications.Device, body=body)

    async def remove_device(self, device_id: str) -> Ok:
        return await self.request("DELETE", f"/devices/{device_id}", Ok)

    async def notifications(
        self, cursor: str | None = None, limit: int = 50
    ) -> notifications.NotificationList:
        params = {"cursor": cursor, "limit": limit}
        return await self.request(
            "GET", "/me/notifications", notifications.NotificationList, params=params
        )

    async def read_notification(self, notification_id: str) -> Ok:
        return await self.request("POST", f"/me/notifications/{notification_id}/read", Ok)

    # --- attention queue ---------------------------------------------------------------------

    async def alerts(self, include_resolved: bool = False) -> alert_api.AlertList:
        params = {"include_resolved": str(include_resolved).lower()}
        return await self.request("GET", "/alerts", alert_api.AlertList, params=params)

    async def acknowledge_alert(self, alert_id: str) -> alert_api.Alert:
        return await self.request("POST", f"/alerts/{alert_id}/acknowledge", alert_api.Alert)

    async def resolve_alert(self, alert_id: str, note: str) -> alert_api.Alert:
        body = alert_api.AlertResolve(note=note)
        return await self.request("POST", f"/alerts/{alert_id}/resolve", alert_api.Alert, body=body)

    # --- BIG5 --------------------------------------------------------------------------------

    async def big5_domains(self) -> big5_api.DomainList:
        return await self.request("GET", "/big5/domains", big5_api.DomainList)

    async def big5_assess(
        self,
        domains: list[big5_api.DomainAssessmentIn],
        *,
        client_id: str,
        youth_id: str | None = None,
    ) -> big5_api.Assessment:
        """The youth about themself; a casemanager passes ``youth_id``. Retry-safe."""
        body = big5_api.AssessmentCreate(client_id=client_id, domains=domains, youth_id=youth_id)
        return await self.request("POST", "/big5/assessments", big5_api.Assessment, body=body)

    async def big5(self, youth_id: str) -> big5_api.Big5Overview:
        return await self.request("GET", f"/youths/{youth_id}/big5", big5_api.Big5Overview)

    async def big5_plans(self, youth_id: str) -> big5_api.PlanList:
        return await self.request("GET", f"/youths/{youth_id}/big5/plans", big5_api.PlanList)

    async def big5_create_plan(self, youth_id: str, plan: big5_api.PlanCreate) -> big5_api.Plan:
        return await self.request(
            "POST", f"/youths/{youth_id}/big5/plans", big5_api.Plan, body=plan
        )

    async def big5_update_plan(self, plan_id: str, update: big5_api.PlanUpdate) -> big5_api.Plan:
        return await self.request("PATCH", f"/big5/plans/{plan_id}", big5_api.Plan, body=update)

    async def big5_caseload(self) -> big5_api.Big5Caseload:
        return await self.request("GET", "/big5/caseload", big5_api.Big5Caseload)

    async def big5_overdue_actions(self) -> big5_api.OverdueList:
        return await self.request("GET", "/big5/overdue-actions", big5_api.OverdueList)

    async def big5_stats(self) -> big5_api.Big5Stats:
        return await self.request("GET", "/stats/big5", big5_api.Big5Stats)

    async def big5_reminders(self) -> big5_api.Reminder:
        return await self.request("GET", "/me/big5/reminders", big5_api.Reminder)

    async def set_big5_reminders(self, enabled: bool) -> big5_api.Reminder:
        body = big5_api.ReminderUpdate(enabled=enabled)
        return await self.request("PUT", "/me/big5/reminders", big5_api.Reminder, body=body)

    async def invite_support_person(self, relation: str) -> big5_api.SupportPersonCreated:
        body = big5_api.SupportPersonInvite(relation=relation)
        return await self.request(
            "POST", "/me/support-persons", big5_api.SupportPersonCreated, body=body
        )

    async def support_persons(self) -> big5_api.SupportPersonList:
        return await self.request("GET", "/me/support-persons", big5_api.SupportPersonList)

    async def remove_support_person(self, support_person_id: str) -> Ok:
        return await self.request("DELETE", f"/me/support-persons/{support_person_id}", Ok)

    async def supported_youths(self) -> big5_api.SupportedYouthList:
        return await self.request("GET", "/me/supported-youths", big5_api.SupportedYouthList)

    # --- forum -------------------------------------------------------------------------------

    async def forum_boards(self) -> forum.BoardList:
        return await self.request("GET", "/forum/boards", forum.BoardList)

    async def forum_me(self) -> forum.ForumMe:
        return await self.request("GET", "/forum/me", forum.ForumMe)

    async def forum_set_handle(self, handle: str) -> forum.ForumMe:
        body = forum.ForumMeUpdate(handle=handle)
        return await self.request("PUT", "/forum/me", forum.ForumMe, body=body)

    async def forum_threads(
        self, board_id: str, cursor: str | None = None, limit: int = 30
    ) -> forum.ThreadList:
        params = {"cursor": cursor, "limit": limit}
        path = f"/forum/boards/{board_id}/threads"
        return await self.request("GET", path, forum.ThreadList, params=params)

    async def forum_create_thread(
        self, board_id: str, title: str, body: str, client_id: str
    ) -> forum.ThreadCreated:
        data = forum.ThreadCreate(client_id=client_id, title=title, body=body)
        path = f"/forum/boards/{board_id}/threads"
        return await self.request("POST", path, forum.ThreadCreated, body=data)

    async def forum_thread(
        self, thread_id: str, cursor: str | None = None, limit: int = 50
    ) -> forum.ThreadDetail:
        params = {"cursor": cursor, "limit": limit}
        path = f"/forum/threads/{thread_id}"
        return await self.request("GET", path, forum.ThreadDetail, params=params)

    async def forum_reply(
        self, thread_id: str, body: str, client_id: str, quote_post_id: str | None = None
    ) -> forum.Post:
        data = forum.PostCreate(client_id=client_id, body=body, quote_post_id=quote_post_id)
        path = f"/forum/threads/{thread_id}/posts"
        return await self.request("POST", path, forum.Post, body=data)

    async def forum_edit(self, post_id: str, body: str) -> forum.Post:
        data = forum.PostUpdate(body=body)
        return await self.request("PATCH", f"/forum/posts/{post_id}", forum.Post, body=data)

    async def forum_delete(self, post_id: str) -> Ok:
        return await self.request("DELETE", f"/forum/posts/{post_id}", Ok)

    async def forum_react(self, post_id: str, kind: forum.ReactionKind) -> forum.Reactions:
        data = forum.ReactionCreate(kind=kind)
        path = f"/forum/posts/{post_id}/reactions"
        return await self.request("POST", path, forum.Reactions, body=data)

    async def forum_unreact(self, post_id: str, kind: forum.ReactionKind) -> forum.Reactions:
        path = f"/forum/posts/{post_id}/reactions/{kind}"
        return await self.request("DELETE", path, forum.Reactions)

    async def forum_report(
        self, post_id: str, category: forum.ReportCategory, text: str | None = None
    ) -> forum.ReportReceipt:
        data = forum.ReportCreate(category=category, text=text)
        path = f"/forum/posts/{post_id}/reports"
        return await self.request("POST", path, forum.ReportReceipt, body=data)

    async def forum_appeal(self, post_id: str, text: str) -> forum.AppealReceipt:
        data = forum.AppealCreate(text=text)
        path = f"/forum/posts/{post_id}/appeal"
        return await self.request("POST", path, forum.AppealReceipt, body=data)

    async def forum_notifications(
        self, cursor: str | None = None, limit: int = 50
    ) -> forum.NotificationList:
        params = {"cursor": cursor, "limit": limit}
        path = "/forum/notifications"
        return await self.request("GET", path, forum.NotificationList, params=params)

    # --- moderation --------------------------------------------------------------------------

    async def moderation_queue(self, cursor: str | None = None, limit: int = 50) -> forum.QueuePage:
        params = {"cursor": cursor, "limit": limit}
        return await self.request("GET", "/moderation/queue", forum.QueuePage, params=params)

    async def moderation_decide(
        self,
        item_id: str,
        action: forum.DecisionAction,
        reason: str | None = None,
        mute_hours: int | None = None,
    ) -> forum.DecisionResult:
        data = forum.Decision(action=action, reason=reason, mute_hours=mute_hours)
        path = f"/moderation/items/{item_id}/decision"
        return await self.request("POST", path, forum.DecisionResult, body=data)

    async def moderation_reveal(self, member_id: str, reason: str) -> forum.IdentityReveal:
        data = forum.RevealRequest(reason=reason)
        path = f"/moderation/members/{member_id}/reveal"
        return await self.request("POST", path, forum.IdentityReveal, body=data)

    # --- check-ins ---------------------------------------------------------------------------

    async def questionnaires(self, audience: str | None = None) -> checkins.QuestionnaireList:
        params = {"audience": audience}
        return await self.request(
            "GET", "/questionnaires", checkins.QuestionnaireList, params=params
        )

    async def questionnaire(self, questionnaire_id: str) -> checkins.Questionnaire:
        return await self.request(
            "GET", f"/questionnaires/{questionnaire_id}", checkins.Questionnaire
        )

    async def set_checkin_schedule(
        self,
        case_id: str,
        youth: checkins.ScheduleSpec | None = None,
        parents: dict[str, checkins.ScheduleSpec] | None = None,
    ) -> checkins.CaseSchedule:
        body = checkins.ScheduleUpdate(youth=youth, parents=parents or {})
        return await self.request(
            "PUT", f"/cases/{case_id}/checkin-schedule", checkins.CaseSchedule, body=body
        )

    async def case_checkin_schedule(self, case_id: str) -> checkins.CaseSchedule:
        return await self.request(
            "GET", f"/cases/{case_id}/checkin-schedule", checkins.CaseSchedule
        )

    async def my_checkin_schedule(self) -> checkins.MySchedules:
        return await self.request("GET", "/me/checkin-schedule", checkins.MySchedules)

    async def pause_checkins(self, until: dt.datetime) -> checkins.MySchedules:
        body = checkins.SchedulePause(until=until)
        return await self.request(
            "POST", "/me/checkin-schedule/pause", checkins.MySchedules, body=body
        )

    async def resume_checkins(self) -> checkins.MySchedules:
        return await self.request("POST", "/me/checkin-schedule/resume", checkins.MySchedules)

    async def due_checkins(self) -> checkins.PromptList:
        return await self.request("GET", "/checkins/due", checkins.PromptList)

    async def submit_checkin(
        self,
        client_id: str,
        questionnaire_id: str,
        answers: dict[str, Any],
        *,
        answered_at: dt.datetime | None = None,
        prompt_id: str | None = None,
    ) -> checkins.Checkin:
        body = checkins.CheckinCreate(
            client_id=client_id,
            questionnaire_id=questionnaire_id,
            answers=answers,
            answered_at=answered_at,
            prompt_id=prompt_id,
        )
        return await self.request("POST", "/checkins", checkins.Checkin, body=body)

    async def case_checkins(self, case_id: str, days: int = 28) -> checkins.CaseCheckins:
        params = {"days": days}
        return await self.request(
            "GET", f"/cases/{case_id}/checkins", checkins.CaseCheckins, params=params
        )

    # --- guidance ----------------------------------------------------------------------------

    async def guides(
        self,
        q: str | None = None,
        *,
        topic: str | None = None,
        domain: str | None = None,
        audience: str | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> guidance.GuideList:
        """Search guides (public); without ``q`` every guide, by title."""
        params = {
            "q": q,
            "topic": topic,
            "domain": domain,
            "audience": audience,
            "cursor": cursor,
            "limit": limit,
        }
        return await self.request("GET", "/guides", guidance.GuideList, params=params)

    async def guide(self, slug: str) -> guidance.Guide:
        return await self.request("GET", f"/guides/{slug}", guidance.Guide)

    async def pathways(self) -> guidance.PathwayList:
        return await self.request("GET", "/pathways", guidance.PathwayList)

    async def pathway(self, slug: str) -> guidance.Pathway:
        return await self.request("GET", f"/pathways/{slug}", guidance.Pathway)

    async def give_guide_feedback(
        self, slug: str, helpful: bool, comment: str | None = None
    ) -> guidance.FeedbackResult:
        body = guidance.FeedbackCreate(helpful=helpful, comment=comment)
        return await self.request(
            "POST", f"/guides/{slug}/feedback", guidance.FeedbackResult, body=body
        )

    async def guide_feedback(
        self, slug: str, cursor: str | None = None, limit: int = 50
    ) -> guidance.GuideFeedback:
        """Editors (peer_expert, admin): counts and anonymous comments on one guide."""
        params = {"cursor": cursor, "limit": limit}
        return await self.request(
            "GET", f"/guides/{slug}/feedback", guidance.GuideFeedback, params=params
        )

    async def guidance_feedback(self) -> guidance.FeedbackOverview:
        """Editors (peer_expert, admin): feedback counts per guide."""
        return await self.request("GET", "/guidance/feedback", guidance.FeedbackOverview)

    # --- chat --------------------------------------------------------------------------------

    async def conversations(self) -> chat.ConversationList:
        return await self.request("GET", "/conversations", chat.ConversationList)

    async def messages(
        self, conversation_id: str, after_seq: int = 0, limit: int = 100
    ) -> chat.MessageList:
        params = {"after_seq": after_seq, "limit": limit}
        return await self.request(
            "GET", f"/conversations/{conversation_id}/messages", chat.MessageList, params=params
        )

    async def send_message(
        self, conversation_id: str, body: str, client_id: str | None = None
    ) -> chat.Message:
        """Send (201) or resend with the same ``client_id`` (200, the original message)."""
        data = chat.MessageCreate(client_id=client_id or str(uuid.uuid4()), body=body)
        return await self.request(
            "POST", f"/conversations/{conversation_id}/messages", chat.Message, body=data
        )

    async def mark_read(self, conversation_id: str, seq: int) -> chat.ReadState:
        body = chat.ReadRequest(seq=seq)
        return await self.request(
            "POST", f"/conversations/{conversation_id}/read", chat.ReadState, body=body
        )

    async def open_family_conversation(self, case_id: str) -> chat.Conversation:
        return await self.request(
            "POST", f"/cases/{case_id}/family-conversation", chat.Conversation
        )

    async def consent_family_conversation(
        self, conversation_id: str, agree: bool
    ) -> chat.Conversation:
        body = chat.ConsentRequest(agree=agree)
        return await self.request(
            "POST", f"/conversations/{conversation_id}/consent", chat.Conversation, body=body
        )

    async def office_hours(self) -> chat.OfficeHours:
        return await self.request("GET", "/me/office-hours", chat.OfficeHours)

    async def set_office_hours(self, slots: list[chat.OfficeSlot]) -> chat.OfficeHours:
        body = chat.OfficeHours(slots=slots)
        return await self.request("PUT", "/me/office-hours", chat.OfficeHours, body=body)

    def socket(self, ws_url: str, **options: Any) -> RoerSocket:
        """A live chat socket signed in with this client's access token."""
        return RoerSocket(ws_url, token=lambda: self.access_token or "", **options)

    # --- test mode ---------------------------------------------------------------------------

    async def test_clock(
        self, at: dt.datetime | None = None, advance: dt.timedelta | None = None
    ) -> ClockState:
        seconds = int(advance.total_seconds()) if advance else 0
        body = ClockUpdate(at=at, advance_seconds=seconds)
        return await self.request("POST", "/test/clock", ClockState, body=body)

    async def test_tick(self) -> ClockState:
        return await self.request("POST", "/test/tick", ClockState)

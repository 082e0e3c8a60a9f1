"""HTTP face of the chat: conversations, messages, read marks, family consent, office hours."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import chat as api
from server.chat import service
from server.chat.ws import presence_of, writer_of
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.db import after_commit
from server.core.realtime import channels_of
from server.settings import Settings

# Query parameter constraints must be QueryParameter's: Litestar does not enforce
# msgspec.Meta on query parameters (a negative limit reached the database).
AfterSeq = Annotated[int, QueryParameter(ge=0, le=2**62)]
Limit = Annotated[int, QueryParameter(ge=1, le=500)]


def publish(
    request: Request[Any, Any, Any],
    db_session: AsyncSession,
    frames: list[bytes],
    conversation_id: str,
) -> None:
    """Persist, then publish: the frames go out once the request's transaction committed."""
    plugin = channels_of(request.app)

    async def run() -> None:
        for frame in frames:
            plugin.publish(frame, service.channel(conversation_id))

    if frames:
        after_commit(db_session, run)


class ConversationController(Controller):
    path = "/conversations"
    tags = ["chat"]

    @get("/", summary="My conversations, with unread counts and the last message")
    async def conversations(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.ConversationList:
        access.require_staff_mfa(actor)
        return await service.list_conversations(db_session, actor, clock.now())

    @get("/{conversation_id:str}/messages", summary="Messages after a seq, in seq order")
    async def messages(
        self,
        conversation_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        after_seq: FromQuery[AfterSeq] = 0,
        limit: Limit = 100,
    ) -> api.MessageList:
        """``next_cursor`` is the last seq of the page: pass it as ``after_seq`` for more."""
        conv, case = await access.chat_conversation(db_session, actor, conversation_id)
        await service.log_read(db_session, actor, conv, case, clock.now())
        return await service.messages(db_session, conv, after_seq, limit)

    @post(
        "/{conversation_id:str}/messages",
        summary="Send a message (idempotent by client_id)",
        responses={
            200: ResponseSpec(
                data_container=api.Message,
                description="A resend of a client_id: the original message",
            )
        },
    )
    async def send(
        self,
        request: Request[Any, Any, Any],
        conversation_id: FromPath[str],
        data: JSONBody[api.MessageCreate],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Response[api.Message]:
        """201 with the stored message and its seq; a resend of a ``client_id`` gets the
        original with 200. Crisis help and office-hours notices come in ``replies``.

        Stored by the chat writer (with other sends at the same moment, one commit), which
        checks access on the rows it locks and publishes after its commit; a failed commit
        is a 503 (send again with the same ``client_id``)."""
        env = service.Env(
            now=clock.now(),
            today=clock.today(),
            tz=clock.tz,
            settings=settings,
            is_online=presence_of(request.app).is_online,
        )
        sent = await writer_of(request.app).send(actor, conversation_id, data, env)
        return Response(sent.message, status_code=201 if sent.created else 200)

    @post("/{conversation_id:str}/read", status_code=200, summary="Mark read up to a seq")
    async def read(
        self,
        request: Request[Any, Any, Any],
        conversation_id: FromPath[str],
        data: JSONBody[api.ReadRequest],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.ReadState:
        conv, _ = await access.chat_conversation(db_session, actor, conversation_id)
        state, receipt = await service.mark_read(db_session, actor, conv, data.seq, clock.now())
        publish(request, db_session, [receipt] if receipt else [], conv.id)
        return state

    @post("/{conversation_id:str}/consent", status_code=200, summary="Youth agrees (or not)")
    async def consent(
        self,
        conversation_id: FromPath[str],
        data: JSONBody[api.ConsentRequest],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
    ) -> api.Conversation:
        """A youth of 16 or older decides whether the family conversation starts."""
        conv, case = await access.chat_conversation(db_session, actor, conversation_id)
        await service.consent(db_session, actor, conv, case, data.agree)
        return await service.conversation_view(db_session, actor, conv, case)


class FamilyConversationController(Controller):
    path = "/cases"
    tags = ["chat"]

    @post("/{case_id:str}/family-conversation", status_code=201, summary="Open a family chat")
    async def open_family(
        self,
        case_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Conversation:
        """Casemanager, youth and parents. For a youth of 16+ it waits for their consent."""
        case = await access.staff_case(
            db_session,
            actor,
            case_id,
            resource="chat",
            action="create",
            purpose="Gezinsgesprek openen",
            now=clock.now(),
        )
        conv = await service.open_family(db_session, case, clock.now(), clock.today())
        return await service.conversation_view(db_session, actor, conv, case)


class OfficeHoursController(Controller):
    path = "/me/office-hours"
    tags = ["chat"]

    @get("/", summary="My office hours (casemanager)")
    async def office_hours(
        self, actor: NamedDependency[Actor], db_session: NamedDependency[AsyncSession]
    ) -> api.OfficeHours:
        access.require_role(actor, "casemanager")
        return api.OfficeHours(slots=await service.office_slots(db_session, actor.id))

    @put("/", summary="Set my office hours (casemanager)")
    async def set_office_hours(
        self,
        data: JSONBody[api.OfficeHours],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
    ) -> api.OfficeHours:
        """Outside them, a youth or parent gets one automatic answer per closed period."""
        access.require_role(actor, "casemanager")
        return await service.set_office_hours(db_session, actor, data)

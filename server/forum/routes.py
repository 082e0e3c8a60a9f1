"""HTTP face of the forum and its moderation. Creates answer 201, retries included."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import forum as api
from client_api.schema.common import Ok
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.groupcommit import InLoopReads
from server.core.pagination import CursorParam, Limit
from server.forum import review, service
from server.forum.models import Member
from server.settings import Settings


class ForumController(Controller):
    path = "/forum"
    tags = ["forum"]

    @get("/boards", summary="Boards I may read")
    async def boards(
        self,
        actor: NamedDependency[Actor],
        reads: NamedDependency[InLoopReads],
        clock: NamedDependency[Clock],
    ) -> api.BoardList:
        rights = access.forum_rights(actor, clock.today())
        return api.BoardList(items=await reads.run(lambda session: service.boards(session, rights)))

    @get("/me", summary="My forum profile (made with a suggested handle on first use)")
    async def me(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.ForumMe:
        rights, member = await _member(db_session, actor, clock)
        return await service.profile(db_session, actor, member, rights, clock.now())

    @put("/me", summary="Choose my handle (screened; never my account name)")
    async def update_me(
        self,
        data: JSONBody[api.ForumMeUpdate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.ForumMe:
        rights, member = await _member(db_session, actor, clock)
        service.require_may_write(member, clock)
        await service.set_handle(db_session, actor, member, data.handle, clock.today())
        return await service.profile(db_session, actor, member, rights, clock.now())

    @get("/boards/{board_id:str}/threads", summary="Threads of a board, newest activity first")
    async def threads(
        self,
        board_id: FromPath[str],
        actor: NamedDependency[Actor],
        reads: NamedDependency[InLoopReads],
        clock: NamedDependency[Clock],
        cursor: CursorParam = None,
        limit: Limit = 30,
    ) -> api.ThreadList:
        async def read(session: AsyncSession) -> api.ThreadList:
            rights, member = await _reader(session, actor, clock)
            board = await service.readable_board(session, board_id, rights)
            return await service.list_threads(session, board, member, rights, cursor, limit)

        return await reads.run(read)

    @post("/boards/{board_id:str}/threads", status_code=201, summary="Start a thread")
    async def create_thread(
        self,
        request: Request[Any, Any, Any],
        board_id: FromPath[str],
        data: JSONBody[api.ThreadCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.ThreadCreated:
        """Idempotent by ``client_id``: a retry returns the original thread (201)."""
        rights = access.forum_rights(actor, clock.today())
        board = await service.readable_board(db_session, board_id, rights)
        service.require_post_right(board, rights)
        member = await service.member_of(db_session, actor, rights, clock.now())
        return await service.create_thread(
            db_session, request.app, actor, member, board, data, clock, settings
        )

    @get("/threads/{thread_id:str}", summary="A thread with its posts, oldest first")
    async def thread(
        self,
        thread_id: FromPath[str],
        actor: NamedDependency[Actor],
        reads: NamedDependency[InLoopReads],
        clock: NamedDependency[Clock],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.ThreadDetail:
        async def read(session: AsyncSession) -> api.ThreadDetail:
            rights, member = await _reader(session, actor, clock)
            thread, _ = await service.readable_thread(session, thread_id, member, rights)
            return await service.thread_detail(session, thread, member, rights, cursor, limit)

        return await reads.run(read)

    @post("/threads/{thread_id:str}/posts", status_code=201, summary="Reply (optionally quoting)")
    async def create_post(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[str],
        data: JSONBody[api.PostCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Post:
        """Idempotent by ``client_id``: a retry returns the original post (201)."""
        rights, member = await _member(db_session, actor, clock)
        thread, board = await service.readable_thread(db_session, thread_id, member, rights)
        service.require_post_right(board, rights)
        return await service.create_post(
            db_session, request.app, actor, member, thread, data, clock, settings
        )

    @patch("/posts/{post_id:str}", summary="Edit my post (within the edit window; re-screened)")
    async def edit_post(
        self,
        request: Request[Any, Any, Any],
        post_id: FromPath[str],
        data: JSONBody[api.PostUpdate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.Post:
        member = await service.find_member(db_session, actor)
        post = await service.own_post(db_session, post_id, member)
        assert member is not None
        return await service.edit_post(
            db_session, request.app, actor, member, post, data.body, clock, settings
        )

    @delete("/posts/{post_id:str}", status_code=200, summary="Delete my post")
    async def delete_post(
        self,
        post_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
    ) -> Ok:
        member = await service.find_member(db_session, actor)
        await service.delete_post(db_session, await service.own_post(db_session, post_id, member))
        return Ok()

    @post("/posts/{post_id:str}/reactions", status_code=200, summary="Add a supportive reaction")
    async def react(
        self,
        post_id: FromPath[str],
        data: JSONBody[api.ReactionCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Reactions:
        """Idempotent: the same reaction twice counts once. Remove with DELETE."""
        return await self._react(post_id, data.kind, True, actor, db_session, clock)

    @delete(
        "/posts/{post_id:str}/reactions/{kind:str}", status_code=200, summary="Take a reaction back"
    )
    async def unreact(
        self,
        post_id: FromPath[str],
        kind: FromPath[api.ReactionKind],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Reactions:
        return await self._react(post_id, kind, False, actor, db_session, clock)

    async def _react(
        self,
        post_id: str,
        kind: str,
        add: bool,
        actor: Actor,
        db_session: AsyncSession,
        clock: Clock,
    ) -> api.Reactions:
        rights, member = await _member(db_session, actor, clock)
        if member.banned_at is not None:
            service.require_may_write(member, clock)
        post = await service.visible_post(db_session, post_id, member, rights)
        return await service.react(db_session, member, post, kind, add, clock.now())

    @post(
        "/posts/{post_id:str}/reports", status_code=201, summary="Report a post to the moderators"
    )
    async def report(
        self,
        post_id: FromPath[str],
        data: JSONBody[api.ReportCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.ReportReceipt:
        """One report per member per post (a repeat returns the first)."""
        rights, member = await _member(db_session, actor, clock)
        post = await service.visible_post(db_session, post_id, member, rights)
        return await review.report(db_session, actor, member, post, data, clock, settings)

    @post("/posts/{post_id:str}/appeal", status_code=201, summary="Appeal a removal (once)")
    async def appeal(
        self,
        post_id: FromPath[str],
        data: JSONBody[api.AppealCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.AppealReceipt:
        _, member = await _member(db_session, actor, clock)
        return await review.appeal(db_session, actor, member, post_id, data, clock)

    @get("/notifications", summary="What moderators decided about my posts, newest first")
    async def notifications(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.NotificationList:
        _, member = await _member(db_session, actor, clock)
        return await service.notifications(db_session, member, cursor, limit)


class ModerationController(Controller):
    path = "/moderation"
    tags = ["moderation"]

    @get("/queue", summary="Open items: urgent first, then oldest (moderators)")
    async def queue(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.QueuePage:
        access.require_moderator(actor)
        rights = access.forum_rights(actor, clock.today())
        return await review.queue(db_session, rights, cursor, limit)

    @post("/items/{item_id:str}/decision", status_code=200, summary="Decide a queue item")
    async def decide(
        self,
        request: Request[Any, Any, Any],
        item_id: FromPath[str],
        data: JSONBody[api.Decision],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.DecisionResult:
        access.require_moderator(actor)
        return await review.decide(db_session, request.app, actor, item_id, data, clock)

    @post(
        "/members/{member_id:str}/reveal",
        status_code=200,
        summary="Break-glass: who is behind a pseudonym (logged for that person)",
    )
    async def reveal(
        self,
        member_id: FromPath[str],
        data: JSONBody[api.RevealRequest],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.IdentityReveal:
        access.require_moderator(actor)
        return await review.reveal(db_session, actor, member_id, data.reason.strip(), clock)


# --- steps the handlers share ------------------------------------------------------------------


async def _member(
    session: AsyncSession, actor: Actor, clock: Clock
) -> tuple[access.ForumRights, Member]:
    """My forum rights today and my forum identity, made on first use."""
    rights = access.forum_rights(actor, clock.today())
    return rights, await service.member_of(session, actor, rights, clock.now())


async def _reader(
    session: AsyncSession, actor: Actor, clock: Clock
) -> tuple[access.ForumRights, Member | None]:
    """My forum rights today and my forum identity if I have one (reading makes none)."""
    return access.forum_rights(actor, clock.today()), await service.find_member(session, actor)

"""The moderator's console: the queue with thread context and the member's history, appeals.

Members appear only under their pseudonym; only break-glass reveals who is behind one (and
writes that in the person's own access log). Decisions go through ``forum.review.decide``,
which also refuses an appeal decided by the moderator who removed the post.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import forum as forum_api
from server.accounts.models import User
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.forum import review
from server.forum.models import Member, ModerationDecision, ModerationItem, Post, Thread
from server.web.pages import back, decode, page
from server.web.session import checked_form

AnyRequest = Request[Any, Any, Any]
AROUND = 2  # posts shown before and after the one in the queue
HISTORY = 5  # the member's latest posts shown
ITEM_KINDS = {
    "post": "Vastgehouden bericht",
    "thread": "Vastgehouden onderwerp",
    "report": "Gemeld bericht",
    "appeal": "Bezwaar",
}
STATUS_NAMES = {
    "visible": "zichtbaar",
    "held": "vastgehouden",
    "hidden": "verborgen na meldingen",
    "removed": "verwijderd",
}


@dataclass(frozen=True)
class ContextPost:
    handle: str
    body: str
    status: str
    created_at: dt.datetime
    current: bool
    thread_title: str = ""


@dataclass(frozen=True)
class Removal:
    reason: str
    by: str
    at: dt.datetime | None
    mine: bool


async def _handles(session: AsyncSession, ids: set[str]) -> dict[str, str]:
    rows = await session.execute(select(Member.id, Member.handle).where(Member.id.in_(ids)))
    return {i: h for i, h in rows}


async def thread_context(session: AsyncSession, post_id: str) -> list[ContextPost]:
    """The posts just before and after this one in its thread (deleted ones left out)."""
    post = await session.get(Post, post_id)
    if post is None:
        return []
    shown = Post.thread_id == post.thread_id, Post.status != "deleted", Post.id != post.id
    before = list(
        await session.scalars(
            select(Post)
            .where(*shown, Post.created_at <= post.created_at)
            .order_by(Post.created_at.desc(), Post.id.desc())
            .limit(AROUND)
        )
    )
    after = list(
        await session.scalars(
            select(Post)
            .where(*shown, Post.created_at > post.created_at)
            .order_by(Post.created_at, Post.id)
            .limit(AROUND)
        )
    )
    rows = [*reversed(before), post, *after]
    handles = await _handles(session, {p.author_id for p in rows})
    return [
        ContextPost(handles.get(p.author_id, "?"), p.body, p.status, p.created_at, p.id == post.id)
        for p in rows
    ]


async def member_posts(
    session: AsyncSession, member_id: str, except_post: str
) -> list[ContextPost]:
    """The member's latest other posts, with their thread and status (under the pseudonym)."""
    rows = (
        await session.execute(
            select(Post, Thread.title)
            .join(Thread, Thread.id == Post.thread_id)
            .where(Post.author_id == member_id, Post.status != "deleted", Post.id != except_post)
            .order_by(Post.created_at.desc(), Post.id.desc())
            .limit(HISTORY)
        )
    ).all()
    handles = await _handles(session, {member_id})
    return [
        ContextPost(handles.get(member_id, "?"), p.body, p.status, p.created_at, False, title)
        for p, title in rows
    ]


async def removal_of(session: AsyncSession, item_id: str, actor: Actor) -> Removal:
    """For an appeal: the original removal, its reason and who removed the post."""
    item = await session.get(ModerationItem, item_id)
    post = await session.get(Post, item.post_id) if item else None
    if item is None or post is None:
        return Removal("", "", None, False)
    decision = await session.scalar(
        select(ModerationDecision)
        .join(ModerationItem, ModerationItem.id == ModerationDecision.item_id)
        .where(
            ModerationItem.post_id == post.id,
            ModerationDecision.action.in_(("remove", "warn", "mute", "ban")),
        )
        .order_by(ModerationDecision.at.desc())
        .limit(1)
    )
    moderator = await session.get(User, post.removed_by) if post.removed_by else None
    name = moderator.display_name or moderator.username or "" if moderator else ""
    return Removal(
        reason=post.removal_reason or (decision.reason if decision else "") or "",
        by=name,
        at=decision.at if decision else None,
        mine=item.excluded_moderator_id == actor.id,
    )


async def _context(
    session: AsyncSession, items: list[forum_api.QueueItem]
) -> dict[str, tuple[list[ContextPost], list[ContextPost]]]:
    return {
        i.id: (
            await thread_context(session, i.post_id),
            await member_posts(session, i.member.member_id, i.post_id),
        )
        for i in items
    }


class ModerationController(Controller):
    """The moderation queue: urgent first, decisions in one click, break-glass with a reason."""

    path = "/"

    @get("/moderatie")
    async def queue(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        access.require_moderator(actor)
        rights = access.forum_rights(actor, clock.today())
        every = (await review.queue(db_session, rights, None, 100)).items
        items = [i for i in every if i.kind != "appeal"]
        return page(
            request,
            actor,
            "moderatie.html",
            items=items,
            appeals=len(every) - len(items),
            context=await _context(db_session, items),
            statuses=STATUS_NAMES,
            kinds=ITEM_KINDS,
        )

    @get("/bezwaren")
    async def appeals(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """Appeals against a removal; a different moderator than the remover decides."""
        access.require_moderator(actor)
        rights = access.forum_rights(actor, clock.today())
        items = [
            i
            for i in (await review.queue(db_session, rights, None, 100)).items
            if i.kind == "appeal"
        ]
        removals = {i.id: await removal_of(db_session, i.id, actor) for i in items}
        return page(
            request,
            actor,
            "bezwaren.html",
            items=items,
            removals=removals,
            context=await _context(db_session, items),
            statuses=STATUS_NAMES,
        )

    @post("/moderatie/{item_id:str}/besluit")
    async def decide(
        self,
        request: AnyRequest,
        item_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        access.require_moderator(actor)
        form = await checked_form(request, actor)
        values = {"action": str(form.get("action", ""))}
        if str(form.get("reason", "")).strip():
            values["reason"] = str(form.get("reason")).strip()
        data = decode(values, forum_api.Decision)
        await review.decide(db_session, request.app, actor, item_id, data, clock)
        target = "/console/bezwaren" if form.get("terug") == "bezwaren" else None
        return back(target or "/console/moderatie", "besloten")

    @post("/moderatie/leden/{member_id:str}/onthullen")
    async def reveal(
        self,
        request: AnyRequest,
        member_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """Break-glass: logged in the person's own access log, with the reason given."""
        access.require_moderator(actor)
        form = await checked_form(request, actor)
        data = decode({"reason": str(form.get("reason", "")).strip()}, forum_api.RevealRequest)
        identity = await review.reveal(db_session, actor, member_id, data.reason, clock)
        return page(request, actor, "onthulling.html", identity=identity)

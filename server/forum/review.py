"""Moderation of the forum: reports, the queue, decisions, appeals and break-glass reveal."""

from __future__ import annotations

import datetime as dt

from litestar import Litestar
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import forum as api
from server.accounts.models import User
from server.core.access import ForumRights, log_access
from server.core.auth import Actor
from server.core.clock import Clock, age_on
from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.pagination import SortKey, keyset_page, oldest_first
from server.forum import texts
from server.forum.models import (
    Board,
    Member,
    ModerationDecision,
    ModerationItem,
    Post,
    Report,
    Thread,
)
from server.forum.screening import redact, screen
from server.forum.service import _publish, author_age, notify
from server.forum.views import post_views
from server.settings import Settings

SANCTIONS = ("warn", "mute", "ban")


def _sync_thread(thread: Thread | None, post: Post) -> None:
    """A thread follows its opening post's status."""
    if thread is not None and thread.first_post_id == post.id:
        thread.status = post.status


# --- reports and appeals (by members) ---------------------------------------------------------


async def report(
    session: AsyncSession,
    actor: Actor,
    member: Member,
    post: Post,
    data: api.ReportCreate,
    clock: Clock,
    settings: Settings,
) -> api.ReportReceipt:
    """One report per member per post; at the threshold of distinct members the post hides."""
    now = clock.now()
    if post.author_id == member.id:
        raise invalid("post_id", texts.OWN_POST_REPORT)
    existing = await session.scalar(
        select(Report).where(Report.post_id == post.id, Report.member_id == member.id)
    )
    if existing is not None:
        return api.ReportReceipt(
            post_id=post.id,
            category=existing.category,  # type: ignore[arg-type]
            created_at=existing.created_at,
            message=texts.REPORT_THANKS,
        )
    screened = None
    if data.text:
        screened = screen(data.text, "report_reason", "text", author_age(actor, clock.today()))
    session.add(
        Report(
            post_id=post.id,
            member_id=member.id,
            category=data.category,
            text=data.text,
            created_at=now,
        )
    )
    await session.flush()
    urgent = data.category == "onveilig" or bool(screened and screened.urgent)
    item = await session.scalar(
        select(ModerationItem).where(
            ModerationItem.post_id == post.id,
            ModerationItem.kind == "report",
            ModerationItem.decided_at.is_(None),
        )
    )
    if item is None:
        session.add(
            ModerationItem(
                kind="report",
                post_id=post.id,
                member_id=post.author_id,
                urgent=urgent,
                text=post.body,
                reasons=[f"report.{data.category}"],
                spans=[],
                created_at=now,
            )
        )
    else:
        item.urgent = item.urgent or urgent
        item.reasons = sorted({*item.reasons, f"report.{data.category}"})
    reporters = await session.scalar(
        select(func.count(func.distinct(Report.member_id))).where(Report.post_id == post.id)
    )
    if (reporters or 0) >= settings.forum_report_hide_threshold and post.status == "visible":
        post.status = "hidden"
        _sync_thread(await session.get(Thread, post.thread_id), post)
        notify(session, post.author_id, "hidden", texts.NOTIFY["hidden"], now, post)
    return api.ReportReceipt(
        post_id=post.id,
        category=data.category,
        created_at=now,
        message=texts.REPORT_THANKS,
        signposts=screened.signposts() if screened else [],
    )


async def appeal(
    session: AsyncSession,
    actor: Actor,
    member: Member,
    post_id: str,
    data: api.AppealCreate,
    clock: Clock,
) -> api.AppealReceipt:
    """Once per removal; a different moderator than the one who removed decides."""
    now = clock.now()
    post = await session.get(Post, post_id)
    if post is None or post.author_id != member.id:
        raise not_found(texts.POST_NOT_FOUND)
    if post.status != "removed":
        raise conflict(texts.APPEAL_NOT_POSSIBLE, slug="not-removed")
    if post.appealed_at is not None:
        raise conflict(texts.APPEAL_ONCE, slug="appealed-before")
    screened = screen(data.text, "forum_post", "text", author_age(actor, clock.today()))
    post.appealed_at = now
    session.add(
        ModerationItem(
            kind="appeal",
            post_id=post.id,
            member_id=member.id,
            urgent=screened.urgent,
            text=post.body,
            reasons=list(screened.verdict.reasons),
            spans=[],
            appeal_text=data.text,
            excluded_moderator_id=post.removed_by,
            created_at=now,
        )
    )
    return api.AppealReceipt(
        post_id=post.id,
        created_at=now,
        message=texts.APPEAL_THANKS,
        signposts=screened.signposts(),
    )


# --- the queue ---------------------------------------------------------------------------------


async def queue(
    session: AsyncSession, rights: ForumRights, cursor: str | None, limit: int
) -> api.QueuePage:
    """Open items: urgent first, then oldest."""
    query = select(ModerationItem).where(ModerationItem.decided_at.is_(None))
    order = (
        SortKey(ModerationItem.urgent, descending=True),
        *oldest_first(ModerationItem.created_at, ModerationItem.id),
    )
    rows, next_cursor = await keyset_page(session, query, order, cursor, limit)
    return api.QueuePage(
        items=[await _item_view(session, i, rights) for i in rows], next_cursor=next_cursor
    )


async def _history(
    session: AsyncSession, member: Member, before: dt.datetime, now: dt.datetime
) -> api.MemberHistory:
    holds = await session.scalar(
        select(func.count())
        .select_from(ModerationItem)
        .where(
            ModerationItem.member_id == member.id,
            ModerationItem.kind.in_(("post", "thread")),
            ModerationItem.created_at < before,
        )
    )
    removals = await session.scalar(
        select(func.count())
        .select_from(Post)
        .where(Post.author_id == member.id, Post.status == "removed")
    )
    mutes = await session.scalar(
        select(func.count())
        .select_from(ModerationDecision)
        .where(ModerationDecision.member_id == member.id, ModerationDecision.action == "mute")
    )
    muted = member.muted_until if member.muted_until and member.muted_until > now else None
    return api.MemberHistory(
        holds=holds or 0,
        removals=removals or 0,
        warnings=member.warnings,
        mutes=mutes or 0,
        muted_until=muted,
        banned=member.banned_at is not None,
    )


async def _item_view(
    session: AsyncSession, item: ModerationItem, rights: ForumRights
) -> api.QueueItem:
    from server.forum.service import board_view

    post = await session.get(Post, item.post_id)
    member = await session.get(Member, item.member_id)
    assert post is not None
    assert member is not None
    thread = await session.get(Thread, post.thread_id)
    assert thread is not None
    board = await session.get(Board, thread.board_id)
    assert board is not None
    reports = await session.scalars(
        select(Report).where(Report.post_id == post.id).order_by(Report.created_at)
    )
    return api.QueueItem(
        id=item.id,
        kind=item.kind,  # type: ignore[arg-type]
        urgent=item.urgent,
        created_at=item.created_at,
        post_id=post.id,
        post_status=post.status,  # type: ignore[arg-type]
        text=item.text,
        reasons=list(item.reasons),
        spans=[api.Span(**s) for s in item.spans],
        thread_id=thread.id,
        thread_title=thread.title,
        board=board_view(board, rights),
        member=api.QueueMember(
            member_id=member.id,
            handle=member.handle,
            badge=member.badge,
            history=await _history(session, member, item.created_at, item.created_at),
        ),
        reports=[
            api.ReportInfo(category=r.category, text=r.text, created_at=r.created_at)  # type: ignore[arg-type]
            for r in reports
        ]
        if item.kind == "report"
        else [],
        appeal_text=item.appeal_text,
    )


# --- decisions ---------------------------------------------------------------------------------


def _check_decision(data: api.Decision) -> None:
    if data.action in ("remove", *SANCTIONS) and not data.reason:
        raise invalid("reason", texts.REASON_REQUIRED)
    if data.action == "mute" and not data.mute_hours:
        raise invalid("mute_hours", texts.MUTE_HOURS_REQUIRED)


async def decide(
    session: AsyncSession,
    app: Litestar,
    actor: Actor,
    item_id: str,
    data: api.Decision,
    clock: Clock,
) -> api.DecisionResult:
    """Apply a moderator's decision, record who and why, and tell the author."""
    now = clock.now()
    _check_decision(data)
    item = await session.get(ModerationItem, item_id, with_for_update=True)
    if item is None:
        raise not_found(texts.ITEM_NOT_FOUND)
    if item.decided_at is not None:
        raise conflict(texts.ITEM_DECIDED, slug="decided")
    if item.kind == "appeal" and item.excluded_moderator_id == actor.id:
        raise forbidden(texts.APPEAL_SAME_MODERATOR, slug="same-moderator")
    post = await session.get(Post, item.post_id)
    member = await session.get(Member, item.member_id)
    assert post is not None
    assert member is not None
    until = None
    reason = data.reason or ""
    was_visible = post.status == "visible"
    if data.action == "approve":
        if post.status in ("held", "hidden", "removed"):
            post.status, post.removal_reason = "visible", None
        kind = "appeal_upheld" if item.kind == "appeal" else "approve"
        notify(session, member.id, kind, texts.NOTIFY[kind], now, post)
    elif data.action == "redact":
        owner_id = _user_id(member)
        owner = await session.get(User, owner_id) if owner_id else None
        age = age_on(owner.birth_date, clock.today()) if owner and owner.birth_date else None
        post.body = redact(post.body, "forum_post", age)
        post.status, post.removal_reason = "visible", None
        notify(session, member.id, "redact", texts.NOTIFY["redact"], now, post)
    else:
        if post.status != "deleted":
            post.status, post.removal_reason, post.removed_by = "removed", reason, actor.id
        if data.action == "remove":
            kind = "appeal_rejected" if item.kind == "appeal" else "remove"
            notify(session, member.id, kind, texts.NOTIFY[kind].format(reason=reason), now, post)
        else:
            until = _sanction(member, data, now)
            text = texts.NOTIFY[data.action].format(
                reason=reason, until=texts.when(until, clock.tz) if until else ""
            )
            notify(session, member.id, data.action, text, now, post)
    _sync_thread(await session.get(Thread, post.thread_id), post)
    item.decided_at = now
    session.add(
        ModerationDecision(
            item_id=item.id,
            member_id=member.id,
            moderator_id=actor.id,
            action=data.action,
            reason=data.reason,
            until=until,
            at=now,
        )
    )
    if post.status == "visible" and (not was_visible or data.action == "redact"):
        [view] = await post_views(session, [post], None)
        _publish(app, session, view)
    return api.DecisionResult(
        item_id=item.id,
        action=data.action,
        decided_at=now,
        post_status=post.status,  # type: ignore[arg-type]
    )


def _user_id(member: Member) -> str | None:
    return member.user_id


def _sanction(member: Member, data: api.Decision, now: dt.datetime) -> dt.datetime | None:
    if data.action == "warn":
        member.warnings += 1
        return None
    if data.action == "mute":
        member.muted_until = now + dt.timedelta(hours=data.mute_hours or 1)
        return member.muted_until
    member.banned_at = now
    return None


# --- break-glass -------------------------------------------------------------------------------


async def reveal(
    session: AsyncSession, actor: Actor, member_id: str, reason: str, clock: Clock
) -> api.IdentityReveal:
    """The account behind a pseudonym, logged in the person's own access log."""
    member = await session.get(Member, member_id)
    user = await session.get(User, member.user_id) if member and member.user_id else None
    if member is None or user is None:
        raise not_found(texts.MEMBER_NOT_FOUND)
    band = None
    if user.birth_date is not None:
        age = age_on(user.birth_date, clock.today())
        band = "12-15" if age < 16 else "16-27" if age < 27 else "27+"
    await log_access(
        session,
        actor,
        user.id,
        resource="forum_identity",
        action="reveal",
        purpose=reason,
        now=clock.now(),
        detail=f"member={member.id}",
    )
    return api.IdentityReveal(
        member_id=member.id,
        account_id=user.id,
        username=user.username,
        role=user.role,
        age_band=band,  # type: ignore[arg-type]
    )

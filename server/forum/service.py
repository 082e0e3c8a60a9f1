"""Forum logic: members, boards, threads, posts, reactions, reports. The only writer of these.

Every title and post passes ``moderation.screen``: allow is visible at once, hold is visible
to its author only and queued, block is refused with nothing stored. Crisis and grooming
raise an urgent queue item; the writer of a crisis text gets the signposts in the answer.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from litestar import Litestar
from sqlalchemy import delete, false, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import forum as api
from server.accounts.models import User
from server.core.access import ForumRights, forum_rights
from server.core.auth import Actor
from server.core.clock import Clock, age_on
from server.core.errors import ProblemException, conflict, forbidden, invalid, not_found, too_many
from server.core.pagination import keyset_page, newest_first, oldest_first
from server.core.realtime import publish_after_commit
from server.forum import texts
from server.forum.models import (
    Board,
    Member,
    ModerationItem,
    Notification,
    Post,
    Reaction,
    Report,
    Thread,
)
from server.forum.screening import Screened, merged_signposts, screen
from server.forum.views import post_views, thread_views
from server.guidance.service import guides_for_board
from server.settings import Settings

READABLE_BY_OTHERS = ("visible",)


def thread_channel(thread_id: str) -> str:
    return f"forum.thread.{thread_id}"


def author_age(actor: Actor, today: dt.date) -> int | None:
    return age_on(actor.birth_date, today) if actor.birth_date else None


# --- members -----------------------------------------------------------------------------------


async def find_member(session: AsyncSession, actor: Actor) -> Member | None:
    return await session.scalar(select(Member).where(Member.user_id == actor.id))


async def suggest_handle(session: AsyncSession) -> str:
    """A free "Blauwe Vos 42"-style handle."""
    for _ in range(30):
        handle = (
            f"{secrets.choice(texts.ADJECTIVES)} {secrets.choice(texts.NOUNS)} "
            f"{secrets.randbelow(90) + 10}"
        )
        if not await session.scalar(select(Member.id).where(Member.handle_key == handle.lower())):
            return handle
    return f"Lid {secrets.token_hex(4)}"


async def member_of(
    session: AsyncSession, actor: Actor, rights: ForumRights, now: dt.datetime
) -> Member:
    """The actor's forum identity, made with a suggested handle on first use."""
    if not rights.read or rights.moderator:
        raise forbidden(texts.NO_FORUM if not rights.moderator else texts.MODERATORS_ONLY)
    member = await find_member(session, actor)
    if member is not None:
        return member
    handle = await suggest_handle(session)
    member = Member(
        user_id=actor.id,
        handle=handle,
        handle_key=handle.lower(),
        badge=texts.PEER_EXPERT_BADGE if actor.role == "peer_expert" else None,
        created_at=now,
        warnings=0,
    )
    session.add(member)
    await session.flush()
    return member


async def profile(
    session: AsyncSession, actor: Actor, member: Member, rights: ForumRights, now: dt.datetime
) -> api.ForumMe:
    muted = member.muted_until if member.muted_until and member.muted_until > now else None
    return api.ForumMe(
        member_id=member.id,
        handle=member.handle,
        badge=member.badge,
        spaces_read=sorted(rights.read),  # type: ignore[arg-type]
        spaces_post=sorted(rights.post),  # type: ignore[arg-type]
        muted_until=muted,
        banned=member.banned_at is not None,
        warnings=member.warnings,
        suggested_handles=[await suggest_handle(session) for _ in range(3)],
        joined_at=member.created_at,
    )


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-zà-ÿ]", "", text.lower())


async def set_handle(
    session: AsyncSession, actor: Actor, member: Member, handle: str, today: dt.date
) -> None:
    """A chosen handle: never the account name, screened, unique regardless of case."""
    handle = " ".join(handle.split())
    user = await session.get(User, actor.id)
    names = [actor.username or "", (user.email or "").split("@")[0] if user else ""]
    if any(len(_key(n)) >= 3 and _key(n) in _key(handle) for n in names):
        raise invalid("handle", texts.HANDLE_IS_ACCOUNT)
    result = screen_handle(handle, author_age(actor, today))
    if result.decision != "allow":
        raise invalid("handle", texts.HANDLE_REFUSED.format(message=result.verdict.message))
    taken = await session.scalar(
        select(Member.id).where(Member.handle_key == handle.lower(), Member.id != member.id)
    )
    if taken:
        raise conflict(texts.HANDLE_TAKEN, slug="handle-taken")
    member.handle, member.handle_key = handle, handle.lower()
    try:
        await session.flush()
    except IntegrityError as exc:
        raise conflict(texts.HANDLE_TAKEN, slug="handle-taken") from exc


def screen_handle(handle: str, age: int | None) -> Screened:
    return screen(handle, "handle", "handle", age)


# --- boards ------------------------------------------------------------------------------------


def _guides(board: Board) -> list[str]:
    """The board's guides: its own, those naming its slug, and for parents' boards those
    naming the parents' space ("ouders")."""
    linked = guides_for_board(board.slug)
    if board.space == "ouders":
        linked += guides_for_board("ouders")
    return list(dict.fromkeys([*(board.guides or []), *linked]))


def board_view(board: Board, rights: ForumRights) -> api.Board:
    return api.Board(
        id=board.id,
        space=board.space,  # type: ignore[arg-type]
        slug=board.slug,
        name=board.name,
        description=board.description,
        guides=_guides(board),
        can_post=board.space in rights.post,
    )


async def boards(session: AsyncSession, rights: ForumRights) -> list[api.Board]:
    rows = await session.scalars(
        select(Board).where(Board.space.in_(rights.read)).order_by(Board.space, Board.position)
    )
    return [board_view(b, rights) for b in rows]


async def readable_board(session: AsyncSession, board_id: str, rights: ForumRights) -> Board:
    board = await session.get(Board, board_id)
    if board is None:
        raise not_found("Dit forum bestaat niet.")
    if board.space not in rights.read:
        space = texts.SPACE_NAMES.get(board.space, board.space)
        raise forbidden(texts.NOT_YOUR_SPACE.format(space=space), slug="other-space")
    return board


def require_post_right(board: Board, rights: ForumRights) -> None:
    if board.space not in rights.post:
        space = texts.SPACE_NAMES.get(board.space, board.space)
        raise forbidden(texts.READ_ONLY.format(space=space), slug="read-only")


def require_may_write(member: Member, clock: Clock) -> None:
    """Banned and muted members cannot write; they are told until when."""
    if member.banned_at is not None:
        raise forbidden(texts.BANNED, slug="banned")
    if member.muted_until is not None and member.muted_until > clock.now():
        until = texts.when(member.muted_until, clock.tz)
        raise forbidden(texts.MUTED.format(until=until), slug="muted")


async def require_rate(
    session: AsyncSession, member: Member, settings: Settings, now: dt.datetime
) -> None:
    """New members may post a few times an hour, others more (settings ``forum_*``)."""
    young = now - member.created_at < dt.timedelta(hours=settings.forum_new_member_hours)
    limit = settings.forum_new_member_posts_per_hour if young else settings.forum_posts_per_hour
    hour = dt.timedelta(hours=1)
    recent = list(
        await session.scalars(
            select(Post.created_at)
            .where(Post.author_id == member.id, Post.created_at > now - hour)
            .order_by(Post.created_at)
            .limit(limit)
        )
    )
    if len(recent) >= limit:
        wait = int((recent[0] + hour - now).total_seconds()) + 1
        raise too_many(texts.RATE_LIMIT.format(limit=limit, minutes=max(1, wait // 60)), wait)


# --- threads and posts ------------------------------------------------------------------------


def can_see(status: str, author_id: str, member: Member | None, rights: ForumRights) -> bool:
    if status == "deleted":
        return False
    if status in READABLE_BY_OTHERS or rights.moderator:
        return True
    return member is not None and member.id == author_id


async def readable_thread(
    session: AsyncSession, thread_id: str, member: Member | None, rights: ForumRights
) -> tuple[Thread, Board]:
    """The thread if the actor may see it; 404 otherwise (its existence is not revealed)."""
    thread = await session.get(Thread, thread_id)
    board = await session.get(Board, thread.board_id) if thread else None
    if (
        thread is None
        or board is None
        or board.space not in rights.read
        or not can_see(thread.status, thread.author_id, member, rights)
    ):
        raise not_found(texts.THREAD_NOT_FOUND)
    return thread, board


async def thread_visible(
    session: AsyncSession, actor: Actor, thread_id: str, today: dt.date
) -> bool:
    """May ``actor`` follow this thread live on ``today`` (the service clock's date)?"""
    rights = forum_rights(actor, today)
    member = await find_member(session, actor)
    try:
        await readable_thread(session, thread_id, member, rights)
    except ProblemException:
        return False
    return True


async def list_threads(
    session: AsyncSession,
    board: Board,
    member: Member | None,
    rights: ForumRights,
    cursor: str | None,
    limit: int,
) -> api.ThreadList:
    """Newest activity first: visible threads plus my own held ones."""
    query = select(Thread).where(Thread.board_id == board.id, Thread.status != "deleted")
    if not rights.moderator:
        mine = Thread.author_id == member.id if member else false()
        query = query.where(or_(Thread.status == "visible", mine))
    order = newest_first(Thread.last_post_at, Thread.id)
    rows, next_cursor = await keyset_page(session, query, order, cursor, limit)
    return api.ThreadList(items=await thread_views(session, rows, member), next_cursor=next_cursor)


async def thread_detail(
    session: AsyncSession,
    thread: Thread,
    member: Member | None,
    rights: ForumRights,
    cursor: str | None,
    limit: int,
) -> api.ThreadDetail:
    """The thread and its posts, oldest first."""
    query = select(Post).where(Post.thread_id == thread.id, Post.status != "deleted")
    if not rights.moderator:
        mine = Post.author_id == member.id if member else false()
        query = query.where(or_(Post.status == "visible", mine))
    order = oldest_first(Post.created_at, Post.id)
    rows, next_cursor = await keyset_page(session, query, order, cursor, limit)
    views = await post_views(session, rows, member)
    [head] = await thread_views(session, [thread], member)
    return api.ThreadDetail(thread=head, posts=api.PostPage(items=views, next_cursor=next_cursor))


async def _existing(session: AsyncSession, member: Member, client_id: str) -> Post | None:
    return await session.scalar(
        select(Post).where(Post.author_id == member.id, Post.client_id == client_id.lower())
    )


def _queue(
    session: AsyncSession,
    post: Post,
    member: Member,
    kind: str,
    results: list[Screened],
    now: dt.datetime,
    text: str,
) -> None:
    """Queue a held or urgent text for the moderators."""
    if not any(r.decision == "hold" or r.urgent for r in results):
        return
    session.add(
        ModerationItem(
            kind=kind,
            post_id=post.id,
            member_id=member.id,
            urgent=any(r.urgent for r in results),
            text=text,
            reasons=sorted({reason for r in results for reason in r.verdict.reasons}),
            spans=[span for r in results for span in r.spans()],
            created_at=now,
        )
    )


def _publish(app: Litestar, session: AsyncSession, view: api.Post) -> None:
    public = api.Post(**{**_fields(view), "signposts": [], "my_reactions": []})
    publish_after_commit(
        app,
        session,
        {"type": "forum_post", "thread_id": view.thread_id, "post": _builtins(public)},
        [thread_channel(view.thread_id)],
    )


def _fields(view: api.Post) -> dict[str, Any]:
    return {f: getattr(view, f) for f in view.__struct_fields__}


def _builtins(view: api.Post) -> Any:
    import msgspec

    return msgspec.to_builtins(view)


async def create_thread(
    session: AsyncSession,
    app: Litestar,
    actor: Actor,
    member: Member,
    board: Board,
    data: api.ThreadCreate,
    clock: Clock,
    settings: Settings,
) -> api.ThreadCreated:
    now = clock.now()
    existing = await _existing(session, member, data.client_id)
    if existing is not None:
        thread = await session.get(Thread, existing.thread_id)
        if thread is None or thread.first_post_id != existing.id:
            raise conflict(texts.CLIENT_ID_REUSED, slug="client-id-reused")
        return await _thread_created(session, thread, existing, member, [])
    require_may_write(member, clock)
    await require_rate(session, member, settings, now)
    age = author_age(actor, clock.today())
    title = screen(data.title, "forum_title", "title", age)
    body = screen(data.body, "forum_post", "body", age)
    status = "held" if "hold" in (title.decision, body.decision) else "visible"
    thread = Thread(
        board_id=board.id,
        author_id=member.id,
        title=data.title.strip(),
        status=status,
        created_at=now,
        last_post_at=now,
    )
    session.add(thread)
    await session.flush()
    post = Post(
        thread_id=thread.id,
        author_id=member.id,
        client_id=data.client_id.lower(),
        body=data.body,
        status=status,
        created_at=now,
    )
    session.add(post)
    await session.flush()
    thread.first_post_id = post.id
    _queue(session, post, member, "thread", [title, body], now, data.body)
    created = await _thread_created(session, thread, post, member, merged_signposts(title, body))
    if status == "visible":
        _publish(app, session, created.post)
    return created


async def _thread_created(
    session: AsyncSession, thread: Thread, post: Post, member: Member, signposts: list[api.Signpost]
) -> api.ThreadCreated:
    [head] = await thread_views(session, [thread], member)
    [view] = await post_views(session, [post], member)
    view.signposts = signposts
    return api.ThreadCreated(thread=head, post=view)


async def create_post(
    session: AsyncSession,
    app: Litestar,
    actor: Actor,
    member: Member,
    thread: Thread,
    data: api.PostCreate,
    clock: Clock,
    settings: Settings,
) -> api.Post:
    now = clock.now()
    existing = await _existing(session, member, data.client_id)
    if existing is not None:
        if existing.thread_id != thread.id:
            raise conflict(texts.CLIENT_ID_REUSED, slug="client-id-reused")
        [view] = await post_views(session, [existing], member)
        return view
    require_may_write(member, clock)
    if data.quote_post_id is not None:
        quoted = await session.get(Post, data.quote_post_id)
        if quoted is None or quoted.thread_id != thread.id or quoted.status != "visible":
            raise invalid("quote_post_id", texts.QUOTE_NOT_FOUND)
    await require_rate(session, member, settings, now)
    result = screen(data.body, "forum_post", "body", author_age(actor, clock.today()))
    status = "held" if result.decision == "hold" else "visible"
    post = Post(
        thread_id=thread.id,
        author_id=member.id,
        client_id=data.client_id.lower(),
        body=data.body,
        quote_post_id=data.quote_post_id,
        status=status,
        created_at=now,
    )
    session.add(post)
    await session.flush()
    if status == "visible":
        thread.last_post_at = now
    _queue(session, post, member, "post", [result], now, data.body)
    [view] = await post_views(session, [post], member)
    if status == "visible":
        _publish(app, session, view)
    view.signposts = result.signposts()
    return view


async def own_post(session: AsyncSession, post_id: str, member: Member | None) -> Post:
    post = await session.get(Post, post_id)
    if post is None or post.status == "deleted":
        raise not_found(texts.POST_NOT_FOUND)
    if member is None or post.author_id != member.id:
        raise forbidden(texts.NOT_YOURS)
    return post


async def edit_post(
    session: AsyncSession,
    app: Litestar,
    actor: Actor,
    member: Member,
    post: Post,
    body: str,
    clock: Clock,
    settings: Settings,
) -> api.Post:
    """Within the edit window, re-screened; earlier queue items stay for the moderators."""
    now = clock.now()
    require_may_write(member, clock)
    if post.status not in ("visible", "held"):
        raise conflict(texts.NOT_EDITABLE, slug="not-editable")
    if now - post.created_at > dt.timedelta(minutes=settings.forum_edit_minutes):
        raise forbidden(
            texts.EDIT_WINDOW.format(minutes=settings.forum_edit_minutes), slug="edit-window-closed"
        )
    result = screen(body, "forum_post", "body", author_age(actor, clock.today()))
    post.body, post.edited_at = body, now
    post.status = "held" if result.decision == "hold" else "visible"
    thread = await session.get(Thread, post.thread_id)
    if thread is not None and thread.first_post_id == post.id:
        thread.status = post.status
    _queue(session, post, member, "post", [result], now, body)
    [view] = await post_views(session, [post], member)
    if post.status == "visible":
        _publish(app, session, view)
    view.signposts = result.signposts()
    return view


async def delete_post(session: AsyncSession, post: Post) -> None:
    """The author's own delete: the text is gone; queue items keep their copy for safety."""
    post.status, post.body = "deleted", ""
    thread = await session.get(Thread, post.thread_id)
    if thread is not None and thread.first_post_id == post.id:
        others = await session.scalar(
            select(func.count())
            .select_from(Post)
            .where(Post.thread_id == thread.id, Post.id != post.id, Post.status == "visible")
        )
        if not others:
            thread.status = "deleted"


# --- reactions, reports, notifications ---------------------------------------------------------


async def visible_post(
    session: AsyncSession, post_id: str, member: Member | None, rights: ForumRights
) -> Post:
    post = await session.get(Post, post_id)
    if post is None or not can_see(post.status, post.author_id, member, rights):
        raise not_found(texts.POST_NOT_FOUND)
    await readable_thread(session, post.thread_id, member, rights)
    return post


async def react(
    session: AsyncSession, member: Member, post: Post, kind: str, add: bool, now: dt.datetime
) -> api.Reactions:
    """Idempotent: adding twice counts once; removing what is not there is fine."""
    if post.status != "visible":
        raise not_found(texts.POST_NOT_FOUND)
    existing = await session.get(Reaction, (post.id, member.id, kind))
    if add and existing is None:
        session.add(Reaction(post_id=post.id, member_id=member.id, kind=kind, created_at=now))
    elif not add and existing is not None:
        await session.delete(existing)
    await session.flush()
    [view] = await post_views(session, [post], member)
    return api.Reactions(post_id=post.id, counts=view.reactions, mine=view.my_reactions)


def notify(
    session: AsyncSession,
    member_id: str,
    kind: str,
    text: str,
    now: dt.datetime,
    post: Post | None = None,
) -> None:
    session.add(
        Notification(
            member_id=member_id,
            kind=kind,
            text=text,
            post_id=post.id if post else None,
            thread_id=post.thread_id if post else None,
            created_at=now,
        )
    )


async def notifications(
    session: AsyncSession, member: Member, cursor: str | None, limit: int
) -> api.NotificationList:
    query = select(Notification).where(Notification.member_id == member.id)
    order = newest_first(Notification.created_at, Notification.id)
    rows, next_cursor = await keyset_page(session, query, order, cursor, limit)
    items = [
        api.Notification(
            id=n.id,
            kind=n.kind,
            text=n.text,
            created_at=n.created_at,
            post_id=n.post_id,
            thread_id=n.thread_id,
        )
        for n in rows
    ]
    return api.NotificationList(items=items, next_cursor=next_cursor)


# --- the member's own data: export, leaving ------------------------------------------------


async def set_leave_choice(session: AsyncSession, user_id: str, choice: str) -> None:
    """Remember what should happen to my posts when my account is erased."""
    member = await session.scalar(select(Member).where(Member.user_id == user_id))
    if member is not None:
        member.on_leave = choice


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """My pseudonym, my threads and posts (with their status) and my forum notifications."""
    member = await session.scalar(select(Member).where(Member.user_id == user_id))
    if member is None:
        return {"member": None, "posts": [], "notifications": []}
    posts = await session.scalars(
        select(Post).where(Post.author_id == member.id).order_by(Post.created_at)
    )
    threads = {
        t.id: t.title
        for t in await session.scalars(select(Thread).where(Thread.author_id == member.id))
    }
    notes = await session.scalars(select(Notification).where(Notification.member_id == member.id))
    return {
        "member": {
            "handle": member.handle,
            "badge": member.badge,
            "created_at": member.created_at.isoformat(),
            "on_leave": member.on_leave,
        },
        "threads": [{"id": i, "title": title} for i, title in threads.items()],
        "posts": [
            {
                "id": p.id,
                "thread_id": p.thread_id,
                "body": p.body,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
            }
            for p in posts
        ],
        "notifications": [
            {"kind": n.kind, "text": n.text, "created_at": n.created_at.isoformat()} for n in notes
        ],
    }


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    """Detach the pseudonym from the account; remove or keep the posts as the member chose.

    Posts stay as rows either way, so that replies of others keep their place; with
    "remove" their text and thread titles are deleted, with "anonymise" the text stays
    under "verwijderd lid". Reports and notifications of the member are deleted; queue
    copies of held texts are emptied with "remove".
    """
    member = await session.scalar(select(Member).where(Member.user_id == user_id))
    if member is None:
        return
    member.user_id = None
    member.handle = texts.ERASED_HANDLE
    member.handle_key = f"verwijderd-{member.id}"[:30]
    member.badge = None
    if member.on_leave == "remove":
        for post in await session.scalars(select(Post).where(Post.author_id == member.id)):
            await delete_post(session, post)
        for thread in await session.scalars(select(Thread).where(Thread.author_id == member.id)):
            thread.title = texts.ERASED_TITLE
        for item in await session.scalars(
            select(ModerationItem).where(ModerationItem.member_id == member.id)
        ):
            item.text, item.appeal_text, item.spans = "", None, []
    await session.execute(delete(Report).where(Report.member_id == member.id))
    await session.execute(delete(Notification).where(Notification.member_id == member.id))

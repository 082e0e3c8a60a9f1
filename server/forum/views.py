"""Rows to wire structs. Authors appear as member id + handle + badge, nothing more."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import forum as api
from server.forum import texts
from server.forum.models import Member, Post, Reaction, Thread

REACTION_KINDS = ("herkenbaar", "sterkte", "dank-je")
EXCERPT = 200


async def authors(session: AsyncSession, ids: Iterable[str]) -> dict[str, api.Author]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(Member).where(Member.id.in_(wanted)))
    return {m.id: api.Author(member_id=m.id, handle=m.handle, badge=m.badge) for m in rows}


async def post_views(
    session: AsyncSession, rows: list[Post], viewer: Member | None
) -> list[api.Post]:
    """Posts with reaction counts, my reactions and quotes, in as few queries as possible."""
    if not rows:
        return []
    ids = [p.id for p in rows]
    counts: dict[str, dict[str, int]] = {i: dict.fromkeys(REACTION_KINDS, 0) for i in ids}
    for post_id, kind, n in await session.execute(
        select(Reaction.post_id, Reaction.kind, func.count())
        .where(Reaction.post_id.in_(ids))
        .group_by(Reaction.post_id, Reaction.kind)
    ):
        counts[post_id][kind] = n
    mine: dict[str, list[str]] = {}
    if viewer is not None:
        for post_id, kind in await session.execute(
            select(Reaction.post_id, Reaction.kind).where(
                Reaction.post_id.in_(ids), Reaction.member_id == viewer.id
            )
        ):
            mine.setdefault(post_id, []).append(kind)
    quote_ids = {p.quote_post_id for p in rows if p.quote_post_id}
    quoted = (
        {q.id: q for q in await session.scalars(select(Post).where(Post.id.in_(quote_ids)))}
        if quote_ids
        else {}
    )
    people = await authors(
        session, {p.author_id for p in rows} | {q.author_id for q in quoted.values()}
    )
    return [_post(p, people, counts[p.id], mine.get(p.id, []), quoted, viewer) for p in rows]


def _post(
    post: Post,
    people: dict[str, api.Author],
    counts: dict[str, int],
    mine: list[str],
    quoted: dict[str, Post],
    viewer: Member | None,
) -> api.Post:
    quote = None
    if post.quote_post_id:
        source = quoted.get(post.quote_post_id)
        if source is not None and source.status == "visible":
            quote = api.Quote(
                post_id=source.id,
                author=people.get(source.author_id),
                excerpt=source.body[:EXCERPT],
            )
        else:
            quote = api.Quote(post_id=post.quote_post_id, author=None, excerpt="")
    own = viewer is not None and viewer.id == post.author_id
    return api.Post(
        id=post.id,
        thread_id=post.thread_id,
        author=people[post.author_id],
        body=post.body,
        created_at=post.created_at,
        status=post.status,  # type: ignore[arg-type]
        status_text=texts.STATUS_TEXT.get(post.status),
        removal_reason=post.removal_reason if own and post.status == "removed" else None,
        can_appeal=own and post.status == "removed" and post.appealed_at is None,
        edited_at=post.edited_at,
        quote=quote,
        reactions=counts,
        my_reactions=sorted(mine),  # type: ignore[arg-type]
    )


async def thread_views(
    session: AsyncSession, rows: list[Thread], viewer: Member | None
) -> list[api.Thread]:
    if not rows:
        return []
    ids = [t.id for t in rows]
    visible = dict(
        (
            await session.execute(
                select(Post.thread_id, func.count())
                .where(Post.thread_id.in_(ids), Post.status == "visible")
                .group_by(Post.thread_id)
            )
        ).all()
    )
    people = await authors(session, {t.author_id for t in rows})
    return [
        api.Thread(
            id=t.id,
            board_id=t.board_id,
            title=t.title,
            author=people[t.author_id],
            created_at=t.created_at,
            last_post_at=t.last_post_at,
            # Replies everyone can see (the opening post not counted).
            reply_count=max(0, visible.get(t.id, 0) - (1 if t.status == "visible" else 0)),
            status=t.status,  # type: ignore[arg-type]
            status_text=texts.STATUS_TEXT.get(t.status),
        )
        for t in rows
    ]

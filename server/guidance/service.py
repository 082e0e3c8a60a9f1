"""Guidance: the content library, its search index, and feedback on guides.

The library (``content/``) is read once at start-up and checked like ``roer content
check``; broken content stops the server. The search index is rebuilt only when the
content's hash differs from the one recorded in ``guidance_index_state``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from client_api.schema import guidance as api
from content.check import check_library
from content.loader import Library, load_library
from moderation import Context, Verdict, screen
from server.core import access
from server.core.auth import Actor
from server.core.clock import age_on
from server.core.errors import not_found
from server.core.pagination import decode_cursor, encode_cursor, keyset_page, newest_first
from server.guidance import search, texts, views
from server.guidance.models import GuideFeedback, SearchIndexState
from server.settings import Settings

log = logging.getLogger("roer.guidance")

# None: the shipped content. Tests point it elsewhere to start the server on other content.
CONTENT_ROOT: Path | None = None
INDEX_NAME = "guides"
_current: Library | None = None


class ContentBroken(RuntimeError):
    """The content has problems; the message lists them as ``roer content check`` does."""


def load_checked_library(root: Path | None = None) -> Library:
    """The library, if ``roer content check`` finds nothing wrong; else ContentBroken."""
    problems = check_library(root)
    if problems:
        lines = "\n".join(str(problem) for problem in problems)
        raise ContentBroken(f"{texts.CONTENT_BROKEN}\n{lines}")
    return load_library(root)


async def start(sessionmaker: async_sessionmaker[AsyncSession], now: dt.datetime) -> Library:
    """Load and check the content, and bring the search index up to date (start-up)."""
    global _current
    library = load_checked_library(CONTENT_ROOT)
    async with sessionmaker() as session:
        rebuilt = await ensure_index(session, library, now)
        await session.commit()
    if rebuilt:
        log.info("search index rebuilt for content %s", library.content_hash[:12])
    _current = library
    return library


def current_library() -> Library:
    """The library the server runs on (loaded on first use outside a running server)."""
    global _current
    if _current is None:
        _current = load_library(CONTENT_ROOT)
    return _current


# --- search index -------------------------------------------------------------------------


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def ensure_index(session: AsyncSession, library: Library, now: dt.datetime) -> bool:
    """Rebuild the index if the content changed since it was built; True when rebuilt.

    The state row is locked (PostgreSQL) so that several processes starting together
    build it once; on SQLite the single writer connection serialises them anyway.
    """
    state = await session.get(SearchIndexState, INDEX_NAME, with_for_update=True)
    if state is None:
        state = SearchIndexState(name=INDEX_NAME, content_hash="", built_at=None)
        session.add(state)
    if state.content_hash == library.content_hash:
        return False
    await session.execute(text("DELETE FROM guide_search"))
    rows = []
    for guide in library.guides.values():
        parts = search.guide_texts(guide)
        rows.append(
            {
                "slug": guide.slug,
                "title": parts.title,
                "keywords": parts.keywords,
                "summary": parts.summary,
                "body": parts.body,
            }
        )
    if _dialect(session) == "postgresql":
        insert = text(
            "INSERT INTO guide_search (slug, document) VALUES (:slug, "
            "setweight(to_tsvector('dutch', :title), 'A') || "
            "setweight(to_tsvector('dutch', :keywords), 'B') || "
            "setweight(to_tsvector('dutch', :summary), 'C') || "
            "setweight(to_tsvector('dutch', :body), 'D'))"
        )
    else:
        rows = [
            {k: v if k == "slug" else search.stemmed(v) for k, v in row.items()} for row in rows
        ]
        insert = text(
            "INSERT INTO guide_search (slug, title, keywords, summary, body) "
            "VALUES (:slug, :title, :keywords, :summary, :body)"
        )
    if rows:
        await session.execute(insert, rows)
    state.content_hash = library.content_hash
    state.built_at = now
    return True


async def _ranked_slugs(session: AsyncSession, terms: list[search.Term]) -> list[str]:
    """Slugs of guides matching any term, best first (title > keywords > summary > body)."""
    if _dialect(session) == "postgresql":
        sql = text(
            "SELECT slug FROM guide_search, to_tsquery('dutch', :q) AS query "
            "WHERE document @@ query "
            "ORDER BY ts_rank(document, query) DESC, slug"
        )
        params = {"q": search.tsquery(terms)}
    else:
        sql = text(
            "SELECT slug FROM guide_search WHERE guide_search MATCH :q "
            "ORDER BY bm25(guide_search, 0.0, 10.0, 5.0, 2.0, 1.0), slug"
        )
        params = {"q": search.fts5_query(terms)}
    return list((await session.scalars(sql, params)).all())


def _fits(guide: Any, topic: str | None, domain: str | None, audience: str | None) -> bool:
    if topic is not None and topic not in guide.topics:
        return False
    if domain is not None and domain not in guide.big5:
        return False
    # "jongere" also finds guides for both; "beide" only those written for both.
    return audience is None or guide.audience in (audience, "beide")


async def search_guides(
    session: AsyncSession,
    library: Library,
    *,
    q: str | None,
    topic: str | None,
    domain: str | None,
    audience: str | None,
    cursor: str | None,
    limit: int,
) -> api.GuideList:
    """Guides matching ``q`` (ranked, with snippets), or all guides by title without ``q``."""
    offset = (decode_cursor(cursor, 1, (int,)) or [0])[0]
    if not isinstance(offset, int) or offset < 0:
        offset = 0
    terms = search.query_terms(q or "")
    if q and q.strip():
        slugs = await _ranked_slugs(session, terms) if terms else []
    else:
        slugs = sorted(library.guides, key=lambda s: library.guides[s].title.casefold())
    guides = [
        library.guides[slug]
        for slug in slugs
        if slug in library.guides and _fits(library.guides[slug], topic, domain, audience)
    ]
    page = guides[offset : offset + limit]
    items = [
        views.guide_summary(
            guide, search.snippet(search.guide_texts(guide), terms) if terms else None
        )
        for guide in page
    ]
    more = offset + limit < len(guides)
    return api.GuideList(items=items, next_cursor=encode_cursor(offset + limit) if more else None)


# --- reading ------------------------------------------------------------------------------


def guide(library: Library, slug: str) -> api.Guide:
    if slug not in library.guides:
        raise not_found(texts.GUIDE_NOT_FOUND)
    return views.guide(library, slug)


def pathways(library: Library) -> api.PathwayList:
    ordered = sorted(library.pathways.values(), key=lambda p: p.title.casefold())
    return api.PathwayList(items=[views.pathway_summary(p) for p in ordered])


def pathway(library: Library, slug: str) -> api.Pathway:
    if slug not in library.pathways:
        raise not_found(texts.PATHWAY_NOT_FOUND)
    return views.pathway(library, slug)


def guides_for_domain(domain_id: str, library: Library | None = None) -> list[str]:
    """Slugs of the guides about one BIG5 domain (front matter ``big5``), by title."""
    lib = library or current_library()
    found = [g for g in lib.guides.values() if domain_id in g.big5]
    return [g.slug for g in sorted(found, key=lambda g: g.title.casefold())]


def guides_for_board(board_slug: str, library: Library | None = None) -> list[str]:
    """Slugs of the guides that point to one forum board (front matter ``forum_boards``)."""
    lib = library or current_library()
    found = [g for g in lib.guides.values() if board_slug in g.forum_boards]
    return [g.slug for g in sorted(found, key=lambda g: g.title.casefold())]


# --- feedback -----------------------------------------------------------------------------


def _existing_guide(library: Library, slug: str) -> None:
    if slug not in library.guides:
        raise not_found(texts.GUIDE_NOT_FOUND)


def _screen(comment: str, actor: Actor, today: dt.date) -> Verdict:
    age = age_on(actor.birth_date, today) if actor.birth_date else None
    return screen(comment, Context(kind="feedback", author_age=age))


async def _upsert_feedback(
    session: AsyncSession,
    actor: Actor,
    slug: str,
    helpful: bool,
    comment: str | None,
    status: str,
    now: dt.datetime,
) -> tuple[GuideFeedback, bool]:
    """Insert or replace the one row per person per guide; (row, replaced)."""
    query = select(GuideFeedback).where(
        GuideFeedback.guide_slug == slug, GuideFeedback.user_id == actor.id
    )
    row = await session.scalar(query)
    if row is None:
        row = GuideFeedback(
            guide_slug=slug,
            user_id=actor.id,
            helpful=helpful,
            comment=comment,
            comment_status=status,
            created_at=now,
            updated_at=now,
        )
        try:
            async with session.begin_nested():
                session.add(row)
        except IntegrityError:
            # The same person sent twice at once: the other request won; replace its answer.
            row = await session.scalar(query)
            if row is None:
                raise
        else:
            return row, False
    row.helpful, row.comment, row.comment_status, row.updated_at = helpful, comment, status, now
    return row, True


async def submit_feedback(
    session: AsyncSession,
    actor: Actor,
    library: Library,
    slug: str,
    data: api.FeedbackCreate,
    *,
    now: dt.datetime,
    today: dt.date,
    settings: Settings,
    tz: dt.tzinfo,
) -> api.FeedbackResult:
    """Store helpful yes/no and a screened comment; sending again replaces the earlier one.

    A comment is kept only when screening allows it and gives no signposts. Anything held
    or blocked (personal details, abuse) or written in crisis is not stored as text: guide
    feedback is read by editors days later, so it is the wrong place to keep it. Crisis
    language gets the writer the signposts at once and alerts a youth's casemanager.
    """
    _existing_guide(library, slug)
    comment = (data.comment or "").strip() or None
    status, message, signposts, crisis = "none", None, [], False
    if comment is not None:
        verdict = _screen(comment, actor, today)
        signposts = [
            api.Signpost(name=s.name, phone=s.phone, url=s.url, hours=s.hours, text=s.text)
            for s in verdict.signposts
        ]
        crisis = any(reason.startswith("crisis.") for reason in verdict.reasons)
        if verdict.decision == "allow" and not signposts:
            status = "stored"
        else:
            status, message = (
                "withheld",
                texts.COMMENT_CRISIS if signposts else texts.COMMENT_WITHHELD,
            )
    kept = comment if status == "stored" else None
    row, replaced = await _upsert_feedback(session, actor, slug, data.helpful, kept, status, now)
    if crisis:
        await _crisis_alert(session, actor, row.id, now=now, settings=settings, tz=tz)
    return api.FeedbackResult(
        guide_slug=slug,
        helpful=data.helpful,
        comment_status=status,  # type: ignore[arg-type]
        replaced=replaced,
        message=message,
        signposts=signposts,
    )


async def _crisis_alert(
    session: AsyncSession,
    actor: Actor,
    feedback_id: str,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> None:
    from server.alerts.service import raise_alert

    if actor.role != "youth":
        return
    case = await access.open_case_of_youth(session, actor.id)
    if case is None:
        return
    await raise_alert(
        session,
        case=case,
        rule="crisis",
        urgent=True,
        now=now,
        settings=settings,
        tz=tz,
        detail=texts.CRISIS_ALERT_DETAIL,
        source=f"guide-feedback:{feedback_id}",
    )


async def _counts(session: AsyncSession, slug: str | None = None) -> dict[str, dict[str, int]]:
    query = select(
        GuideFeedback.guide_slug, GuideFeedback.helpful, GuideFeedback.comment_status, func.count()
    ).group_by(GuideFeedback.guide_slug, GuideFeedback.helpful, GuideFeedback.comment_status)
    if slug is not None:
        query = query.where(GuideFeedback.guide_slug == slug)
    counts: dict[str, dict[str, int]] = {}
    for guide_slug, helpful, status, n in await session.execute(query):
        entry = counts.setdefault(
            guide_slug, {"helpful": 0, "not_helpful": 0, "stored": 0, "withheld": 0}
        )
        entry["helpful" if helpful else "not_helpful"] += n
        if status in ("stored", "withheld"):
            entry[status] += n
    return counts


async def guide_feedback(
    session: AsyncSession, library: Library, slug: str, cursor: str | None, limit: int
) -> api.GuideFeedback:
    """Counts and comments on one guide, newest first, without who wrote them."""
    _existing_guide(library, slug)
    counts = (await _counts(session, slug)).get(slug, {})
    query = select(GuideFeedback).where(
        GuideFeedback.guide_slug == slug, GuideFeedback.comment_status == "stored"
    )
    order = newest_first(GuideFeedback.updated_at, GuideFeedback.id)
    rows, next_cursor = await keyset_page(session, query, order, cursor, limit)
    return api.GuideFeedback(
        slug=slug,
        title=library.guides[slug].title,
        helpful=counts.get("helpful", 0),
        not_helpful=counts.get("not_helpful", 0),
        withheld_comments=counts.get("withheld", 0),
        items=[
            api.FeedbackComment(
                helpful=row.helpful, comment=row.comment or "", date=row.updated_at.date()
            )
            for row in rows
        ],
        next_cursor=next_cursor,
    )


async def feedback_overview(session: AsyncSession, library: Library) -> api.FeedbackOverview:
    """Counts per guide for editors; every guide, most 'not helpful' first."""
    counts = await _counts(session)
    items = [
        api.FeedbackCount(
            slug=g.slug,
            title=g.title,
            helpful=counts.get(g.slug, {}).get("helpful", 0),
            not_helpful=counts.get(g.slug, {}).get("not_helpful", 0),
            comments=counts.get(g.slug, {}).get("stored", 0),
        )
        for g in library.guides.values()
    ]
    items.sort(key=lambda c: (-c.not_helpful, -c.helpful, c.title.casefold()))
    return api.FeedbackOverview(items=items)


# --- privacy ------------------------------------------------------------------------------


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """The person's own feedback on guides."""
    rows = await session.scalars(
        select(GuideFeedback)
        .where(GuideFeedback.user_id == user_id)
        .order_by(GuideFeedback.created_at)
    )
    return {
        "guide_feedback": [
            {
                "guide": row.guide_slug,
                "helpful": row.helpful,
                "comment": row.comment,
                "comment_status": row.comment_status,
                "created_at": row.created_at.isoformat(),
                "updated_at": row.updated_at.isoformat(),
            }
            for row in rows
        ]
    }


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    """Delete the person's feedback (counts drop with it: it was their opinion)."""
    await session.execute(delete(GuideFeedback).where(GuideFeedback.user_id == user_id))

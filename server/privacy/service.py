"""Sharing choices and the youth's own view of the access log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import privacy as api
from server.accounts.models import User
from server.core.access import SHAREABLE, age_band, effective_level
from server.core.audit import AccessLog
from server.core.auth import Actor
from server.core.clock import age_on
from server.core.errors import forbidden, invalid
from server.core.pagination import decode_cursor, encode_cursor
from server.privacy import texts
from server.privacy.models import SharingChoice

AUDIENCES = ("parent", "support_person")


async def sharing(session: AsyncSession, actor: Actor, today: dt.date) -> api.Sharing:
    """The youth's rules per category and audience, with where each comes from."""
    if actor.role != "youth":
        raise forbidden("Alleen een jongere heeft deelinstellingen.")
    age = age_on(actor.birth_date, today) if actor.birth_date else None
    choices = {
        (c.category, c.audience): c.level
        for c in await session.scalars(
            select(SharingChoice).where(SharingChoice.youth_id == actor.id)
        )
    }
    rules = []
    for category in sorted(SHAREABLE):
        for audience in AUDIENCES:
            choice = choices.get((category, audience))
            level = effective_level(audience, category, age, True, choice)
            rules.append(
                api.SharingRule(
                    category=category,  # type: ignore[arg-type]
                    audience=audience,  # type: ignore[arg-type]
                    level=level,
                    source="keuze" if choice is not None and choice == level else "leeftijd",
                )
            )
    band = age_band(age)
    return api.Sharing(age_band=band, explanation=texts.BAND_EXPLANATION[band], rules=rules)


async def update_sharing(
    session: AsyncSession, actor: Actor, data: api.SharingUpdate, now: dt.datetime
) -> None:
    if actor.role != "youth":
        raise forbidden("Alleen een jongere heeft deelinstellingen.")
    for index, choice in enumerate(data.choices):
        if choice.audience == "support_person" and choice.category not in ("big5", "plans"):
            raise invalid(
                f"choices.{index}.category",
                "Met een steunfiguur kun je alleen je BIG5 en plannen delen.",
            )
        await session.execute(
            delete(SharingChoice).where(
                SharingChoice.youth_id == actor.id,
                SharingChoice.category == choice.category,
                SharingChoice.audience == choice.audience,
            )
        )
        if choice.level is not None:
            session.add(
                SharingChoice(
                    youth_id=actor.id,
                    category=choice.category,
                    audience=choice.audience,
                    level=choice.level,
                    updated_at=now,
                )
            )


async def access_log(
    session: AsyncSession, actor: Actor, cursor: str | None, limit: int
) -> api.AccessLogPage:
    """Who looked at or changed my data, newest first, in plain Dutch."""
    query = select(AccessLog).where(AccessLog.subject_id == actor.id)
    after = decode_cursor(cursor, 1, (int,))
    if after is not None:
        query = query.where(AccessLog.id < after[0])
    rows = list(await session.scalars(query.order_by(AccessLog.id.desc()).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].id)
    actor_ids = {r.actor_id for r in rows if r.actor_id}
    names = {
        u.id: u.display_name
        for u in await session.scalars(select(User).where(User.id.in_(actor_ids)))
    }
    items = []
    for row in rows:
        who = texts.actor_label(row.actor_role, names.get(row.actor_id or ""))
        items.append(
            api.AccessLogEntry(
                at=row.at,
                actor_role=row.actor_role,
                actor=who,
                resource=row.resource,
                action=row.action,
                purpose=row.purpose,
                text=texts.sentence(who, row.action, row.resource, row.purpose),
            )
        )
    return api.AccessLogPage(items=items, next_cursor=next_cursor)

"""Sharing choices and the youth's own view of the access log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import privacy as api
from server.accounts.models import Case, CaseParent, User
from server.core.access import SHAREABLE, age_band, effective_level
from server.core.audit import AccessLog
from server.core.auth import Actor
from server.core.clock import age_on, birthday
from server.core.errors import forbidden, invalid
from server.core.pagination import SortKey, keyset_page
from server.notifications.service import enqueue
from server.privacy import texts
from server.privacy.models import AgeTransition, SharingChoice
from server.settings import Settings

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
    session: AsyncSession, actor: Actor, cursor: str | None, limit: int, tz: dt.tzinfo = dt.UTC
) -> api.AccessLogPage:
    """Who looked at or changed my data, newest first, in plain Dutch."""
    query = select(AccessLog).where(AccessLog.subject_id == actor.id)
    order = (SortKey(AccessLog.id, descending=True),)
    rows, next_cursor = await keyset_page(session, query, order, cursor, limit)
    names = await _names(session, {r.actor_id for r in rows if r.actor_id})
    items = [api.AccessLogEntry(**_entry(row, names, tz)) for row in rows]
    return api.AccessLogPage(items=items, next_cursor=next_cursor)


async def _names(session: AsyncSession, ids: set[str]) -> dict[str, str | None]:
    return {
        u.id: u.display_name for u in await session.scalars(select(User).where(User.id.in_(ids)))
    }


def _entry(row: AccessLog, names: dict[str, str | None], tz: dt.tzinfo) -> dict[str, Any]:
    who = texts.actor_label(row.actor_role, names.get(row.actor_id or ""))
    return {
        "at": row.at,
        "actor_role": row.actor_role,
        "actor": who,
        "resource": row.resource,
        "action": row.action,
        "purpose": row.purpose,
        "text": texts.sentence(
            who, row.action, row.resource, row.purpose, at=row.at, tz=tz, detail=row.detail
        ),
    }


# --- the age boundaries of the sharing rules (12 and 16) ------------------------------------

BOUNDARIES = (12, 16)
# A birthday is still noticed if the daily job missed a few days.
CATCH_UP_DAYS = 7


def _years_back(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


async def _choices(session: AsyncSession, youth_id: str) -> dict[str, str]:
    rows = await session.scalars(
        select(SharingChoice).where(
            SharingChoice.youth_id == youth_id, SharingChoice.audience == "parent"
        )
    )
    return {c.category: c.level for c in rows}


def changes(age: int, choices: dict[str, str]) -> list[tuple[str, str, str]]:
    """(category, level before, level after) for a parent with authority, per category
    whose level changes on turning ``age``."""
    result: list[tuple[str, str, str]] = []
    for category in sorted(SHAREABLE):
        before = effective_level("parent", category, age - 1, True, choices.get(category))
        after = effective_level("parent", category, age, True, choices.get(category))
        if before != after:
            result.append((category, before, after))
    return result


async def notice_age_transitions(
    session: AsyncSession, now: dt.datetime, *, settings: Settings, tz: dt.tzinfo
) -> int:
    """Tell youths who turned 12 or 16 (and their parents with authority) how the sharing
    rules changed for them. Once per youth per boundary. Returns how many were told."""
    today = now.astimezone(tz).date()
    told = 0
    for age in BOUNDARIES:
        newest = _years_back(today, age)
        candidates = await session.scalars(
            select(User).where(
                User.role == "youth",
                User.birth_date.is_not(None),
                User.birth_date <= newest + dt.timedelta(days=1),
                User.birth_date >= newest - dt.timedelta(days=CATCH_UP_DAYS + 2),
            )
        )
        for youth in list(candidates):
            assert youth.birth_date is not None
            day = birthday(youth.birth_date, age)
            account_since = youth.created_at.astimezone(tz).date()
            if not (today - dt.timedelta(days=CATCH_UP_DAYS) <= day <= today):
                continue
            if account_since >= day:
                continue  # they never lived under the old rule on Roer
            if await session.get(AgeTransition, (youth.id, age)) is not None:
                continue
            session.add(AgeTransition(youth_id=youth.id, age=age, birthday=day, noticed_at=now))
            await _tell_age_change(session, youth, age, now=now, settings=settings, tz=tz)
            told += 1
    return told


async def _tell_age_change(
    session: AsyncSession,
    youth: User,
    age: int,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> None:
    changed = changes(age, await _choices(session, youth.id))
    youth_text, parent_text = texts.age_change(age, changed)
    messages = [(youth.id, youth_text)]
    case = await session.scalar(
        select(Case).where(Case.youth_id == youth.id, Case.closed_at.is_(None))
    )
    if case is not None:
        parents = await session.scalars(
            select(CaseParent.parent_id).where(
                CaseParent.case_id == case.id, CaseParent.has_authority.is_(True)
            )
        )
        messages += [(parent_id, parent_text) for parent_id in parents]
    for user_id, (title, body) in messages:
        await enqueue(
            session,
            user_id=user_id,
            kind=f"sharing_age_{age}",
            title=title,
            body=body,
            now=now,
            settings=settings,
            tz=tz,
            dedup_key=f"age{age}:{youth.id}:{user_id}",
        )


# --- export and erasure ----------------------------------------------------------------------


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """Sharing choices, the access log about me (as sentences) and age transitions."""
    user = await session.get(User, user_id)
    if user is None:
        return {}
    choices = await session.scalars(select(SharingChoice).where(SharingChoice.youth_id == user_id))
    log_rows = list(
        await session.scalars(
            select(AccessLog).where(AccessLog.subject_id == user_id).order_by(AccessLog.id)
        )
    )
    names = await _names(session, {r.actor_id for r in log_rows if r.actor_id})
    transitions = await session.scalars(
        select(AgeTransition).where(AgeTransition.youth_id == user_id)
    )
    return {
        "sharing": [
            {"category": c.category, "audience": c.audience, "level": c.level, "at": c.updated_at}
            for c in choices
        ],
        "access_log": [_entry(r, names, texts.TZ) for r in log_rows],
        "age_transitions": [{"age": t.age, "birthday": t.birthday} for t in transitions],
    }


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    """Sharing choices and age transitions go. The access log stays (NEN 7513: at least five
    years, content-free, with the id that no longer leads to anyone)."""
    await session.execute(delete(SharingChoice).where(SharingChoice.youth_id == user_id))
    await session.execute(delete(AgeTransition).where(AgeTransition.youth_id == user_id))

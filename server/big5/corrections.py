"""Corrections of a casemanager's BIG5 view (one domain entry of their assessment).

The correction request itself lives in the youth-care file (``server/notes``, table
``corrections``, target "big5_view"); this module is the BIG5 side of it: which entry may
be named, changing it in place (no earlier version is kept anywhere), and the youth's
statement shown with the entry after a declined request.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import big5 as api
from server.big5 import texts
from server.big5.models import Assessment, DomainEntry, ViewStatement
from server.big5.service import entry_view
from server.core.errors import conflict, invalid


async def correctable_entry(session: AsyncSession, youth_id: str, entry_id: str) -> DomainEntry:
    """A casemanager's entry about this youth; anything else is 422 on ``target_id`` (the
    same answer whether the entry is someone else's or does not exist)."""
    entry = await session.get(DomainEntry, entry_id)
    if entry is None or entry.youth_id != youth_id or entry.side != "casemanager":
        raise invalid("target_id", texts.NOT_YOUR_VIEW)
    return entry


async def apply_correction(
    session: AsyncSession, entry_id: str, data: api.Big5ViewCorrection, now: dt.datetime
) -> DomainEntry:
    """Overwrite the entry with the corrected version. The row is updated in place; the
    storage scrub (a ScrubRequest, added by the caller) removes the old row version."""
    entry = await session.get(DomainEntry, entry_id)
    if entry is None:
        raise conflict(texts.VIEW_GONE)
    allowed = {key for key, _ in texts.DOMAINS[entry.domain].parts}
    for key in data.parts:
        if key not in allowed:
            raise invalid(f"big5_view.parts.{key}", texts.UNKNOWN_PART)
    entry.status = data.status
    entry.parts = dict(data.parts)
    entry.note = data.note
    entry.corrected_count = (entry.corrected_count or 0) + 1
    entry.last_corrected_at = now
    return entry


# --- the youth's statements ------------------------------------------------------------


def statement_view(row: ViewStatement) -> api.ViewStatement:
    return api.ViewStatement(
        id=row.id, correction_id=row.correction_id, body=row.body, created_at=row.created_at
    )


async def statement_of(session: AsyncSession, correction_id: str) -> ViewStatement | None:
    return await session.scalar(
        select(ViewStatement).where(ViewStatement.correction_id == correction_id)
    )


async def add_statement(
    session: AsyncSession,
    *,
    entry_id: str,
    correction_id: str,
    author_id: str,
    body: str,
    now: dt.datetime,
) -> ViewStatement:
    if await session.get(DomainEntry, entry_id) is None:
        raise conflict(texts.VIEW_GONE)
    row = ViewStatement(
        entry_id=entry_id,
        correction_id=correction_id,
        author_id=author_id,
        body=body,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def statements_of(
    session: AsyncSession, entry_ids: list[str]
) -> dict[str, list[api.ViewStatement]]:
    """Statements per entry, oldest first."""
    result: dict[str, list[api.ViewStatement]] = {}
    if not entry_ids:
        return result
    rows = await session.scalars(
        select(ViewStatement)
        .where(ViewStatement.entry_id.in_(entry_ids))
        .order_by(ViewStatement.created_at, ViewStatement.id)
    )
    for row in rows:
        result.setdefault(row.entry_id, []).append(statement_view(row))
    return result


# --- the file's lifecycle --------------------------------------------------------------


async def destroy_casemanager_views(session: AsyncSession, youth_id: str) -> int:
    """Delete every casemanager assessment of the youth (entries and statements go with
    them): part of destroying the youth-care file. Returns the assessments deleted."""
    ids = list(
        await session.scalars(
            select(Assessment.id).where(
                Assessment.youth_id == youth_id, Assessment.side == "casemanager"
            )
        )
    )
    if ids:
        entries = select(DomainEntry.id).where(DomainEntry.assessment_id.in_(ids))
        await session.execute(delete(ViewStatement).where(ViewStatement.entry_id.in_(entries)))
        await session.execute(delete(DomainEntry).where(DomainEntry.assessment_id.in_(ids)))
        await session.execute(delete(Assessment).where(Assessment.id.in_(ids)))
    return len(ids)


async def targets(session: AsyncSession, entry_ids: list[str]) -> dict[str, api.DomainAssessment]:
    """The current casemanager entries named by corrections (for the casemanager's console)."""
    if not entry_ids:
        return {}
    rows = await session.scalars(
        select(DomainEntry).where(DomainEntry.id.in_(entry_ids), DomainEntry.side == "casemanager")
    )
    return {row.id: entry_view(row, True) for row in rows}

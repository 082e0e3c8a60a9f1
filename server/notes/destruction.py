"""Requests to destroy a youth-care file: asked by the youth (or a parent of a child under
12), decided by the organisation within a term, carried out as thoroughly as a correction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import notes as api
from server.accounts.models import Case, CaseParent
from server.core import audit
from server.core.auth import Actor
from server.core.errors import conflict, not_found
from server.notes import texts
from server.notes.lifecycle import destroy_file
from server.notes.models import DestructionRequest
from server.notes.service import _notify, ensure_not_retained
from server.settings import Settings


def view(row: DestructionRequest, now: dt.datetime, tz: dt.tzinfo) -> api.DestructionRequest:
    deadline = row.decide_before.astimezone(tz).date()
    return api.DestructionRequest(
        id=row.id,
        case_id=row.case_id,
        requester_role=row.requester_role,
        status=row.status,  # type: ignore[arg-type]
        explanation=row.explanation,
        created_at=row.created_at,
        decide_before=row.decide_before,
        overdue=row.status == "open" and row.decide_before < now,
        decided_at=row.decided_at,
        refusal_kind=row.refusal_kind,  # type: ignore[arg-type]
        refusal_reason=row.refusal_reason,
        status_text=texts.destruction_status(row.status, deadline, row.refusal_kind),
    )


async def request(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    explanation: str | None,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> DestructionRequest:
    """Ask for the file to be destroyed; one open request per case."""
    await ensure_not_retained(session, case.id)
    open_one = await session.scalar(
        select(DestructionRequest.id).where(
            DestructionRequest.case_id == case.id, DestructionRequest.status == "open"
        )
    )
    if open_one is not None:
        raise conflict("Er loopt al een verzoek om dit dossier te vernietigen.")
    row = DestructionRequest(
        case_id=case.id,
        requested_by=actor.id,
        requester_role=actor.role,
        explanation=explanation,
        status="open",
        created_at=now,
        decide_before=now + dt.timedelta(days=settings.destruction_decision_days),
    )
    session.add(row)
    await session.flush()
    await _notify(
        session,
        case.casemanager_id,
        "destruction_requested",
        texts.DESTRUCTION_REQUESTED,
        now=now,
        settings=settings,
        tz=tz,
        label=case.label,
        deadline=texts.date_nl(row.decide_before.astimezone(tz).date()),
    )
    return row


async def mine(session: AsyncSession, actor: Actor) -> list[DestructionRequest]:
    """Requests I made, and (for a youth) requests about my own file."""
    own_case = select(Case.id).where(Case.youth_id == actor.id).scalar_subquery()
    query = select(DestructionRequest).where(
        or_(DestructionRequest.requested_by == actor.id, DestructionRequest.case_id == own_case)
        if actor.role == "youth"
        else DestructionRequest.requested_by == actor.id
    )
    return list(await session.scalars(query.order_by(DestructionRequest.created_at.desc())))


async def of_case(session: AsyncSession, case_id: str) -> list[DestructionRequest]:
    return list(
        await session.scalars(
            select(DestructionRequest)
            .where(DestructionRequest.case_id == case_id)
            .order_by(DestructionRequest.created_at.desc())
        )
    )


async def get(session: AsyncSession, request_id: str) -> DestructionRequest:
    row = await session.get(DestructionRequest, request_id)
    if row is None:
        raise not_found("Dit verzoek bestaat niet.")
    return row


async def _tell_family(
    session: AsyncSession,
    row: DestructionRequest,
    kind: str,
    message: tuple[str, str],
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
    **values: str,
) -> None:
    """The requester and the youth (when someone else asked) hear the outcome."""
    case = await session.get(Case, row.case_id)
    people = {row.requested_by, case.youth_id if case else None}
    for user_id in sorted(p for p in people if p):
        await _notify(session, user_id, kind, message, now=now, settings=settings, tz=tz, **values)


async def approve(
    session: AsyncSession,
    actor: Actor,
    row: DestructionRequest,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> DestructionRequest:
    """Destroy the file; only the content-free fact stays in the access log."""
    if row.status != "open":
        raise conflict("Over dit verzoek is al beslist.")
    count = await destroy_file(session, row.case_id, now)
    row.status, row.decided_at, row.decided_by = "approved", now, actor.id
    row.explanation = None  # the youth's reasons were part of the file's story
    case = await session.get(Case, row.case_id)
    await audit.append(
        session,
        at=now,
        actor_id=actor.id,
        actor_role=actor.role,
        subject_id=(case.youth_id if case and case.youth_id else row.case_id),
        resource="notes",
        action="destroy",
        purpose="Dossier vernietigd op verzoek",
        detail=f"request={row.id} notes={count}",
    )
    await _tell_family(
        session,
        row,
        "destruction_approved",
        texts.DESTRUCTION_APPROVED,
        now=now,
        settings=settings,
        tz=tz,
    )
    return row


async def refuse(
    session: AsyncSession,
    actor: Actor,
    row: DestructionRequest,
    data: api.DestructionRefuse,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> DestructionRequest:
    if row.status != "open":
        raise conflict("Over dit verzoek is al beslist.")
    row.status, row.decided_at, row.decided_by = "refused", now, actor.id
    row.refusal_kind, row.refusal_reason = data.reason_kind, data.reason
    await _tell_family(
        session,
        row,
        "destruction_refused",
        texts.DESTRUCTION_REFUSED,
        now=now,
        settings=settings,
        tz=tz,
        ground=texts.REFUSAL_KINDS[data.reason_kind],
    )
    return row


async def parent_cases(session: AsyncSession, parent_id: str) -> list[str]:
    return list(
        await session.scalars(select(CaseParent.case_id).where(CaseParent.parent_id == parent_id))
    )

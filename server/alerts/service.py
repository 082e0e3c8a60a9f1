"""Raising, listing, acknowledging, resolving and escalating alerts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import alerts as api
from server.accounts.models import Case, User
from server.alerts import texts
from server.alerts.models import Alert
from server.core.access import log_access, require_staff_mfa
from server.core.auth import Actor
from server.core.errors import conflict, not_found
from server.notifications.service import enqueue
from server.settings import Settings


async def raise_alert(
    session: AsyncSession,
    *,
    case: Case,
    rule: str,
    urgent: bool,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
    detail: str = "",
    source: str | None = None,
    title: str | None = None,
) -> Alert | None:
    """Open an alert for the case's youth, or count another trigger on the open one.

    One open alert per rule per youth, so a youth who answers "not safe" five times
    produces one item that says "5×", not five items. The casemanager is notified.
    """
    if case.youth_id is None:
        return None
    key = f"{case.youth_id}:{rule}"
    existing = await session.scalar(select(Alert).where(Alert.open_key == key))
    if existing is not None:
        existing.trigger_count += 1
        existing.last_triggered_at = now
        existing.urgent = existing.urgent or urgent
        if detail:
            existing.detail = detail[:500]
        return existing
    alert = Alert(
        youth_id=case.youth_id,
        case_id=case.id,
        rule=rule,
        urgent=urgent,
        title=title or texts.TITLES.get(rule, rule),
        detail=detail[:500],
        source=source,
        created_at=now,
        last_triggered_at=now,
        trigger_count=1,
        open_key=key,
    )
    try:
        async with session.begin_nested():
            session.add(alert)
    except IntegrityError:
        # Raised concurrently by another request: count it on that one.
        return await raise_alert(
            session,
            case=case,
            rule=rule,
            urgent=urgent,
            now=now,
            settings=settings,
            tz=tz,
            detail=detail,
            source=source,
            title=title,
        )
    await enqueue(
        session,
        user_id=case.casemanager_id,
        kind="alert",
        title=texts.NOTIFY_URGENT_TITLE if urgent else texts.NOTIFY_TITLE,
        body=alert.title,
        now=now,
        settings=settings,
        tz=tz,
        urgent=urgent,
        dedup_key=f"alert:{alert.id}",
    )
    return alert


def _visible(actor: Actor):  # type: ignore[no-untyped-def]
    """Alerts of my caseload, plus escalated urgent ones of my organisation's cases."""
    return or_(
        Case.casemanager_id == actor.id,
        (Alert.escalated_at.is_not(None))
        & (Case.organisation_id == actor.organisation_id)
        & (Case.organisation_id.is_not(None)),
    )


async def queue(
    session: AsyncSession, actor: Actor, *, include_resolved: bool, now: dt.datetime
) -> api.AlertList:
    """Urgent first, then longest waiting; only what this casemanager may see. Logged."""
    require_staff_mfa(actor)
    query = (
        select(Alert, Case, User)
        .join(Case, Case.id == Alert.case_id)
        .join(User, User.id == Alert.youth_id)
        .where(_visible(actor))
    )
    if not include_resolved:
        query = query.where(Alert.resolved_at.is_(None))
    rows = (
        await session.execute(query.order_by(Alert.urgent.desc(), Alert.created_at).limit(500))
    ).all()
    items = []
    for alert, case, youth in rows:
        await log_access(
            session,
            actor,
            alert.youth_id,
            resource="alerts",
            action="list",
            purpose="Aandachtslijst bekijken",
            now=now,
            detail=f"alert={alert.id}",
        )
        items.append(_view(alert, case, youth, actor, now))
    return api.AlertList(items=items)


def _view(alert: Alert, case: Case, youth: User, actor: Actor, now: dt.datetime) -> api.Alert:
    return api.Alert(
        id=alert.id,
        case_id=alert.case_id,
        youth_id=alert.youth_id,
        youth_name=youth.username or case.label,
        rule=alert.rule,
        urgent=alert.urgent,
        title=alert.title,
        detail=alert.detail,
        created_at=alert.created_at,
        last_triggered_at=alert.last_triggered_at,
        trigger_count=alert.trigger_count,
        waiting_minutes=max(0, int((now - alert.created_at).total_seconds() // 60)),
        escalated_to_me=case.casemanager_id != actor.id,
        escalated_at=alert.escalated_at,
        acknowledged_at=alert.acknowledged_at,
        resolved_at=alert.resolved_at,
        resolution_note=alert.resolution_note,
    )


async def _own(session: AsyncSession, actor: Actor, alert_id: str) -> tuple[Alert, Case, User]:
    require_staff_mfa(actor)
    row = (
        await session.execute(
            select(Alert, Case, User)
            .join(Case, Case.id == Alert.case_id)
            .join(User, User.id == Alert.youth_id)
            .where(Alert.id == alert_id, _visible(actor))
        )
    ).first()
    if row is None or actor.role != "casemanager":
        raise not_found("Dit signaal bestaat niet of hoort niet bij jouw caseload.")
    return row[0], row[1], row[2]


async def acknowledge(
    session: AsyncSession, actor: Actor, alert_id: str, now: dt.datetime
) -> api.Alert:
    """I have seen it and will act: stops escalation."""
    alert, case, youth = await _own(session, actor, alert_id)
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = now, actor.id
    await log_access(
        session,
        actor,
        alert.youth_id,
        resource="alerts",
        action="update",
        purpose="Signaal bevestigd",
        now=now,
        detail=f"alert={alert.id}",
    )
    return _view(alert, case, youth, actor, now)


async def resolve(
    session: AsyncSession, actor: Actor, alert_id: str, note: str, now: dt.datetime
) -> api.Alert:
    alert, case, youth = await _own(session, actor, alert_id)
    if alert.resolved_at is not None:
        raise conflict("Dit signaal is al afgehandeld.")
    alert.resolved_at, alert.resolved_by, alert.resolution_note = now, actor.id, note
    alert.acknowledged_at = alert.acknowledged_at or now
    alert.acknowledged_by = alert.acknowledged_by or actor.id
    alert.open_key = None
    await log_access(
        session,
        actor,
        alert.youth_id,
        resource="alerts",
        action="update",
        purpose="Signaal afgehandeld",
        now=now,
        detail=f"alert={alert.id}",
    )
    return _view(alert, case, youth, actor, now)


async def escalate_unacknowledged(
    session: AsyncSession, now: dt.datetime, settings: Settings, tz: dt.tzinfo
) -> int:
    """Urgent alerts nobody acknowledged in time go to the organisation's other casemanagers."""
    cutoff = now - dt.timedelta(minutes=settings.escalate_after_minutes)
    rows = (
        await session.execute(
            select(Alert, Case)
            .join(Case, Case.id == Alert.case_id)
            .where(
                Alert.urgent.is_(True),
                Alert.resolved_at.is_(None),
                Alert.acknowledged_at.is_(None),
                Alert.escalated_at.is_(None),
                Alert.created_at <= cutoff,
            )
        )
    ).all()
    for alert, case in rows:
        alert.escalated_at = now
        colleagues = await session.scalars(
            select(User.id).where(
                User.role == "casemanager",
                User.organisation_id == case.organisation_id,
                User.id != case.casemanager_id,
                User.disabled_at.is_(None),
            )
        )
        for colleague in colleagues:
            await enqueue(
                session,
                user_id=colleague,
                kind="alert_escalated",
                title=texts.ESCALATION_TITLE,
                body=texts.ESCALATION_BODY,
                now=now,
                settings=settings,
                tz=tz,
                urgent=True,
                dedup_key=f"escalation:{alert.id}:{colleague}",
            )
    return len(rows)

"""The notification outbox: persisted first, pushed by a tick, never in quiet hours."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any, Protocol

import httpx
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import notifications as api
from server.core.auth import Actor
from server.core.errors import not_found
from server.core.pagination import keyset_page, newest_first
from server.notifications.models import Device, Notification
from server.settings import Settings

log = logging.getLogger("roer.notifications")
BATCH = 200


def parse_quiet_hours(spec: str) -> tuple[dt.time, dt.time]:
    start, _, end = spec.partition("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def quiet_until(now: dt.datetime, tz: dt.tzinfo, spec: str) -> dt.datetime | None:
    """The end of the quiet period ``now`` falls in (UTC), or None outside quiet hours."""
    start, end = parse_quiet_hours(spec)
    local = now.astimezone(tz)
    t = local.time()
    in_quiet = (start <= t or t < end) if start > end else (start <= t < end)
    if not in_quiet:
        return None
    day = local.date() if t < end else local.date() + dt.timedelta(days=1)
    # Combine in local time; zoneinfo gives the right offset on both sides of DST.
    return dt.datetime.combine(day, end, tzinfo=tz).astimezone(dt.UTC)


async def enqueue(
    session: AsyncSession,
    *,
    user_id: str,
    kind: str,
    title: str,
    body: str,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
    urgent: bool = False,
    dedup_key: str | None = None,
) -> Notification | None:
    """Add a notification (once per ``dedup_key``). Urgent safety messages skip quiet hours."""
    if dedup_key is not None:
        exists = await session.scalar(
            select(Notification.id).where(Notification.dedup_key == dedup_key)
        )
        if exists:
            return None
    not_before = now if urgent else (quiet_until(now, tz, settings.quiet_hours) or now)
    note = Notification(
        user_id=user_id,
        kind=kind,
        title=title[:200],
        body=body,
        urgent=urgent,
        dedup_key=dedup_key,
        created_at=now,
        not_before=not_before,
        status="pending",
        attempts=0,
        next_attempt_at=not_before,
    )
    session.add(note)
    return note


async def inbox(
    session: AsyncSession, actor: Actor, cursor: str | None, limit: int
) -> api.NotificationList:
    query = select(Notification).where(Notification.user_id == actor.id)
    order = newest_first(Notification.created_at, Notification.id)
    rows, next_cursor = await keyset_page(session, query, order, cursor, limit)
    items = [
        api.Notification(
            id=r.id,
            kind=r.kind,
            title=r.title,
            body=r.body,
            urgent=r.urgent,
            created_at=r.created_at,
            read_at=r.read_at,
        )
        for r in rows
    ]
    return api.NotificationList(items=items, next_cursor=next_cursor)


async def mark_read(
    session: AsyncSession, actor: Actor, notification_id: str, now: dt.datetime
) -> None:
    note = await session.get(Notification, notification_id)
    if note is None or note.user_id != actor.id:
        raise not_found("Deze melding bestaat niet.")
    note.read_at = note.read_at or now


async def add_device(
    session: AsyncSession, actor: Actor, data: api.DeviceCreate, now: dt.datetime
) -> Device:
    """Register a push token; registering the same token again replaces the old row."""
    await session.execute(
        delete(Device).where(Device.user_id == actor.id, Device.push_token == data.push_token)
    )
    device = Device(
        user_id=actor.id,
        platform=data.platform,
        push_token=data.push_token,
        name=data.name,
        created_at=now,
    )
    session.add(device)
    await session.flush()
    return device


async def remove_device(session: AsyncSession, actor: Actor, device_id: str) -> None:
    device = await session.get(Device, device_id)
    if device is None or device.user_id != actor.id:
        raise not_found("Dit apparaat bestaat niet.")
    await session.delete(device)


# --- delivery ----------------------------------------------------------------------------


class Provider(Protocol):
    async def send(self, note: Notification, tokens: Sequence[str]) -> None: ...


class LogProvider:
    """Default: writes one line per push (ids only, never the text) instead of sending."""

    async def send(self, note: Notification, tokens: Sequence[str]) -> None:
        log.info(
            "push %s kind=%s urgent=%s devices=%d", note.id, note.kind, note.urgent, len(tokens)
        )


class WebhookProvider:
    """POSTs each push as JSON to a gateway that talks to APNs/FCM."""

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url
        self.timeout = timeout

    async def send(self, note: Notification, tokens: Sequence[str]) -> None:
        payload = {
            "id": note.id,
            "kind": note.kind,
            "title": note.title,
            "body": note.body,
            "urgent": note.urgent,
            "tokens": list(tokens),
        }
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            response = await client.post(self.url, json=payload)
            response.raise_for_status()


def provider_for(settings: Settings) -> Provider:
    if settings.notification_provider == "webhook" and settings.webhook_url:
        return WebhookProvider(settings.webhook_url)
    return LogProvider()


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


async def deliver_due(
    session: AsyncSession, now: dt.datetime, provider: Provider, max_attempts: int
) -> int:
    """Push what is due. Rows are read and committed first, so no connection is held while
    the provider is called; each outcome is written afterwards. Returns pushes sent."""
    due = list(
        await session.scalars(
            select(Notification)
            .where(Notification.status == "pending", Notification.next_attempt_at <= now)
            .order_by(Notification.urgent.desc(), Notification.next_attempt_at)
            .limit(BATCH)
        )
    )
    if not due:
        return 0
    user_ids = {n.user_id for n in due}
    tokens: dict[str, list[str]] = {}
    for device in await session.scalars(select(Device).where(Device.user_id.in_(user_ids))):
        tokens.setdefault(device.user_id, []).append(device.push_token)
    await session.commit()
    sent = 0
    outcomes: dict[str, str | None] = {}
    for note in due:
        if not tokens.get(note.user_id):
            outcomes[note.id] = "no-device"
            continue
        try:
            await provider.send(note, tokens[note.user_id])
            outcomes[note.id] = None
            sent += 1
        except Exception as exc:  # a provider failure must not stop the others
            outcomes[note.id] = f"error: {type(exc).__name__}: {exc}"[:300]
    for note in due:
        outcome = outcomes[note.id]
        if outcome is None:
            note.status, note.delivered_at = "sent", now
        elif outcome == "no-device":
            note.status = "inbox"  # nothing to push to; it stays in the in-app inbox
        else:
            note.attempts += 1
            note.last_error = outcome
            if note.attempts >= max_attempts:
                note.status = "failed"
                log.warning("push %s gave up after %d attempts", note.id, note.attempts)
            else:
                note.next_attempt_at = now + backoff(note.attempts)
    return sent


# --- export and erasure (called by server/privacy) ------------------------------------------


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """The user's inbox and registered phones."""
    notes = await session.scalars(
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at)
    )
    devices = await session.scalars(select(Device).where(Device.user_id == user_id))
    return {
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "created_at": n.created_at,
                "delivered_at": n.delivered_at,
                "read_at": n.read_at,
            }
            for n in notes
        ],
        "devices": [
            {
                "platform": d.platform,
                "name": d.name,
                "push_token": d.push_token,
                "added_at": d.created_at,
            }
            for d in devices
        ],
    }


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    await session.execute(delete(Notification).where(Notification.user_id == user_id))
    await session.execute(delete(Device).where(Device.user_id == user_id))

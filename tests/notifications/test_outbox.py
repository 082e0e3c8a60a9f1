"""Devices, the inbox, quiet hours and delivery with retries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from client_api.client import RoerError
from server.notifications.models import Notification
from server.notifications.service import deliver_due, enqueue, quiet_until
from tests.people import People

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (dt.datetime(2026, 6, 1, 12, 0), None),
        (dt.datetime(2026, 6, 1, 22, 30), dt.datetime(2026, 6, 2, 7, 0)),
        (dt.datetime(2026, 6, 2, 6, 59), dt.datetime(2026, 6, 2, 7, 0)),
        (dt.datetime(2026, 6, 2, 7, 0), None),
        # The night clocks go back (25 Oct 2026): still 07:00 local the next morning.
        (dt.datetime(2026, 10, 24, 23, 0), dt.datetime(2026, 10, 25, 7, 0)),
        # The night clocks go forward (29 Mar 2026).
        (dt.datetime(2026, 3, 28, 23, 30), dt.datetime(2026, 3, 29, 7, 0)),
    ],
)
def test_quiet_hours(local: dt.datetime, expected: dt.datetime | None) -> None:
    now = local.replace(tzinfo=AMS).astimezone(dt.UTC)
    result = quiet_until(now, AMS, "22:00-07:00")
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert result.astimezone(AMS).replace(tzinfo=None) == expected


async def test_devices_register_and_remove(people: People) -> None:
    youth = await people.youth(16)
    other = await people.youth(16)
    device = await youth.client.add_device("android", "fcm-token-123456", "Mijn telefoon")
    with pytest.raises(RoerError) as err:
        await other.client.remove_device(device.id)
    assert err.value.status == 404
    await youth.client.remove_device(device.id)
    with pytest.raises(RoerError):
        await youth.client.remove_device(device.id)


class FlakyProvider:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.sent: list[str] = []

    async def send(self, note: Notification, tokens: Sequence[str]) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("gateway down")
        self.sent.append(note.id)


async def test_delivery_retries_with_backoff_then_gives_up(people: People) -> None:
    youth = await people.youth(16)
    await youth.client.add_device("ios", "apns-token-abcdef")
    noon = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)
    async with people.db() as session:
        note = await enqueue(
            session,
            user_id=youth.id,
            kind="test",
            title="Hoi",
            body="Test",
            now=noon,
            settings=people.settings,
            tz=AMS,
        )
        assert note is not None
        await session.commit()
        provider = FlakyProvider(failures=1)
        assert await deliver_due(session, noon, provider, max_attempts=3) == 0
        await session.commit()
        # Not retried before the backoff has passed, then delivered.
        assert await deliver_due(session, noon + dt.timedelta(seconds=10), provider, 3) == 0
        assert await deliver_due(session, noon + dt.timedelta(seconds=31), provider, 3) == 1
        await session.commit()
        stored = await session.get(Notification, note.id)
        assert stored is not None and stored.status == "sent" and stored.attempts == 1

        second = await enqueue(
            session,
            user_id=youth.id,
            kind="test",
            title="Nog een",
            body="x",
            now=noon,
            settings=people.settings,
            tz=AMS,
        )
        assert second is not None
        await session.commit()
        dead = FlakyProvider(failures=99)
        moment = noon
        for _ in range(3):
            moment += dt.timedelta(hours=2)
            await deliver_due(session, moment, dead, max_attempts=3)
            await session.commit()
        failed = await session.get(Notification, second.id)
        assert failed is not None and failed.status == "failed" and failed.last_error


async def test_quiet_hours_hold_non_urgent_but_not_urgent(people: People) -> None:
    youth = await people.youth(16)
    night = dt.datetime(2026, 6, 1, 23, 30, tzinfo=AMS).astimezone(dt.UTC)
    async with people.db() as session:
        for urgent in (False, True):
            await enqueue(
                session,
                user_id=youth.id,
                kind=f"k{urgent}",
                title="t",
                body="b",
                now=night,
                settings=people.settings,
                tz=AMS,
                urgent=urgent,
                dedup_key=f"d{urgent}",
            )
        # The same dedup key twice stores one notification.
        again = await enqueue(
            session,
            user_id=youth.id,
            kind="kTrue",
            title="t",
            body="b",
            now=night,
            settings=people.settings,
            tz=AMS,
            urgent=True,
            dedup_key="dTrue",
        )
        assert again is None
        await session.commit()
        rows = {n.kind: n for n in await session.scalars(select(Notification))}
    assert rows["kTrue"].not_before == night
    assert rows["kFalse"].not_before.astimezone(AMS).hour == 7
    inbox = (await youth.client.notifications()).items
    assert len(inbox) == 2
    await youth.client.read_notification(inbox[0].id)
    assert (await youth.client.notifications()).items[0].read_at is not None

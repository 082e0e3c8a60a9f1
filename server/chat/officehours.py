"""Office hours: is the casemanager working now, and when do they start again?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from client_api.schema.chat import OfficeSlot
from server.chat import texts


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def is_open(slots: Sequence[OfficeSlot], now: dt.datetime, tz: dt.tzinfo) -> bool:
    local = now.astimezone(tz)
    minute = local.hour * 60 + local.minute
    return any(
        s.weekday == local.weekday() and _minutes(s.start) <= minute < _minutes(s.end)
        for s in slots
    )


def next_opening(
    slots: Sequence[OfficeSlot], now: dt.datetime, tz: dt.tzinfo
) -> dt.datetime | None:
    """The next start of a slot after ``now`` (UTC), within a week; None without slots."""
    local = now.astimezone(tz)
    best: dt.datetime | None = None
    for offset in range(8):
        day = local.date() + dt.timedelta(days=offset)
        for slot in slots:
            if slot.weekday != day.weekday():
                continue
            start = dt.datetime.combine(day, dt.time.fromisoformat(slot.start), tzinfo=tz)
            if start > local and (best is None or start < best):
                best = start
        if best is not None:
            break
    return best.astimezone(dt.UTC) if best is not None else None


def opening_phrase(opening: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> str:
    """ "vandaag om 09:00", "morgen om 09:00" or "op maandag om 09:00"."""
    local, today = opening.astimezone(tz), now.astimezone(tz).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"vandaag om {clock}"
    if local.date() == today + dt.timedelta(days=1):
        return f"morgen om {clock}"
    return f"op {texts.WEEKDAYS[local.weekday()]} om {clock}"

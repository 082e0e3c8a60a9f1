"""Shared builders for the check-in tests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from client_api.schema.checkins import ScheduleSpec
from tests.people import Family, People

AMS = ZoneInfo("Europe/Amsterdam")
YOUTH_Q = "jongere-dagelijks.v1"
PARENT_Q = "ouder-kort.v1"
EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]


def local(*args: int) -> dt.datetime:
    """A wall-clock moment in Amsterdam, as UTC."""
    return dt.datetime(*args, tzinfo=AMS).astimezone(dt.UTC)  # type: ignore[misc]


def cid() -> str:
    return str(uuid.uuid4())


def youth_answers(mood: int = 4, **extra: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {"mood": mood, "sleep": 3, "safe_home": "ja", "wants_contact": False}
    answers.update(extra)
    return answers


async def daily(
    people: People, family: Family, at: dt.datetime, times: tuple[str, ...] = ("08:00",)
) -> None:
    """Set the clock to ``at`` and give the youth a daily check-in at ``times``."""
    people.clock.set(at)
    await family.casemanager.client.set_checkin_schedule(
        family.case.id, youth=ScheduleSpec(days=EVERY_DAY, times=list(times))
    )


async def tick_at(people: People, at: dt.datetime) -> None:
    await people.http.post("/api/v1/test/clock", json={"at": at.isoformat()})
    response = await people.http.post("/api/v1/test/tick")
    assert response.status_code == 200

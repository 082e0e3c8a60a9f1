"""Scheduled check-in work: turn due schedules into prompts, and notice missed prompts.

Both jobs are idempotent. A prompt is unique per schedule and due time and is inserted with
``ON CONFLICT DO NOTHING``; only a prompt this tick really created gets a push, so two
ticks or two server processes never prompt twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Case
from server.alerts.service import raise_alert
from server.checkins import rules, texts
from server.checkins.models import CheckinPrompt, CheckinSchedule
from server.checkins.service import insert_ignoring, next_due, split_days, split_times
from server.core.db import new_id
from server.notifications.service import enqueue
from server.settings import Settings

BATCH = 500
MAX_BATCHES = 200  # 100,000 schedules per tick at most; the rest follow on the next tick
Job = Callable[[AsyncSession, dt.datetime], Awaitable[int]]


def _plan(schedule: CheckinSchedule, now: dt.datetime, tz: dt.tzinfo) -> dict[str, Any] | None:
    """The prompt to create for a due schedule (None: paused or window gone); moves next_due_at.

    After downtime only the latest due moment is asked, and only while its window is open:
    a prompt nobody could have answered must not count as missed.
    """
    assert schedule.next_due_at is not None
    days, times = split_days(schedule.days), split_times(schedule.times)
    due = schedule.next_due_at
    following = next_due(days, times, due, tz)
    while following <= now:
        due, following = following, next_due(days, times, following, tz)
    schedule.next_due_at = following
    closes = due + dt.timedelta(minutes=schedule.window_minutes)
    paused = schedule.paused_until is not None and due < schedule.paused_until
    if paused or closes <= now:
        return None
    return {
        "id": new_id(),
        "schedule_id": schedule.id,
        "case_id": schedule.case_id,
        "user_id": schedule.user_id,
        "role": schedule.role,
        "questionnaire_id": schedule.questionnaire_id,
        "due_at": due,
        "closes_at": closes,
        "status": "open",
    }


async def dispatch_due(
    session: AsyncSession, now: dt.datetime, settings: Settings, tz: dt.tzinfo
) -> int:
    """Create the prompts of every due schedule and queue their pushes. Returns prompts made."""
    made = 0
    for _ in range(MAX_BATCHES):
        rows = (
            await session.execute(
                select(CheckinSchedule, Case.closed_at)
                .join(Case, Case.id == CheckinSchedule.case_id)
                .where(CheckinSchedule.active.is_(True), CheckinSchedule.next_due_at <= now)
                .order_by(CheckinSchedule.next_due_at)
                .limit(BATCH)
            )
        ).all()
        planned = []
        for schedule, closed_at in rows:
            if closed_at is not None:  # the case ended: its rhythm ends with it
                schedule.active, schedule.next_due_at = False, None
                continue
            prompt = _plan(schedule, now, tz)
            if prompt is not None:
                planned.append(prompt)
        if planned:
            stmt = insert_ignoring(session, CheckinPrompt, ["schedule_id", "due_at"], planned)
            created = (
                await session.execute(
                    stmt.returning(CheckinPrompt.id, CheckinPrompt.user_id, CheckinPrompt.role)
                )
            ).all()
            for prompt_id, user_id, role in created:
                await enqueue(
                    session,
                    user_id=user_id,
                    kind="checkin_prompt",
                    title=texts.PUSH_TITLE[role],
                    body=texts.PUSH_BODY[role],
                    now=now,
                    settings=settings,
                    tz=tz,
                    dedup_key=f"prompt:{prompt_id}",
                )
            made += len(created)
        await session.flush()
        if len(rows) < BATCH:
            break
    return made


async def mark_missed(
    session: AsyncSession, now: dt.datetime, settings: Settings, tz: dt.tzinfo
) -> int:
    """Close prompts whose window has passed unanswered; N in a row raise ``missed``."""
    rows = (
        await session.execute(
            select(
                CheckinPrompt.id, CheckinPrompt.user_id, CheckinPrompt.role, CheckinPrompt.case_id
            )
            .where(CheckinPrompt.status == "open", CheckinPrompt.closes_at <= now)
            .limit(5000)
        )
    ).all()
    if not rows:
        return 0
    await session.execute(
        update(CheckinPrompt)
        .where(CheckinPrompt.id.in_([r.id for r in rows]), CheckinPrompt.status == "open")
        .values(status="missed")
        .execution_options(synchronize_session=False)
    )
    youths = {(r.user_id, r.case_id) for r in rows if r.role == "youth"}
    for user_id, case_id in sorted(youths):
        if not await rules.missed_in_a_row(session, user_id, settings):
            continue
        case = await session.get(Case, case_id)
        if case is not None and case.youth_id == user_id:
            await raise_alert(
                session,
                case=case,
                rule="missed",
                urgent=False,
                now=now,
                settings=settings,
                tz=tz,
                detail=texts.MISSED_DETAIL.format(count=settings.checkin_missed_count),
                source="checkin:missed",
            )
    return len(rows)


def dispatch_prompts(settings: Settings, tz: dt.tzinfo) -> Job:
    async def job(session: AsyncSession, now: dt.datetime) -> int:
        return await dispatch_due(session, now, settings, tz)

    return job


def evaluate_mood_trends(settings: Settings, tz: dt.tzinfo) -> Job:
    async def job(session: AsyncSession, now: dt.datetime) -> int:
        return await rules.evaluate_trends(session, now, settings, tz)

    return job


def detect_missed(settings: Settings, tz: dt.tzinfo) -> Job:
    async def job(session: AsyncSession, now: dt.datetime) -> int:
        return await mark_missed(session, now, settings, tz)

    return job

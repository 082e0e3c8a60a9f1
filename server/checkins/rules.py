"""Alert rules of the check-ins: which answers put a youth in the casemanager's attention queue.

Every rule raises through ``server.alerts.service.raise_alert``, which keeps one open alert
per rule per youth (a repeat counts on the open one instead of flooding the queue). The
thresholds are settings (environment variable, default):

| rule | fires when | urgent | setting(s) (default) |
| --- | --- | --- | --- |
| ``crisis`` | the free-text note contains crisis language (``moderation.screen`` gives a ``crisis.*`` reason); the writer gets help lines at once | yes | — |
| ``unsafe_home`` | "Voel je je veilig thuis?" answered "nee" (the writer gets Veilig Thuis, De Kindertelefoon and 112 at once) | yes | — |
| ``wants_contact`` | "Wil je dat je casemanager contact met je opneemt?" answered yes (a parent's yes: ``parent_wants_contact``) | no | — |
| ``low_mood`` | (on the next tick) the mood of the last N check-ins (by answered time) is each at most M | no | ``ROER_CHECKIN_LOW_MOOD_COUNT`` (3), ``ROER_CHECKIN_LOW_MOOD_MAX`` (2) |
| ``mood_drop`` | (on the next tick) the mean mood of the last R check-ins is at least X below the youth's own mean of the D days before them, and that baseline holds at least B check-ins | no | ``ROER_CHECKIN_MOOD_DROP`` (1.5), ``ROER_CHECKIN_MOOD_RECENT_COUNT`` (3), ``ROER_CHECKIN_MOOD_BASELINE_DAYS`` (14), ``ROER_CHECKIN_MOOD_BASELINE_MIN`` (4) |
| ``missed`` | the last N prompts of the youth were all missed (detected by the tick after a window closes; a paused schedule makes no prompts, so a holiday is not "missed") | no | ``ROER_CHECKIN_MISSED_COUNT`` (3) |

Related settings: ``ROER_CHECKIN_MAX_LATE_HOURS`` (72) — how long after answering an offline
check-in is still accepted; ``ROER_CHECKIN_DEFAULT_WINDOW_MINUTES`` (240) — how long a prompt
stays open when the schedule does not say.
"""  # noqa: E501 (a Markdown table cannot wrap; the lead copies it into the README)

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from statistics import fmean

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Case
from server.alerts.service import raise_alert
from server.checkins import texts
from server.checkins.models import Checkin, CheckinPrompt
from server.core.access import open_case_of_youth
from server.settings import Settings

CaseLoader = Callable[[], Awaitable[Case | None]]


def low_mood(moods: list[int], settings: Settings) -> bool:
    """``moods`` newest first."""
    count = settings.checkin_low_mood_count
    recent = moods[:count]
    return len(recent) == count and all(m <= settings.checkin_low_mood_max for m in recent)


def mood_drop(
    history: list[tuple[dt.datetime, int]], settings: Settings
) -> tuple[float, float] | None:
    """(recent mean, baseline mean) when the drop rule fires; ``history`` newest first."""
    recent = history[: settings.checkin_mood_recent_count]
    if len(recent) < settings.checkin_mood_recent_count:
        return None
    anchor = recent[-1][0]
    start = anchor - dt.timedelta(days=settings.checkin_mood_baseline_days)
    baseline = [m for at, m in history[len(recent) :] if start <= at < anchor]
    if len(baseline) < settings.checkin_mood_baseline_min:
        return None
    recent_mean, base_mean = fmean(m for _, m in recent), fmean(baseline)
    if base_mean - recent_mean >= settings.checkin_mood_drop:
        return recent_mean, base_mean
    return None


async def mood_history(session: AsyncSession, user_id: str) -> list[tuple[dt.datetime, int]]:
    rows = await session.execute(
        select(Checkin.answered_at, Checkin.mood)
        .where(Checkin.user_id == user_id, Checkin.mood.is_not(None))
        .order_by(Checkin.answered_at.desc())
        .limit(200)
    )
    return [(at, int(mood)) for at, mood in rows if mood is not None]


def trend_alerts(
    history: list[tuple[dt.datetime, int]], settings: Settings
) -> list[tuple[str, str]]:
    """(rule, content-free detail) of the mood rules that fire on this history (newest first)."""
    fired = []
    if low_mood([m for _, m in history], settings):
        detail = texts.LOW_MOOD_DETAIL.format(
            count=settings.checkin_low_mood_count, max=settings.checkin_low_mood_max
        )
        fired.append(("low_mood", detail))
    drop = mood_drop(history, settings)
    if drop is not None:
        detail = texts.MOOD_DROP_DETAIL.format(
            recent=settings.checkin_mood_recent_count,
            mean=drop[0],
            days=settings.checkin_mood_baseline_days,
            base=drop[1],
        )
        fired.append(("mood_drop", detail))
    return fired


async def after_checkin(
    session: AsyncSession,
    *,
    checkin: Checkin,
    signals: dict[str, object],
    crisis: bool,
    load_case: CaseLoader,
    settings: Settings,
    now: dt.datetime,
    tz: dt.tzinfo,
) -> list[str]:
    """Raise at once what this one check-in calls for; returns the rules that fired.

    The mood trend rules look at a series, not at one answer, and run on the next tick
    (``evaluate_trends``) so that an answer costs one write and no history read.
    """
    fired: list[tuple[str, bool]] = []
    if crisis:
        fired.append(("crisis", True))
    if signals.get("safe_home") == "nee":
        fired.append(("unsafe_home", True))
    if signals.get("wants_contact") is True:
        fired.append(
            ("wants_contact" if checkin.role == "youth" else "parent_wants_contact", False)
        )
    if not fired:
        return []
    case = await load_case()
    if case is None:
        return []
    for rule, urgent in fired:
        await raise_alert(
            session,
            case=case,
            rule=rule,
            urgent=urgent,
            now=now,
            settings=settings,
            tz=tz,
            source=f"checkin:{checkin.id}",
        )
    return [rule for rule, _ in fired]


async def evaluate_trends(
    session: AsyncSession, now: dt.datetime, settings: Settings, tz: dt.tzinfo
) -> int:
    """Run the mood rules for every youth with new mood answers since the last tick."""
    rows = (
        await session.execute(
            select(Checkin.id, Checkin.user_id)
            .where(Checkin.trend_checked.is_(False))
            .order_by(Checkin.received_at)
            .limit(5000)
        )
    ).all()
    if not rows:
        return 0
    for user_id in sorted({r.user_id for r in rows}):
        fired = trend_alerts(await mood_history(session, user_id), settings)
        case = await open_case_of_youth(session, user_id) if fired else None
        for rule, detail in fired if case is not None else []:
            await raise_alert(
                session,
                case=case,  # type: ignore[arg-type]
                rule=rule,
                urgent=False,
                now=now,
                settings=settings,
                tz=tz,
                detail=detail,
                source="checkin:trend",
            )
    await session.execute(
        update(Checkin)
        .where(Checkin.id.in_([r.id for r in rows]))
        .values(trend_checked=True)
        .execution_options(synchronize_session=False)
    )
    return len(rows)


async def missed_in_a_row(session: AsyncSession, user_id: str, settings: Settings) -> bool:
    """Were the youth's last N closed prompts all missed?"""
    count = settings.checkin_missed_count
    statuses = list(
        await session.scalars(
            select(CheckinPrompt.status)
            .where(CheckinPrompt.user_id == user_id, CheckinPrompt.status != "open")
            .order_by(CheckinPrompt.due_at.desc())
            .limit(count)
        )
    )
    return len(statuses) == count and all(s == "missed" for s in statuses)

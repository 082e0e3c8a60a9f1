"""What a casemanager (or, as the age rules allow, a parent) sees of a youth's check-ins."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from statistics import fmean

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import checkins as api
from server.accounts.models import Case, CaseParent
from server.checkins import questionnaires
from server.checkins.models import Checkin, CheckinPrompt, CheckinSchedule
from server.core.access import Grant


def response_rate(prompts: list[CheckinPrompt]) -> api.ResponseRate:
    counts = {s: sum(1 for p in prompts if p.status == s) for s in ("answered", "late", "missed")}
    closed = sum(counts.values())
    done = counts["answered"] + counts["late"]
    return api.ResponseRate(
        prompts=len(prompts),
        answered=counts["answered"],
        late=counts["late"],
        missed=counts["missed"],
        rate=round(done / closed, 3) if closed else None,
    )


async def series(
    session: AsyncSession, rows: list[Checkin], since: dt.date, until: dt.date, tz: dt.tzinfo
) -> list[api.Series]:
    """Per scale item: the day's value (mean of that day's answers) and a 7-day moving average."""
    daily: dict[str, dict[dt.date, list[int]]] = defaultdict(lambda: defaultdict(list))
    items: dict[str, api.QuestionnaireItem] = {}
    for row in rows:
        questionnaire = await questionnaires.get(session, row.questionnaire_id)
        if questionnaire is None:
            continue
        day = row.answered_at.astimezone(tz).date()
        for item in questionnaire.items:
            value = row.answers.get(item.id)
            if item.kind == "scale" and isinstance(value, int):
                items.setdefault(item.id, item)
                daily[item.id][day].append(value)
    result = []
    days = [since + dt.timedelta(days=n) for n in range((until - since).days + 1)]
    for item_id, item in items.items():
        means = {day: fmean(values) for day, values in daily[item_id].items()}
        points = []
        for day in days:
            window = [
                means[d] for d in (day - dt.timedelta(days=k) for k in range(7)) if d in means
            ]
            points.append(
                api.SeriesPoint(
                    date=day,
                    value=round(means[day], 2) if day in means else None,
                    avg7=round(fmean(window), 2) if window else None,
                )
            )
        result.append(
            api.Series(
                item_id=item_id,
                label=item.text,
                min=item.min or 0,
                max=item.max or 0,
                points=points,
            )
        )
    return result


async def case_checkins(
    session: AsyncSession,
    case: Case,
    grant: Grant,
    *,
    days: int,
    now: dt.datetime,
    today: dt.date,
    tz: dt.tzinfo,
) -> api.CaseCheckins:
    """History, response rate and chart series; a "summary" grant gets done / not done only."""
    assert case.youth_id is not None
    since = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(since, dt.time(0), tzinfo=tz).astimezone(dt.UTC)
    # The casemanager also sees the parents' own check-ins; a parent sees the youth's only.
    people = [case.youth_id]
    if grant.relation == "casemanager":
        people += list(
            await session.scalars(select(CaseParent.parent_id).where(CaseParent.case_id == case.id))
        )
    prompts = list(
        await session.scalars(
            select(CheckinPrompt)
            .where(
                CheckinPrompt.case_id == case.id,
                CheckinPrompt.user_id.in_(people),
                CheckinPrompt.due_at >= start,
                CheckinPrompt.due_at <= now,
            )
            .order_by(CheckinPrompt.due_at)
        )
    )
    paused_until = await session.scalar(
        select(CheckinSchedule.paused_until).where(
            CheckinSchedule.case_id == case.id,
            CheckinSchedule.user_id == case.youth_id,
            CheckinSchedule.active.is_(True),
        )
    )
    view = api.CaseCheckins(
        case_id=case.id,
        youth_id=case.youth_id,
        level="full" if grant.level == "full" else "summary",
        since=since,
        until=today,
        response_rate=response_rate([p for p in prompts if p.user_id == case.youth_id]),
        prompts=[
            api.PromptEntry(
                id=p.id,
                user_id=p.user_id,
                role=p.role,  # type: ignore[arg-type]
                due_at=p.due_at,
                status=p.status,  # type: ignore[arg-type]
                done=p.status in ("answered", "late"),
            )
            for p in prompts
        ],
        schedule_paused_until=paused_until if paused_until and paused_until > now else None,
    )
    if grant.level != "full":
        return view
    rows = list(
        await session.scalars(
            select(Checkin)
            .where(Checkin.user_id.in_(people), Checkin.answered_at >= start)
            .order_by(Checkin.answered_at)
        )
    )
    view.checkins = [
        api.CheckinEntry(
            id=c.id,
            user_id=c.user_id,
            role=c.role,  # type: ignore[arg-type]
            questionnaire_id=c.questionnaire_id,
            answers=c.answers,
            answered_at=c.answered_at,
            late=c.late,
            prompt_id=c.prompt_id,
        )
        for c in rows
    ]
    youth_rows = [c for c in rows if c.user_id == case.youth_id]
    view.series = await series(session, youth_rows, since, today, tz)
    return view


async def cohort_response_rate(
    session: AsyncSession, youth_ids: Sequence[str], first: dt.date, last: dt.date
) -> float | None:
    """Share of the youths' closed prompts in [first, last] that were answered (aggregate)."""
    if not youth_ids:
        return None
    start = dt.datetime.combine(first, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    rows = await session.execute(
        select(CheckinPrompt.status, func.count())
        .where(
            CheckinPrompt.user_id.in_(list(youth_ids)),
            CheckinPrompt.role == "youth",
            CheckinPrompt.due_at >= start,
            CheckinPrompt.due_at < end,
            CheckinPrompt.status.in_(("answered", "late", "missed")),
        )
        .group_by(CheckinPrompt.status)
    )
    counts: dict[str, int] = {status: n for status, n in rows}
    closed = sum(counts.values())
    if not closed:
        return None
    return round((counts.get("answered", 0) + counts.get("late", 0)) / closed, 3)

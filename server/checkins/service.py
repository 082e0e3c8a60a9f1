"""Check-in logic: schedules, answers (idempotent, validated, screened), due prompts, data rights.

The only module of the domain that writes (with ``jobs.py`` for the scheduler's work).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, cast

import msgspec
from sqlalchemy import Table, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import checkins as api
from moderation import Context, screen
from server.accounts.models import Case, CaseParent
from server.checkins import questionnaires, rules, texts
from server.checkins.models import Checkin, CheckinPrompt, CheckinSchedule
from server.core.access import open_case_of_youth
from server.core.auth import Actor
from server.core.clock import age_on
from server.core.db import new_id
from server.core.errors import ProblemException, conflict, forbidden, invalid, not_found
from server.settings import Settings

# Sent in more than this long after answering: stored as late (answered offline).
LATE_GRACE = dt.timedelta(minutes=15)
# Phones' clocks drift; an answer a few minutes "in the future" is not refused.
CLOCK_SKEW = dt.timedelta(minutes=5)
MAX_PAUSE = dt.timedelta(days=90)


# --- schedules -------------------------------------------------------------------------------


def next_due(days: list[int], times: list[str], after: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The first scheduled moment strictly after ``after`` (UTC).

    Times are wall-clock times where the person lives: combining the local date and time
    with the zone gives 08:00 local on both sides of a daylight-saving change. A time that
    does not exist (02:30 on the spring-forward night) falls an hour later; one that exists
    twice (02:30 in October) is asked once, at its first occurrence.
    """
    local_day = after.astimezone(tz).date()
    moments = sorted(dt.time.fromisoformat(t) for t in times)
    for offset in range(9):
        day = local_day + dt.timedelta(days=offset)
        if day.isoweekday() not in days:
            continue
        for moment in moments:
            candidate = dt.datetime.combine(day, moment, tzinfo=tz).astimezone(dt.UTC)
            if candidate > after:
                return candidate
    raise ValueError("a schedule needs at least one day and one time")


def split_days(value: str) -> list[int]:
    return [int(d) for d in value.split(",") if d]


def split_times(value: str) -> list[str]:
    return [t for t in value.split(",") if t]


def schedule_view(row: CheckinSchedule, now: dt.datetime, tz: dt.tzinfo) -> api.Schedule:
    paused = row.paused_until is not None and row.paused_until > now
    return api.Schedule(
        id=row.id,
        case_id=row.case_id,
        user_id=row.user_id,
        role=row.role,  # type: ignore[arg-type]
        questionnaire_id=row.questionnaire_id,
        days=split_days(row.days),
        times=split_times(row.times),
        window_minutes=row.window_minutes,
        timezone=str(tz),
        active=row.active,
        paused=paused,
        paused_until=row.paused_until if paused else None,
        next_due_at=row.next_due_at,
    )


async def case_schedule(
    session: AsyncSession, case: Case, now: dt.datetime, tz: dt.tzinfo
) -> api.CaseSchedule:
    rows = await session.scalars(
        select(CheckinSchedule)
        .where(CheckinSchedule.case_id == case.id, CheckinSchedule.active.is_(True))
        .order_by(CheckinSchedule.created_at)
    )
    views = [schedule_view(row, now, tz) for row in rows]
    youth = next((v for v in views if v.role == "youth"), None)
    return api.CaseSchedule(
        case_id=case.id, youth=youth, parents=[v for v in views if v.role == "parent"]
    )


async def _wanted(
    session: AsyncSession, case: Case, data: api.ScheduleUpdate
) -> list[tuple[str, str, api.ScheduleSpec, str]]:
    """(user id, role, spec, field path) per person the update gives a schedule."""
    wanted: list[tuple[str, str, api.ScheduleSpec, str]] = []
    if data.youth is not None:
        if case.youth_id is None:
            raise invalid("youth", texts.CASE_HAS_NO_YOUTH)
        wanted.append((case.youth_id, "youth", data.youth, "youth"))
    parents = set(
        await session.scalars(select(CaseParent.parent_id).where(CaseParent.case_id == case.id))
    )
    for parent_id, spec in data.parents.items():
        if parent_id not in parents:
            raise invalid(f"parents.{parent_id}", texts.NOT_A_PARENT)
        wanted.append((parent_id, "parent", spec, f"parents.{parent_id}"))
    return wanted


async def put_schedule(
    session: AsyncSession,
    case: Case,
    data: api.ScheduleUpdate,
    actor: Actor,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
) -> api.CaseSchedule:
    """Replace the case's rhythm. A youth's own pause survives a change of rhythm."""
    existing = {
        row.user_id: row
        for row in await session.scalars(
            select(CheckinSchedule).where(CheckinSchedule.case_id == case.id)
        )
    }
    for user_id, role, spec, field in await _wanted(session, case, data):
        if spec.questionnaire_id is not None:
            questionnaire = await questionnaires.for_audience(
                session, spec.questionnaire_id, role, f"{field}.questionnaire_id"
            )
        else:
            questionnaire = await questionnaires.default_for(session, role)
        days, times = sorted(set(spec.days)), sorted(set(spec.times))
        row = existing.pop(user_id, None)
        if row is None:
            row = CheckinSchedule(
                id=new_id(), case_id=case.id, user_id=user_id, created_by=actor.id, created_at=now
            )
            session.add(row)
        row.role, row.questionnaire_id = role, questionnaire.id
        row.days, row.times = ",".join(map(str, days)), ",".join(times)
        row.window_minutes = spec.window_minutes or settings.checkin_default_window_minutes
        row.active, row.updated_at = spec.active, now
        row.next_due_at = next_due(days, times, now, tz) if spec.active else None
    for row in existing.values():
        row.active, row.next_due_at, row.updated_at = False, None, now
    await session.flush()
    return await case_schedule(session, case, now, tz)


async def my_schedules(
    session: AsyncSession, actor: Actor, now: dt.datetime, tz: dt.tzinfo
) -> api.MySchedules:
    rows = await session.scalars(
        select(CheckinSchedule).where(
            CheckinSchedule.user_id == actor.id, CheckinSchedule.active.is_(True)
        )
    )
    return api.MySchedules(items=[schedule_view(row, now, tz) for row in rows])


async def pause(
    session: AsyncSession,
    actor: Actor,
    until: dt.datetime | None,
    now: dt.datetime,
    tz: dt.tzinfo,
) -> api.MySchedules:
    """Pause (``until`` set) or resume (None) all my check-ins. No prompts while paused."""
    if until is not None:
        if until.tzinfo is None:
            until = until.replace(tzinfo=tz)
        if not now < until <= now + MAX_PAUSE:
            raise invalid("until", texts.PAUSE_RANGE)
    rows = list(
        await session.scalars(
            select(CheckinSchedule).where(
                CheckinSchedule.user_id == actor.id, CheckinSchedule.active.is_(True)
            )
        )
    )
    if not rows:
        raise not_found(texts.NO_SCHEDULE)
    for row in rows:
        row.paused_until, row.updated_at = until, now
    return await my_schedules(session, actor, now, tz)


# --- answers ---------------------------------------------------------------------------------


def insert_ignoring(
    session: AsyncSession, model: Any, columns: list[str], values: dict[str, Any] | list[Any]
) -> Any:
    """``INSERT … ON CONFLICT (columns) DO NOTHING`` for SQLite and PostgreSQL."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model).values(values).on_conflict_do_nothing(index_elements=columns)


_INSERT_CHECKIN: dict[str, Any] = {}


def _insert_checkin(session: AsyncSession) -> Any:
    """One prepared ``INSERT … ON CONFLICT (user_id, client_id) DO NOTHING`` per dialect.

    Built once, so the hot path does not rebuild and re-key a statement per request.
    """
    dialect = session.get_bind().dialect.name
    if dialect not in _INSERT_CHECKIN:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = cast(Table, Checkin.__table__)
        _INSERT_CHECKIN[dialect] = insert(table).on_conflict_do_nothing(
            index_elements=["user_id", "client_id"]
        )
    return _INSERT_CHECKIN[dialect]


def body_hash(data: api.CheckinCreate, answered_at: dt.datetime | None) -> str:
    canonical = {
        "questionnaire_id": data.questionnaire_id,
        "answers": data.answers,
        "answered_at": answered_at.astimezone(dt.UTC).isoformat() if answered_at else None,
        "prompt_id": data.prompt_id,
    }
    return hashlib.sha256(msgspec.json.encode(canonical, order="sorted")).hexdigest()


def checkin_view(row: Checkin, prompt_status: str | None) -> api.Checkin:
    return api.Checkin(
        id=row.id,
        client_id=row.client_id,
        questionnaire_id=row.questionnaire_id,
        answers=row.answers,
        answered_at=row.answered_at,
        received_at=row.received_at,
        late=row.late,
        prompt_id=row.prompt_id,
        prompt_status=prompt_status,  # type: ignore[arg-type]
        signposts=msgspec.convert(row.signposts or [], list[api.Signpost]),
        message=row.message,
    )


async def _replay(
    session: AsyncSession, actor: Actor, client_id: str, digest: str
) -> api.Checkin | None:
    """The stored answer for a retried ``client_id``; 409 when the body differs."""
    row = await session.scalar(
        select(Checkin).where(Checkin.user_id == actor.id, Checkin.client_id == client_id)
    )
    if row is None:
        return None
    if row.body_hash != digest:
        raise conflict(texts.CLIENT_ID_REUSED, slug="client-id-reused")
    status = None
    if row.prompt_id is not None:
        status = await session.scalar(
            select(CheckinPrompt.status).where(CheckinPrompt.id == row.prompt_id)
        )
    return checkin_view(row, status)


def _screen_note(
    note: object, actor: Actor, today: dt.date
) -> tuple[bool, list[dict[str, Any]], str | None]:
    """(crisis?, help lines, kind message) for the free-text note."""
    if not isinstance(note, str) or not note:
        return False, [], None
    age = age_on(actor.birth_date, today) if actor.birth_date else None
    verdict = screen(note, Context(kind="checkin_note", author_age=age))
    if not any(reason.startswith("crisis.") for reason in verdict.reasons):
        return False, [], None
    # The library's help lines first; ours complete the set (Veilig Thuis among them).
    signposts = [msgspec.structs.asdict(s) for s in verdict.signposts]
    present = {s["id"] for s in signposts}
    signposts += [s for s in texts.CRISIS_SIGNPOSTS if s["id"] not in present]
    return True, signposts, verdict.message or texts.CRISIS_MESSAGE


async def _case_of(session: AsyncSession, actor: Actor, case_id: str | None) -> Case | None:
    """The case an alert belongs to: the prompt's, else the youth's (or parent's) open case."""
    if case_id is not None:
        return await session.get(Case, case_id)
    if actor.role == "youth":
        return await open_case_of_youth(session, actor.id)
    return await session.scalar(
        select(Case)
        .join(CaseParent, CaseParent.case_id == Case.id)
        .where(CaseParent.parent_id == actor.id, Case.closed_at.is_(None))
        .order_by(Case.created_at)
        .limit(1)
    )


def _answered_at(
    data: api.CheckinCreate, now: dt.datetime, settings: Settings
) -> tuple[dt.datetime, str | None]:
    """When it was answered, and why that is not acceptable (None when it is)."""
    if data.answered_at is None:
        return now, None
    at = data.answered_at
    if at.tzinfo is None:
        return now, texts.NEED_TIMEZONE
    if at > now + CLOCK_SKEW:
        return at, texts.IN_FUTURE
    if at < now - dt.timedelta(hours=settings.checkin_max_late_hours):
        return at, texts.TOO_LATE.format(hours=settings.checkin_max_late_hours)
    return at.astimezone(dt.UTC), None


@dataclass
class Pending:
    """A validated, screened check-in, ready to be stored (built in the request; stored by
    ``store`` alone or by ``store_batch`` with others, see ``server/checkins/writer.py``)."""

    actor: Actor
    prompt_id: str | None
    questionnaire_id: str
    client_id: str
    digest: str
    row: Checkin  # never added to a session: its values are inserted
    late: bool  # sent in long after answering (offline); a late prompt makes it late too
    signals: dict[str, Any]
    crisis: bool
    now: dt.datetime
    settings: Settings
    tz: dt.tzinfo

    def finish(self, prompt_status: str | None) -> dict[str, Any]:
        """The row's values, now that the prompt's status (late or not) is known."""
        self.row.late = self.late or prompt_status == "late"
        return {c.key: getattr(self.row, c.key) for c in Checkin.__table__.columns}


class NeedsRollback(Exception):
    """A batch changed something for a check-in it then could not store: only rolling the
    batch back undoes that (the writer then stores its check-ins one by one)."""


async def prepare(
    session: AsyncSession,
    actor: Actor,
    data: api.CheckinCreate,
    *,
    now: dt.datetime,
    today: dt.date,
    settings: Settings,
    tz: dt.tzinfo,
) -> Pending | api.Checkin:
    """Validate and screen; writes nothing. An answer that can be given without writing (a
    retry of a stored check-in whose ``answered_at`` is now too old) is returned as is."""
    if actor.role not in ("youth", "parent"):
        raise forbidden("Alleen jongeren en ouders vullen check-ins in.")
    questionnaire = await questionnaires.for_audience(
        session, data.questionnaire_id, actor.role, "questionnaire_id"
    )
    answers = questionnaires.validate(questionnaire, data.answers)
    client_id = data.client_id.lower()
    answered_at, refused = _answered_at(data, now, settings)
    digest = body_hash(data, data.answered_at)
    if refused is not None:
        # A phone retrying an answer it already delivered gets that answer back, not a 422.
        return await _replay(session, actor, client_id, digest) or _raise(
            invalid("answered_at", refused)
        )
    signals = {
        s: answers.get(item) for s, item in questionnaires.signal_items(questionnaire).items()
    }
    crisis, signposts, message = _screen_note(signals.get("note"), actor, today)
    if not crisis and signals.get("safe_home") == "nee":
        signposts, message = texts.UNSAFE_SIGNPOSTS, texts.UNSAFE_MESSAGE
    mood = signals.get("mood")
    note = signals.get("note")
    row = Checkin(
        id=new_id(),
        user_id=actor.id,
        client_id=client_id,
        body_hash=digest,
        role=actor.role,
        questionnaire_id=questionnaire.id,
        prompt_id=data.prompt_id,
        answers=answers,
        note=note if isinstance(note, str) else None,
        mood=mood if isinstance(mood, int) else None,
        answered_at=answered_at,
        received_at=now,
        trend_checked=not (actor.role == "youth" and isinstance(mood, int)),
        signposts=signposts,
        message=message,
    )
    return Pending(
        actor=actor,
        prompt_id=data.prompt_id,
        questionnaire_id=questionnaire.id,
        client_id=client_id,
        digest=digest,
        row=row,
        late=now - answered_at > LATE_GRACE,
        signals=signals,
        crisis=crisis,
        now=now,
        settings=settings,
        tz=tz,
    )


async def _mark_prompt(session: AsyncSession, job: Pending) -> tuple[str, str] | None:
    """One statement marks the prompt (in its window or late) and proves it is ours and open:
    (status, case id), or None when it is not."""
    answered_at = job.row.answered_at
    marked = (
        await session.execute(
            update(CheckinPrompt)
            .where(
                CheckinPrompt.id == job.prompt_id,
                CheckinPrompt.user_id == job.actor.id,
                CheckinPrompt.questionnaire_id == job.questionnaire_id,
                CheckinPrompt.checkin_id.is_(None),
            )
            .values(
                status=case((CheckinPrompt.closes_at >= answered_at, "answered"), else_="late"),
                checkin_id=job.row.id,
                answered_at=answered_at,
            )
            .returning(CheckinPrompt.status, CheckinPrompt.case_id)
            .execution_options(synchronize_session=False)
        )
    ).first()
    return None if marked is None else (marked[0], marked[1])


async def _alerts(session: AsyncSession, job: Pending, prompt_case: str | None) -> None:
    async def load_case() -> Case | None:
        return await _case_of(session, job.actor, prompt_case)

    await rules.after_checkin(
        session,
        checkin=job.row,
        signals=job.signals,
        crisis=job.crisis,
        load_case=load_case,
        settings=job.settings,
        now=job.now,
        tz=job.tz,
    )


async def store(session: AsyncSession, job: Pending) -> api.Checkin:
    """Store one check-in once per ``client_id``, mark its prompt, run the alert rules.

    Raises a problem (409, 422) after which the caller must roll back: the prompt may have
    been marked already."""
    prompt_status, prompt_case = None, None
    if job.prompt_id is not None:
        marked = await _mark_prompt(session, job)
        if marked is None:
            return await _prompt_refused(session, job)
        prompt_status, prompt_case = marked
    inserted = await session.execute(_insert_checkin(session), job.finish(prompt_status))
    if inserted.rowcount != 1:  # type: ignore[attr-defined]
        # The same client_id was stored before (or just now by a parallel retry).
        replay = await _replay(session, job.actor, job.client_id, job.digest)
        if replay is None or prompt_status is not None:
            raise conflict(texts.CLIENT_ID_REUSED, slug="client-id-reused")
        return replay
    await _alerts(session, job, prompt_case)
    return checkin_view(job.row, prompt_status)


async def store_batch(
    session: AsyncSession, jobs: list[Pending]
) -> list[api.Checkin | ProblemException]:
    """Store many check-ins in the session's transaction: one ``UPDATE`` per prompt answered,
    ONE multi-row insert, then per check-in its alerts or, when its ``client_id`` was stored
    before, the stored answer (or 409). The outcome is that of storing them one by one in
    some order (prompts' answers first, then retries and refusals): a retry that shares the
    batch with its original gets the original's answer.

    Raises ``NeedsRollback`` when a prompt was marked for an answer that then was not
    stored (its ``client_id`` is taken): the caller rolls back and uses ``store`` per job.
    """
    marks: list[tuple[str, str] | None] = [None] * len(jobs)
    refused: set[int] = set()
    # Rows are locked in key order (prompts, then check-ins), so that two processes' batches
    # on PostgreSQL wait for each other instead of deadlocking.
    answering = sorted((job.prompt_id, i) for i, job in enumerate(jobs) if job.prompt_id)
    for _, i in answering:
        marks[i] = await _mark_prompt(session, jobs[i])
        if marks[i] is None:
            refused.add(i)
    values = sorted(
        (
            job.finish(mark[0] if mark else None)
            for i, (job, mark) in enumerate(zip(jobs, marks, strict=True))
            if i not in refused
        ),
        key=lambda row: (row["user_id"], row["client_id"]),
    )
    inserted: set[str] = set()
    if values:
        stmt = _insert_checkin(session).returning(Checkin.__table__.c.id)
        inserted = set((await session.execute(stmt, values)).scalars())
    results: list[api.Checkin | ProblemException] = []
    for i, job in enumerate(jobs):
        mark = marks[i]
        try:
            if i in refused:
                results.append(await _prompt_refused(session, job))
            elif job.row.id in inserted:
                await _alerts(session, job, mark[1] if mark else None)
                results.append(checkin_view(job.row, mark[0] if mark else None))
            elif mark is not None:
                raise NeedsRollback(job.row.id)
            else:
                replay = await _replay(session, job.actor, job.client_id, job.digest)
                if replay is None:
                    raise conflict(texts.CLIENT_ID_REUSED, slug="client-id-reused")
                results.append(replay)
        except ProblemException as problem:  # read-only outcomes: nothing to undo
            results.append(problem)
    return results


async def _prompt_refused(session: AsyncSession, job: Pending) -> api.Checkin:
    """Why the prompt could not be marked: unknown, another questionnaire, or answered (then
    this may be a retry of the answer that did)."""
    prompt = await session.get(CheckinPrompt, job.prompt_id)
    if prompt is None or prompt.user_id != job.actor.id:
        raise invalid("prompt_id", texts.UNKNOWN_PROMPT)
    if prompt.questionnaire_id != job.questionnaire_id:
        raise invalid("prompt_id", texts.PROMPT_OTHER_QUESTIONNAIRE)
    replay = await _replay(session, job.actor, job.client_id, job.digest)
    if replay is None:
        raise conflict(texts.PROMPT_DONE, slug="prompt-answered")
    return replay


def _raise(exc: Exception) -> api.Checkin:
    raise exc


async def due_prompts(session: AsyncSession, actor: Actor, now: dt.datetime) -> api.PromptList:
    rows = await session.scalars(
        select(CheckinPrompt)
        .where(
            CheckinPrompt.user_id == actor.id,
            CheckinPrompt.status == "open",
            CheckinPrompt.due_at <= now,
            CheckinPrompt.closes_at > now,
        )
        .order_by(CheckinPrompt.due_at)
        .limit(50)
    )
    return api.PromptList(
        items=[
            api.Prompt(
                id=p.id,
                questionnaire_id=p.questionnaire_id,
                due_at=p.due_at,
                closes_at=p.closes_at,
                status=p.status,  # type: ignore[arg-type]
            )
            for p in rows
        ]
    )


# --- data rights -----------------------------------------------------------------------------


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """Everything of the check-in domain about this user: their schedules, prompts, answers."""
    schedules = await session.scalars(
        select(CheckinSchedule).where(CheckinSchedule.user_id == user_id)
    )
    prompts = await session.scalars(
        select(CheckinPrompt).where(CheckinPrompt.user_id == user_id).order_by(CheckinPrompt.due_at)
    )
    answers = await session.scalars(
        select(Checkin).where(Checkin.user_id == user_id).order_by(Checkin.answered_at)
    )

    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "schedules": [
            {
                "case_id": s.case_id,
                "questionnaire_id": s.questionnaire_id,
                "days": split_days(s.days),
                "times": split_times(s.times),
                "window_minutes": s.window_minutes,
                "active": s.active,
                "paused_until": iso(s.paused_until),
            }
            for s in schedules
        ],
        "prompts": [
            {
                "id": p.id,
                "due_at": iso(p.due_at),
                "status": p.status,
                "answered_at": iso(p.answered_at),
            }
            for p in prompts
        ],
        "checkins": [
            {
                "id": c.id,
                "questionnaire_id": c.questionnaire_id,
                "answers": c.answers,
                "answered_at": iso(c.answered_at),
                "received_at": iso(c.received_at),
                "late": c.late,
            }
            for c in answers
        ],
    }


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    """Delete the user's answers, prompts and schedules.

    Check-ins are the young person's (or parent's) own self-reports, not the casemanager's
    file: they go. Alerts they triggered are content-free case-file entries of the alerts
    domain and are left to it.
    """
    await session.execute(delete(Checkin).where(Checkin.user_id == user_id))
    await session.execute(delete(CheckinPrompt).where(CheckinPrompt.user_id == user_id))
    await session.execute(delete(CheckinSchedule).where(CheckinSchedule.user_id == user_id))

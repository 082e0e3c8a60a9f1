"""BIG5 writes: assessments, plans, support persons, the monthly prompt; export and erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import msgspec
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import big5 as api
from client_api.schema.common import Ok
from moderation import Context, screen
from server.accounts.models import Case, Invite, SupportLink, User
from server.accounts.service import create_invite
from server.alerts.service import raise_alert
from server.big5 import texts
from server.big5.models import (
    Assessment,
    DomainEntry,
    Plan,
    PlanAction,
    Reminder,
    SupportInvitation,
)
from server.core import security
from server.core.access import open_case_of_youth
from server.core.auth import Actor
from server.core.clock import age_on, birthday
from server.core.errors import ProblemException, forbidden, invalid, not_found
from server.settings import Settings

Phase = Literal["too_young", "open", "closed"]


# --- dates -----------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def add_months_dt(moment: dt.datetime, months: int) -> dt.datetime:
    return dt.datetime.combine(add_months(moment.date(), months), moment.timetz())


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(0, months)


# --- who may use the BIG5 --------------------------------------------------------------


def phase(youth: User, today: dt.date, settings: Settings) -> Phase:
    """From the configured age (16) up to the 27th birthday; closed from that day on."""
    if youth.birth_date is None:
        return "too_young"
    if today >= birthday(youth.birth_date, 27):
        return "closed"
    return "open" if age_on(youth.birth_date, today) >= settings.big5_min_age else "too_young"


def require_phase(
    youth: User, today: dt.date, settings: Settings, *, self_: bool, writing: bool
) -> None:
    """Too young: 403 for reading and writing. Closed: reading is fine, writing is 409."""
    current = phase(youth, today, settings)
    if current == "too_young":
        template = texts.TOO_YOUNG if self_ else texts.TOO_YOUNG_OTHER
        raise forbidden(template.format(age=settings.big5_min_age), slug="big5-too-young")
    if current == "closed" and writing:
        raise ProblemException(409, texts.CLOSED, slug="big5-closed")


async def youth_user(session: AsyncSession, youth_id: str) -> User:
    youth = await session.get(User, youth_id)
    if youth is None or youth.role != "youth":
        raise not_found()
    return youth


# --- assessments -----------------------------------------------------------------------


def _validate_domains(domains: list[api.DomainAssessmentIn]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(domains):
        if item.domain in seen:
            raise invalid(f"domains.{index}.domain", texts.DOUBLE_DOMAIN)
        seen.add(item.domain)
        allowed = {key for key, _ in texts.DOMAINS[item.domain].parts}
        for key in item.parts:
            if key not in allowed:
                raise invalid(f"domains.{index}.parts.{key}", texts.UNKNOWN_PART)


def entry_view(entry: DomainEntry, with_note: bool) -> api.DomainAssessment:
    return api.DomainAssessment(
        domain=entry.domain,  # type: ignore[arg-type]
        status=entry.status,  # type: ignore[arg-type]
        status_label=texts.STATUSES[entry.status][0],
        parts=dict(entry.parts or {}),
        note=entry.note if with_note else None,
        entry_id=entry.id,
    )


async def _assessment_view(
    session: AsyncSession, row: Assessment, signposts: list[api.Signpost] | None = None
) -> api.Assessment:
    entries = await session.scalars(
        select(DomainEntry).where(DomainEntry.assessment_id == row.id).order_by(DomainEntry.id)
    )
    order = {d: i for i, d in enumerate(texts.DOMAIN_IDS)}
    return api.Assessment(
        id=row.id,
        client_id=row.client_id,
        youth_id=row.youth_id,
        side=row.side,  # type: ignore[arg-type]
        created_at=row.created_at,
        domains=sorted((entry_view(e, True) for e in entries), key=lambda d: order[d.domain]),
        signposts=signposts or [],
    )


def _screen_notes(
    domains: list[api.DomainAssessmentIn], age: int | None
) -> tuple[bool, list[api.Signpost]]:
    """Screen a youth's notes; crisis language gets signposts and an urgent alert."""
    crisis, signposts = False, {}
    for item in domains:
        if not item.note:
            continue
        verdict = screen(item.note, Context(kind="checkin_note", author_age=age))
        if any(reason.startswith("crisis.") for reason in verdict.reasons):
            crisis = True
            for sign in verdict.signposts:
                signposts[sign.id] = api.Signpost(
                    id=sign.id,
                    name=sign.name,
                    phone=sign.phone,
                    url=sign.url,
                    hours=sign.hours,
                    text=sign.text,
                )
    return crisis, list(signposts.values())


async def add_assessment(
    session: AsyncSession,
    actor: Actor,
    youth: User,
    data: api.AssessmentCreate,
    *,
    now: dt.datetime,
    today: dt.date,
    settings: Settings,
    tz: dt.tzinfo,
) -> api.Assessment:
    """Store one side's view; a retry with the same client_id returns the original."""
    existing = await session.scalar(
        select(Assessment).where(
            Assessment.author_id == actor.id, Assessment.client_id == data.client_id
        )
    )
    if existing is not None:
        return await _assessment_view(session, existing)
    _validate_domains(data.domains)
    side = "youth" if actor.id == youth.id else "casemanager"
    row = Assessment(
        client_id=data.client_id, youth_id=youth.id, author_id=actor.id, side=side, created_at=now
    )
    session.add(row)
    await session.flush()
    for item in data.domains:
        session.add(
            DomainEntry(
                assessment_id=row.id,
                youth_id=youth.id,
                side=side,
                domain=item.domain,
                status=item.status,
                parts=dict(item.parts),
                note=item.note,
                created_at=now,
            )
        )
    signposts: list[api.Signpost] = []
    if side == "youth":
        age = age_on(youth.birth_date, today) if youth.birth_date else None
        crisis, signposts = _screen_notes(data.domains, age)
        case = await open_case_of_youth(session, youth.id)
        if crisis and case is not None:
            await raise_alert(
                session,
                case=case,
                rule="crisis",
                urgent=True,
                now=now,
                settings=settings,
                tz=tz,
                detail="Crisistaal in een notitie bij de BIG5",
                source=f"big5:{row.id}",
            )
        await _postpone_prompt(session, youth.id, now)
    await session.flush()
    return await _assessment_view(session, row, signposts)


async def _postpone_prompt(session: AsyncSession, youth_id: str, now: dt.datetime) -> None:
    """No prompt right after the youth filled it in themself: next one a month from now."""
    await session.execute(
        update(Reminder).where(Reminder.youth_id == youth_id).values(next_due=add_months_dt(now, 1))
    )


# --- plans -----------------------------------------------------------------------------


async def _check_actions(
    session: AsyncSession, youth_id: str, actions: list[api.ActionIn], field: str
) -> None:
    for index, action in enumerate(actions):
        if action.who != "support_person":
            if action.support_person_id is not None:
                raise invalid(f"{field}.{index}.support_person_id", texts.SUPPORT_PERSON_ONLY)
            continue
        if action.support_person_id is None:
            raise invalid(f"{field}.{index}.support_person_id", texts.SUPPORT_PERSON_NEEDED)
        linked = await session.scalar(
            select(SupportLink.id).where(
                SupportLink.youth_id == youth_id,
                SupportLink.person_id == action.support_person_id,
            )
        )
        if linked is None:
            raise invalid(f"{field}.{index}.support_person_id", texts.SUPPORT_PERSON_UNKNOWN)


def _new_action(plan_id: str, position: int, item: api.ActionIn, now: dt.datetime) -> PlanAction:
    return PlanAction(
        plan_id=plan_id,
        position=position,
        text=item.text,
        who=item.who,
        support_person_id=item.support_person_id,
        due_date=item.due_date,
        done=item.done,
        done_at=now if item.done else None,
        created_at=now,
    )


async def create_plan(
    session: AsyncSession, actor: Actor, youth_id: str, data: api.PlanCreate, now: dt.datetime
) -> Plan:
    if data.client_id is not None:
        existing = await session.scalar(
            select(Plan).where(Plan.client_id == data.client_id, Plan.youth_id == youth_id)
        )
        if existing is not None:
            return existing
    await _check_actions(session, youth_id, data.actions, "actions")
    plan = Plan(
        client_id=data.client_id,
        youth_id=youth_id,
        domain=data.domain,
        goal=data.goal,
        created_by=actor.id,
        created_by_role=actor.role,
        created_at=now,
        updated_at=now,
    )
    session.add(plan)
    await session.flush()
    for position, item in enumerate(data.actions):
        session.add(_new_action(plan.id, position, item, now))
    await session.flush()
    return plan


async def update_plan(
    session: AsyncSession, plan: Plan, data: api.PlanUpdate, now: dt.datetime
) -> Plan:
    """Change the goal, tick actions done or not, change them, add new ones."""
    actions = {
        a.id: a
        for a in await session.scalars(select(PlanAction).where(PlanAction.plan_id == plan.id))
    }
    changes = [] if isinstance(data.actions, msgspec.UnsetType) else data.actions
    additions = [] if isinstance(data.add_actions, msgspec.UnsetType) else data.add_actions
    for index, change in enumerate(changes):
        if change.id not in actions:
            raise invalid(f"actions.{index}.id", texts.UNKNOWN_ACTION)
    await _check_actions(session, plan.youth_id, additions, "add_actions")
    if not isinstance(data.goal, msgspec.UnsetType):
        plan.goal = data.goal
    for change in changes:
        action = actions[change.id]
        if not isinstance(change.done, msgspec.UnsetType) and change.done != action.done:
            action.done = change.done
            action.done_at = now if change.done else None
        if not isinstance(change.text, msgspec.UnsetType):
            action.text = change.text
        if not isinstance(change.due_date, msgspec.UnsetType):
            action.due_date = change.due_date
    position = max((a.position for a in actions.values()), default=-1) + 1
    for offset, item in enumerate(additions):
        session.add(_new_action(plan.id, position + offset, item, now))
    plan.updated_at = now
    await session.flush()
    return plan


# --- support persons -------------------------------------------------------------------


async def invite_support_person(
    session: AsyncSession,
    actor: Actor,
    relation: str,
    *,
    settings: Settings,
    now: dt.datetime,
) -> tuple[SupportInvitation, Invite, str]:
    """A single-use code the trusted adult signs up with (role support_person)."""
    made = await create_invite(
        session, actor, role="support_person", settings=settings, now=now, youth_id=actor.id
    )
    await session.flush()
    digest = security.digest(security.normalise_invite_code(made.code))
    invite = await session.scalar(select(Invite).where(Invite.code_hash == digest))
    assert invite is not None
    row = SupportInvitation(
        youth_id=actor.id, invite_id=invite.id, relation=relation, created_at=now
    )
    session.add(row)
    await session.flush()
    return row, invite, made.code


async def remove_support_person(
    session: AsyncSession, actor: Actor, invitation_id: str, now: dt.datetime
) -> Ok:
    """The youth ends it at any time; access ends at once (the link row is gone)."""
    row = await session.get(SupportInvitation, invitation_id)
    if row is None or row.youth_id != actor.id:
        raise not_found(texts.SUPPORT_NOT_FOUND)
    invite = await session.get(Invite, row.invite_id)
    if invite is not None:
        if invite.used_by is not None:
            # The link lives in accounts' table; removing it is the youth's right, and the
            # narrow role has nothing else that could keep access open.
            await session.execute(
                delete(SupportLink).where(
                    SupportLink.youth_id == actor.id, SupportLink.person_id == invite.used_by
                )
            )
        elif invite.expires_at > now:
            invite.expires_at = now
    await session.delete(row)
    return Ok()


# --- the monthly prompt ----------------------------------------------------------------


async def set_reminder(
    session: AsyncSession, youth_id: str, enabled: bool, now: dt.datetime
) -> Reminder:
    row = await session.get(Reminder, youth_id)
    if row is None:
        row = Reminder(youth_id=youth_id, enabled=enabled, next_due=add_months_dt(now, 1))
        session.add(row)
    elif enabled and not row.enabled:
        row.next_due = max(row.next_due, now)
    row.enabled = enabled
    await session.flush()
    return row


def _birth_bounds(today: dt.date, settings: Settings) -> tuple[dt.date, dt.date]:
    """Born after the first and on or before the second: BIG5 age today."""
    latest = add_months(today, -12 * settings.big5_min_age)
    earliest = add_months(today, -12 * 27)
    return earliest, latest


async def send_due_prompts(
    session: AsyncSession, now: dt.datetime, settings: Settings, tz: dt.tzinfo, batch: int = 1000
) -> int:
    """Give new BIG5-age youths a schedule row, then enqueue the prompts that are due."""
    today = now.astimezone(tz).date()
    earliest, latest = _birth_bounds(today, settings)
    newcomers = list(
        await session.scalars(
            select(User.id)
            .where(
                User.role == "youth",
                User.disabled_at.is_(None),
                User.birth_date > earliest,
                User.birth_date <= latest,
                ~select(Reminder.youth_id).where(Reminder.youth_id == User.id).exists(),
            )
            .limit(batch)
        )
    )
    for youth_id in newcomers:
        session.add(Reminder(youth_id=youth_id, enabled=True, next_due=now))
    await session.flush()
    due = (
        await session.execute(
            select(Reminder, User)
            .join(User, User.id == Reminder.youth_id)
            .where(Reminder.enabled.is_(True), Reminder.next_due <= now)
            .limit(batch)
        )
    ).all()
    sent = 0
    for reminder, youth in due:
        if phase(youth, today, settings) != "open":
            reminder.enabled = False  # closed at 27: no more prompts
            continue
        await _enqueue_prompt(session, youth.id, now, settings, tz)
        reminder.last_sent_at = now
        reminder.next_due = add_months_dt(now, 1)
        sent += 1
    return sent


async def _enqueue_prompt(
    session: AsyncSession, youth_id: str, now: dt.datetime, settings: Settings, tz: dt.tzinfo
) -> None:
    from server.notifications.service import enqueue

    month = now.astimezone(tz).strftime("%Y-%m")
    await enqueue(
        session,
        user_id=youth_id,
        kind="big5_prompt",
        title=texts.PROMPT_TITLE,
        body=texts.PROMPT_BODY,
        now=now,
        settings=settings,
        tz=tz,
        dedup_key=f"big5:{youth_id}:{month}",
    )


# --- privacy: export and erasure -------------------------------------------------------


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """What the BIG5 holds about this user: their own assessments, plans, invitations."""
    entries = await session.scalars(
        select(DomainEntry)
        .join(Assessment, Assessment.id == DomainEntry.assessment_id)
        .where(Assessment.author_id == user_id)
        .order_by(DomainEntry.created_at)
    )
    own_plans = list(
        await session.scalars(
            select(Plan).where(Plan.youth_id == user_id).order_by(Plan.created_at)
        )
    )
    plans = []
    for plan in own_plans:
        actions = await session.scalars(
            select(PlanAction).where(PlanAction.plan_id == plan.id).order_by(PlanAction.position)
        )
        plans.append(
            {
                "domain": plan.domain,
                "goal": plan.goal,
                "created_at": plan.created_at.isoformat(),
                "actions": [
                    {
                        "text": a.text,
                        "who": a.who,
                        "due_date": a.due_date.isoformat() if a.due_date else None,
                        "done": a.done,
                    }
                    for a in actions
                ],
            }
        )
    invitations = await session.scalars(
        select(SupportInvitation).where(SupportInvitation.youth_id == user_id)
    )
    reminder = await session.get(Reminder, user_id)
    return {
        "assessments": [
            {
                "domain": e.domain,
                "side": e.side,
                "status": e.status,
                "parts": dict(e.parts or {}),
                "note": e.note,
                "at": e.created_at.isoformat(),
            }
            for e in entries
        ],
        "plans": plans,
        "support_persons": [
            {"relation": i.relation, "invited_at": i.created_at.isoformat()} for i in invitations
        ],
        "monthly_prompt": reminder.enabled if reminder else None,
    }


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    """Remove the youth's own BIG5 assessments, prompt and invitations; a support person who
    is erased is unnamed on actions.

    The casemanager's assessments and the plans go when the account row does (their
    ``youth_id`` cascades): they are not among the records kept after leaving
    (``server/privacy/erasure.py`` lists those: the case notes, statements and the facts of
    corrections, and the access log).
    """
    await session.execute(
        delete(Assessment).where(Assessment.author_id == user_id, Assessment.youth_id == user_id)
    )
    await session.execute(delete(Reminder).where(Reminder.youth_id == user_id))
    await session.execute(delete(SupportInvitation).where(SupportInvitation.youth_id == user_id))
    await session.execute(
        update(PlanAction)
        .where(PlanAction.support_person_id == user_id)
        .values(support_person_id=None)
    )


async def case_of(session: AsyncSession, youth_id: str) -> Case | None:
    return await open_case_of_youth(session, youth_id)

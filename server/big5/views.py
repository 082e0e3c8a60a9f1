"""BIG5 reads: the shared answer (side by side, history, readiness), plans, caseload views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import big5 as api
from server.accounts.models import Case, Invite, SupportLink, User
from server.big5 import texts
from server.big5.corrections import statements_of
from server.big5.models import DomainEntry, Plan, PlanAction, SupportInvitation
from server.big5.service import add_months, entry_view, months_between, phase
from server.core.access import Grant, log_access
from server.core.auth import Actor
from server.core.clock import age_on, birthday
from server.guidance.service import guides_for_domain
from server.settings import Settings

GEREGELD = "geregeld"


def domain_list() -> api.DomainList:
    return api.DomainList(
        items=[
            api.DomainInfo(
                id=d.id,  # type: ignore[arg-type]
                name=d.name,
                definition=d.definition,
                parts=[api.ConditionPart(key=k, label=label) for k, label in d.parts],
                # The domain's own guides first, then every guide whose front matter
                # names this domain (so a new guide shows up without a code change).
                guides=list(dict.fromkeys([*d.guides, *guides_for_domain(d.id)])),
            )
            for d in texts.DOMAINS.values()
        ],
        statuses=[
            api.StatusInfo(id=key, label=label, score=score)  # type: ignore[arg-type]
            for key, (label, score) in texts.STATUSES.items()
        ],
    )


async def entries_of(session: AsyncSession, youth_ids: Iterable[str]) -> list[DomainEntry]:
    """All entries of these youths, oldest first (a youth has at most a few hundred)."""
    ids = list(youth_ids)
    if not ids:
        return []
    return list(
        await session.scalars(
            select(DomainEntry)
            .where(DomainEntry.youth_id.in_(ids))
            .order_by(DomainEntry.created_at, DomainEntry.id)
        )
    )


@dataclass
class State:
    """Latest entry and start of the current unbroken "geregeld" run per (side, domain)."""

    latest: dict[tuple[str, str], DomainEntry]
    run_start: dict[tuple[str, str], dt.datetime | None]

    @classmethod
    def of(cls, entries: Iterable[DomainEntry]) -> State:
        state = cls({}, {})
        for entry in entries:
            key = (entry.side, entry.domain)
            state.latest[key] = entry
            if entry.status != GEREGELD:
                state.run_start[key] = None
            elif state.run_start.get(key) is None:
                state.run_start[key] = entry.created_at
        return state

    def geregeld_count(self) -> int:
        return sum(1 for e in self.latest.values() if e.status == GEREGELD)

    def stable_since(self) -> dt.datetime | None:
        starts = [self.run_start.get((s, d)) for s in texts.SIDES for d in texts.DOMAIN_IDS]
        if any(start is None for start in starts):
            return None
        return max(start for start in starts if start is not None)


def readiness(state: State, today: dt.date, tz: dt.tzinfo, months: int) -> api.Readiness:
    """Ready only when all five are geregeld in both views and stayed so for ``months``."""
    since = state.stable_since()
    ready_from = add_months(since.astimezone(tz).date(), months) if since else None
    ready = ready_from is not None and today >= ready_from
    missing = []
    for domain in texts.DOMAIN_IDS:
        lines = []
        for side in texts.SIDES:
            entry = state.latest.get((side, domain))
            if entry is None:
                lines.append(texts.missing_none(side))
            elif entry.status != GEREGELD:
                lines.append(texts.missing_status(side, entry.status))
        if not lines and not ready:
            starts = [state.run_start.get((side, domain)) for side in texts.SIDES]
            start = max(s for s in starts if s is not None)
            if add_months(start.astimezone(tz).date(), months) > today:
                lines.append(texts.missing_period(months))
        if lines:
            missing.append(api.DomainMissing(domain=domain, missing=lines))  # type: ignore[arg-type]
    return api.Readiness(
        ready=ready,
        label=texts.READY if ready else texts.NOT_READY,
        period_months=months,
        stable_since=since,
        ready_from=ready_from,
        missing=missing,
    )


def timeline(youth: User, case: Case | None, today: dt.date, tz: dt.tzinfo) -> api.CareTimeline:
    """How long in care past 18 (care start = the case's start) and how far from 27."""
    assert youth.birth_date is not None
    b18, b27 = birthday(youth.birth_date, 18), birthday(youth.birth_date, 27)
    past_18 = None
    if case is not None:
        start = max(case.created_at.astimezone(tz).date(), b18)
        past_18 = months_between(start, today) if today >= b18 else 0
    return api.CareTimeline(
        age=age_on(youth.birth_date, today),
        birthday_18=b18,
        birthday_27=b27,
        care_start=case.created_at.astimezone(tz).date() if case else None,
        months_in_care_past_18=past_18,
        days_until_27=max(0, (b27 - today).days),
        months_until_27=months_between(today, b27),
    )


def _side_view(
    entry: DomainEntry | None, with_note: bool, statements: list[api.ViewStatement]
) -> api.SideView | None:
    if entry is None:
        return None
    view = entry_view(entry, with_note)
    return api.SideView(
        status=view.status,
        status_label=view.status_label,
        assessed_at=entry.created_at,
        parts=view.parts,
        note=view.note,
        entry_id=entry.id,
        corrected_count=entry.corrected_count or 0,
        last_corrected_at=entry.last_corrected_at,
        statements=statements if with_note else [],
    )


async def overview(
    session: AsyncSession,
    grant: Grant,
    youth: User,
    *,
    today: dt.date,
    tz: dt.tzinfo,
    settings: Settings,
) -> api.Big5Overview:
    entries = await entries_of(session, [youth.id])
    state = State.of(entries)
    # Notes are personal: the casemanager's notes only for the youth and the casemanager;
    # the youth's notes also for whom the youth shares "full" with. Summary: no notes.
    own_circle = grant.relation in ("self", "casemanager")
    notes = {"youth": own_circle or grant.level == "full", "casemanager": own_circle}
    linked = await session.scalar(select(SupportLink.id).where(SupportLink.youth_id == youth.id))
    # The youth's statements on the casemanager's view go where that view's note goes.
    shown = [e.id for (side, _), e in state.latest.items() if side == "casemanager"]
    statements = await statements_of(session, shown) if notes["casemanager"] else {}
    domains = []
    history = []
    for domain in texts.DOMAIN_IDS:
        mine = state.latest.get(("youth", domain))
        theirs = state.latest.get(("casemanager", domain))
        domains.append(
            api.DomainOverview(
                domain=domain,  # type: ignore[arg-type]
                name=texts.DOMAINS[domain].name,
                youth=_side_view(mine, notes["youth"], []),
                casemanager=_side_view(
                    theirs, notes["casemanager"], statements.get(theirs.id, []) if theirs else []
                ),
                disagree=bool(mine and theirs and mine.status != theirs.status),
                support_person_linked=(linked is not None) if domain == "support" else None,
            )
        )
        points = {
            side: [
                api.HistoryPoint(
                    at=e.created_at,
                    status=e.status,  # type: ignore[arg-type]
                    score=texts.STATUSES[e.status][1],
                    entry_id=e.id,
                )
                for e in entries
                if e.domain == domain and e.side == side
            ]
            for side in texts.SIDES
        }
        history.append(api.DomainHistory(domain=domain, **points))  # type: ignore[arg-type]
    closed = phase(youth, today, settings) == "closed"
    return api.Big5Overview(
        youth_id=youth.id,
        level=grant.level,
        closed=closed,
        export_url="/api/v1/me/export" if closed and grant.relation == "self" else None,
        domains=domains,
        history=history,
        readiness=readiness(state, today, tz, settings.big5_ready_months),
        timeline=timeline(youth, grant.case, today, tz),
    )


# --- plans -----------------------------------------------------------------------------


def action_view(action: PlanAction, today: dt.date) -> api.PlanAction:
    return api.PlanAction(
        id=action.id,
        text=action.text,
        who=action.who,  # type: ignore[arg-type]
        who_label=texts.WHO[action.who],
        due_date=action.due_date,
        done=action.done,
        overdue=bool(not action.done and action.due_date and action.due_date < today),
        support_person_id=action.support_person_id,
        done_at=action.done_at,
    )


async def plan_view(session: AsyncSession, plan: Plan, today: dt.date) -> api.Plan:
    actions = await session.scalars(
        select(PlanAction).where(PlanAction.plan_id == plan.id).order_by(PlanAction.position)
    )
    return api.Plan(
        id=plan.id,
        youth_id=plan.youth_id,
        domain=plan.domain,  # type: ignore[arg-type]
        goal=plan.goal,
        created_by_role=plan.created_by_role,
        created_at=plan.created_at,
        updated_at=plan.updated_at,
        actions=[action_view(a, today) for a in actions],
    )


async def plans_of(session: AsyncSession, youth_id: str, today: dt.date) -> api.PlanList:
    plans = await session.scalars(
        select(Plan).where(Plan.youth_id == youth_id).order_by(Plan.created_at, Plan.id)
    )
    return api.PlanList(items=[await plan_view(session, p, today) for p in plans])


# --- support persons -------------------------------------------------------------------


async def support_persons(
    session: AsyncSession, youth_id: str, now: dt.datetime
) -> api.SupportPersonList:
    rows = (
        await session.execute(
            select(SupportInvitation, Invite)
            .join(Invite, Invite.id == SupportInvitation.invite_id)
            .where(SupportInvitation.youth_id == youth_id)
            .order_by(SupportInvitation.created_at)
        )
    ).all()
    linked = {
        link.person_id: link
        for link in await session.scalars(
            select(SupportLink).where(SupportLink.youth_id == youth_id)
        )
    }
    items = []
    for row, invite in rows:
        if invite.used_by is not None and invite.used_by in linked:
            person = await session.get(User, invite.used_by)
            items.append(support_person_view(row, invite, person))
        elif invite.used_by is None and invite.expires_at > now:
            items.append(support_person_view(row, invite, None))
    return api.SupportPersonList(items=items)


def support_person_view(
    row: SupportInvitation, invite: Invite, person: User | None
) -> api.SupportPerson:
    if person is None:
        return api.SupportPerson(
            id=row.id,
            status="uitgenodigd",
            relation=row.relation,
            created_at=row.created_at,
            expires_at=invite.expires_at,
        )
    return api.SupportPerson(
        id=row.id,
        status="gekoppeld",
        relation=row.relation,
        created_at=row.created_at,
        person_id=person.id,
        name=person.display_name or person.username,
    )


async def supported_youths(session: AsyncSession, actor: Actor) -> api.SupportedYouthList:
    """For a support person: the youths who linked them (names only, nothing else)."""
    rows = (
        await session.execute(
            select(SupportLink, User, SupportInvitation.relation)
            .join(User, User.id == SupportLink.youth_id)
            .outerjoin(Invite, Invite.used_by == SupportLink.person_id)
            .outerjoin(
                SupportInvitation,
                (SupportInvitation.invite_id == Invite.id)
                & (SupportInvitation.youth_id == SupportLink.youth_id),
            )
            .where(SupportLink.person_id == actor.id)
        )
    ).all()
    return api.SupportedYouthList(
        items=[
            api.SupportedYouth(youth_id=y.id, name=y.username or "jongere", relation=relation)
            for _link, y, relation in rows
        ]
    )


# --- the casemanager's views -----------------------------------------------------------


async def _caseload(
    session: AsyncSession, actor: Actor, today: dt.date, settings: Settings
) -> list[tuple[Case, User]]:
    rows = (
        await session.execute(
            select(Case, User)
            .join(User, User.id == Case.youth_id)
            .where(Case.casemanager_id == actor.id, Case.closed_at.is_(None))
            .order_by(Case.created_at)
        )
    ).all()
    return [(case, youth) for case, youth in rows if phase(youth, today, settings) != "too_young"]


async def _open_overdue(
    session: AsyncSession, youth_ids: list[str], today: dt.date
) -> list[tuple[Plan, PlanAction]]:
    if not youth_ids:
        return []
    rows = await session.execute(
        select(Plan, PlanAction)
        .join(PlanAction, PlanAction.plan_id == Plan.id)
        .where(
            Plan.youth_id.in_(youth_ids),
            PlanAction.done.is_(False),
            PlanAction.due_date < today,
        )
        .order_by(PlanAction.due_date)
    )
    return [(plan, action) for plan, action in rows.all()]


def _counts(states: list[State], side: str, domain: str) -> api.Counts:
    statuses = [s.latest.get((side, domain)) for s in states]
    yes = sum(1 for e in statuses if e is not None and e.status == GEREGELD)
    unknown = sum(1 for e in statuses if e is None)
    return api.Counts(geregeld=yes, niet_geregeld=len(statuses) - yes - unknown, onbekend=unknown)


async def caseload(
    session: AsyncSession,
    actor: Actor,
    *,
    now: dt.datetime,
    today: dt.date,
    tz: dt.tzinfo,
    settings: Settings,
) -> api.Big5Caseload:
    """Per domain how many youths are geregeld, and who is nearest to readiness. Logged."""
    members = await _caseload(session, actor, today, settings)
    entries = await entries_of(session, [y.id for _, y in members])
    states = {y.id: State.of(e for e in entries if e.youth_id == y.id) for _, y in members}
    nearest = []
    for case, youth in members:
        await log_access(
            session,
            actor,
            youth.id,
            resource="big5",
            action="list",
            purpose="BIG5-overzicht van de caseload",
            now=now,
            detail=f"case={case.id}",
        )
        state = states[youth.id]
        ready = readiness(state, today, tz, settings.big5_ready_months)
        nearest.append(
            api.NearReady(
                youth_id=youth.id,
                case_id=case.id,
                name=youth.username or case.label,
                geregeld=state.geregeld_count(),
                ready=ready.ready,
                ready_from=ready.ready_from,
            )
        )
    nearest.sort(key=lambda n: (not n.ready, -n.geregeld, n.ready_from or dt.date.max))
    listed = list(states.values())
    overdue = await _open_overdue(session, [y.id for _, y in members], today)
    return api.Big5Caseload(
        youths=len(members),
        domains=[
            api.CaseloadDomain(
                domain=d,  # type: ignore[arg-type]
                youth_view=_counts(listed, "youth", d),
                casemanager_view=_counts(listed, "casemanager", d),
            )
            for d in texts.DOMAIN_IDS
        ],
        nearest=nearest[:10],
        overdue_actions=len(overdue),
    )


async def overdue_actions(
    session: AsyncSession,
    actor: Actor,
    *,
    now: dt.datetime,
    today: dt.date,
    settings: Settings,
) -> api.OverdueList:
    """Open actions past their due date in the casemanager's caseload. Logged per youth."""
    members = {y.id: (case, y) for case, y in await _caseload(session, actor, today, settings)}
    items = []
    logged: set[str] = set()
    for plan, action in await _open_overdue(session, list(members), today):
        case, youth = members[plan.youth_id]
        if youth.id not in logged:
            logged.add(youth.id)
            await log_access(
                session,
                actor,
                youth.id,
                resource="big5_plans",
                action="list",
                purpose="Verlopen acties bekijken",
                now=now,
                detail=f"case={case.id}",
            )
        items.append(
            api.OverdueAction(
                youth_id=youth.id,
                youth_name=youth.username or case.label,
                plan_id=plan.id,
                domain=plan.domain,  # type: ignore[arg-type]
                goal=plan.goal,
                action=action_view(action, today),
                days_overdue=(today - action.due_date).days if action.due_date else 0,
            )
        )
    return api.OverdueList(items=items)

"""Authorisation in one place: may this actor do this to this subject? And log it.

Route handlers call these functions before touching a youth's data; services trust them.
Every grant to someone other than the youth themself writes an access-log row in the
same transaction, so a read that happened is a read that is logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Case, CaseParent, SupportLink, User
from server.chat.models import Conversation
from server.core import audit
from server.core.auth import Actor
from server.core.clock import age_on
from server.core.errors import ProblemException, forbidden, invalid, not_found
from server.privacy.models import SharingChoice

Level = Literal["none", "summary", "full"]
Relation = Literal["self", "casemanager", "parent", "support_person"]
LEVELS: tuple[Level, ...] = ("none", "summary", "full")
# What a support person can ever be shown, whatever is shared: the BIG5 and plans only.
SUPPORT_PERSON_CATEGORIES = frozenset({"big5", "plans"})
SHAREABLE = frozenset({"checkins", "big5", "plans", "notes"})


@dataclass(frozen=True, slots=True)
class Grant:
    """What the actor may see of one youth's data in one category."""

    youth_id: str
    relation: Relation
    level: Level
    case: Case | None


def two_factor_required() -> ProblemException:
    return forbidden(
        "Zet eerst tweestapsverificatie aan en log opnieuw in met je code; "
        "zonder kun je geen gegevens van jongeren zien.",
        slug="two-factor-required",
    )


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise forbidden("Dit kan alleen met een andere rol.")


def require_staff_mfa(actor: Actor) -> None:
    if actor.is_staff and not actor.mfa:
        raise two_factor_required()


def age_band(age: int | None) -> Literal["onder-12", "12-15", "16-plus"]:
    if age is None or age >= 16:
        return "16-plus"
    return "onder-12" if age < 12 else "12-15"


def default_level(audience: str, age: int | None, has_authority: bool) -> Level:
    """DESIGN's WGBO rules: under 12 parents see; 12–15 summaries; from 16 nothing unshared."""
    if audience != "parent" or not has_authority:
        return "none"
    band = age_band(age)
    return "full" if band == "onder-12" else "summary" if band == "12-15" else "none"


def effective_level(
    audience: str, category: str, age: int | None, has_authority: bool, choice: str | None
) -> Level:
    """The age default, raised (never lowered below the parents' legal floor) by the youth.

    Under 16, parents with authority keep a right to information (WGBO), so a youth of
    12–15 can share more than summaries but not less. From 16 the youth alone decides.
    """
    if audience == "support_person" and category not in SUPPORT_PERSON_CATEGORIES:
        return "none"
    floor = default_level(audience, age, has_authority)
    chosen = next((level for level in LEVELS if level == choice), None)
    if chosen is None:
        return floor
    if age_band(age) == "16-plus" or audience != "parent":
        return chosen
    return max(floor, chosen, key=LEVELS.index)


async def sharing_choice(
    session: AsyncSession, youth_id: str, category: str, audience: str
) -> str | None:
    return await session.scalar(
        select(SharingChoice.level).where(
            SharingChoice.youth_id == youth_id,
            SharingChoice.category == category,
            SharingChoice.audience == audience,
        )
    )


async def log_access(
    session: AsyncSession,
    actor: Actor,
    subject_id: str,
    *,
    resource: str,
    action: str,
    purpose: str,
    now: dt.datetime,
    detail: str = "",
) -> None:
    """Write the access-log row for a read or change of ``subject_id``'s data by ``actor``."""
    if actor.id == subject_id:
        return
    await audit.append(
        session,
        at=now,
        actor_id=actor.id,
        actor_role=actor.role,
        subject_id=subject_id,
        resource=resource,
        action=action,
        purpose=purpose,
        detail=detail,
    )


async def staff_case(
    session: AsyncSession,
    actor: Actor,
    case_id: str,
    *,
    resource: str,
    action: str,
    purpose: str,
    now: dt.datetime,
) -> Case:
    """The case, if the actor is its casemanager. Logged against the youth.

    404 rather than 403 for someone else's case, so that a case's existence is not revealed.
    """
    case = await session.get(Case, case_id)
    if case is None or actor.role != "casemanager" or case.casemanager_id != actor.id:
        raise not_found("Deze casus bestaat niet of hoort niet bij jouw caseload.")
    require_staff_mfa(actor)
    if case.youth_id is not None:
        await log_access(
            session,
            actor,
            case.youth_id,
            resource=resource,
            action=action,
            purpose=purpose,
            now=now,
            detail=f"case={case.id}",
        )
    return case


async def member_case(session: AsyncSession, actor: Actor, case_id: str) -> Case:
    """The case, if the actor is its youth or one of its parents (404 otherwise)."""
    case = await session.get(Case, case_id)
    if case is None:
        raise not_found("Deze casus bestaat niet.")
    if actor.role == "youth" and case.youth_id == actor.id:
        return case
    if actor.role == "parent":
        linked = await session.get(CaseParent, (case.id, actor.id))
        if linked is not None:
            return case
    raise not_found("Deze casus bestaat niet.")


async def open_case_of_youth(session: AsyncSession, youth_id: str) -> Case | None:
    return await session.scalar(
        select(Case).where(Case.youth_id == youth_id, Case.closed_at.is_(None))
    )


async def youth_data(
    session: AsyncSession,
    actor: Actor,
    youth_id: str,
    *,
    category: str,
    resource: str,
    action: str,
    purpose: str,
    now: dt.datetime,
    today: dt.date,
) -> Grant:
    """May ``actor`` see ``category`` data of this youth, and how much? Logs every grant.

    Unrelated actors get 404 (the youth's existence is not revealed); a parent or support
    person whose view is closed gets 403, because they know the youth exists.
    """
    if actor.id == youth_id and actor.role == "youth":
        return Grant(youth_id, "self", "full", await open_case_of_youth(session, youth_id))
    youth = await session.get(User, youth_id)
    if youth is None or youth.role != "youth":
        raise not_found("Niet gevonden.")
    case = await open_case_of_youth(session, youth_id)
    relation: Relation
    level: Level
    if actor.role == "casemanager" and case is not None and case.casemanager_id == actor.id:
        require_staff_mfa(actor)
        relation, level = "casemanager", "full"
    elif actor.role == "parent" and case is not None:
        link = await session.get(CaseParent, (case.id, actor.id))
        if link is None:
            raise not_found("Niet gevonden.")
        age = age_on(youth.birth_date, today) if youth.birth_date else None
        choice = await sharing_choice(session, youth_id, category, "parent")
        relation = "parent"
        level = effective_level("parent", category, age, link.has_authority, choice)
    elif actor.role == "support_person":
        linked = await session.scalar(
            select(SupportLink.id).where(
                SupportLink.youth_id == youth_id, SupportLink.person_id == actor.id
            )
        )
        if linked is None:
            raise not_found("Niet gevonden.")
        choice = await sharing_choice(session, youth_id, category, "support_person")
        relation = "support_person"
        level = effective_level("support_person", category, None, False, choice)
    else:
        raise not_found("Niet gevonden.")
    if level == "none":
        raise forbidden("De jongere deelt dit niet met jou.", slug="not-shared")
    await log_access(
        session,
        actor,
        youth_id,
        resource=resource,
        action=action,
        purpose=purpose,
        now=now,
        detail=f"level={level}",
    )
    return Grant(youth_id, relation, level, case)


# --- forum -----------------------------------------------------------------------------------

FORUM_SPACES = ("12-15", "16-27", "ouders")
YOUTH_SPACES = frozenset({"12-15", "16-27"})


@dataclass(frozen=True, slots=True)
class ForumRights:
    """Which forum spaces an actor may read and post in."""

    read: frozenset[str]
    post: frozenset[str]
    moderator: bool = False


def forum_rights(actor: Actor, today: dt.date) -> ForumRights:
    """Age bands from the birth date on today's date; staff read for moderation only.

    - youth 12–15 read and post in "12-15"; 16 up to the 27th birthday in "16-27";
      from the 27th birthday they may still read "16-27" but no longer post anywhere;
    - parents read and post in "ouders" only (never in youth spaces);
    - peer experts (vetted, invited by an admin) read and post everywhere, always with
      their visible "ervaringsdeskundige" badge;
    - moderators read every space (for moderation) and post nowhere;
    - casemanagers, admins and support persons have no forum access: it is the youths' own
      place, and their clients write there under a pseudonym.
    """
    if actor.role == "youth":
        if actor.birth_date is None:
            return ForumRights(frozenset(), frozenset())
        age = age_on(actor.birth_date, today)
        if age < 16:
            return ForumRights(frozenset({"12-15"}), frozenset({"12-15"}))
        if age < 27:
            return ForumRights(frozenset({"16-27"}), frozenset({"16-27"}))
        return ForumRights(frozenset({"16-27"}), frozenset())
    if actor.role == "parent":
        return ForumRights(frozenset({"ouders"}), frozenset({"ouders"}))
    if actor.role == "peer_expert":
        return ForumRights(frozenset(FORUM_SPACES), frozenset(FORUM_SPACES))
    if actor.role == "moderator":
        return ForumRights(frozenset(FORUM_SPACES), frozenset(), moderator=True)
    return ForumRights(frozenset(), frozenset())


def require_moderator(actor: Actor) -> None:
    """Moderators only, with two-factor: they see what youths wrote and can reveal identities."""
    if actor.role != "moderator":
        raise forbidden("Alleen moderators kunnen dit doen.", slug="moderators-only")
    require_staff_mfa(actor)


async def case_file(
    session: AsyncSession,
    actor: Actor,
    case_id: str,
    *,
    action: str,
    purpose: str,
    now: dt.datetime,
    today: dt.date,
) -> tuple[Case, Level]:
    """May ``actor`` read this case's youth-care file (case notes), and how much? Logged.

    The casemanager of the case and the youth (from 12) see everything ("inzage"); parents
    follow the sharing rules for "notes"; everyone else gets 404.
    """
    case = await session.get(Case, case_id)
    if case is None:
        raise not_found("Deze casus bestaat niet.")
    if actor.role == "casemanager":
        case = await staff_case(
            session, actor, case_id, resource="notes", action=action, purpose=purpose, now=now
        )
        return case, "full"
    if actor.role == "youth" and case.youth_id == actor.id:
        if actor.birth_date is not None and age_on(actor.birth_date, today) < 12:
            raise forbidden("Je dossier kun je inzien vanaf je 12e.")
        return case, "full"
    if actor.role == "parent" and case.youth_id is not None:
        grant = await youth_data(
            session,
            actor,
            case.youth_id,
            category="notes",
            resource="notes",
            action=action,
            purpose=purpose,
            now=now,
            today=today,
        )
        if grant.case is not None and grant.case.id == case.id:
            return case, grant.level
    raise not_found("Deze casus bestaat niet.")


async def file_decider(
    session: AsyncSession,
    actor: Actor,
    case_id: str,
    *,
    action: str,
    purpose: str,
    now: dt.datetime,
) -> Case:
    """The case, if the actor may decide on its file: its casemanager, or an admin of the
    case's organisation. Logged against the youth; 404 for everyone else."""
    case = await session.get(Case, case_id)
    if case is None:
        raise not_found("Niet gevonden.")
    if actor.role == "admin" and case.organisation_id == actor.organisation_id:
        require_staff_mfa(actor)
        if case.youth_id is not None:
            await log_access(
                session,
                actor,
                case.youth_id,
                resource="destruction",
                action=action,
                purpose=purpose,
                now=now,
                detail=f"case={case.id}",
            )
        return case
    return await staff_case(
        session, actor, case_id, resource="destruction", action=action, purpose=purpose, now=now
    )


async def destruction_requester(
    session: AsyncSession, actor: Actor, case_id: str | None, today: dt.date
) -> Case:
    """The case whose file ``actor`` may ask to destroy: a youth from 12 their own case; a
    parent with authority the case of a child under 12."""
    if actor.role == "youth":
        if actor.birth_date is not None and age_on(actor.birth_date, today) < 12:
            raise forbidden("Vanaf je 12e kun je dit zelf vragen; tot dan doet je ouder het.")
        case = await session.scalar(select(Case).where(Case.youth_id == actor.id))
        if case is None or (case_id is not None and case.id != case_id):
            raise not_found("Er is geen dossier van jou bij Roer.")
        return case
    if actor.role == "parent" and case_id is not None:
        case = await session.get(Case, case_id)
        link = await session.get(CaseParent, (case_id, actor.id)) if case else None
        if case is None or link is None:
            raise not_found("Deze casus bestaat niet.")
        youth = await session.get(User, case.youth_id) if case.youth_id else None
        if not link.has_authority or youth is None or youth.birth_date is None:
            raise forbidden("Dit kan alleen een ouder met gezag over een kind onder de 12.")
        if age_on(youth.birth_date, today) >= 12:
            raise forbidden("Je kind is 12 of ouder en vraagt dit zelf.", slug="youth-decides")
        return case
    if actor.role == "parent":
        raise invalid("case_id", "Kies de casus van je kind.")
    raise forbidden("Dit kan alleen een jongere, of een ouder met gezag voor een kind onder 12.")


async def chat_conversation(
    session: AsyncSession, actor: Actor, conversation_id: str
) -> tuple[Conversation, Case]:
    """The conversation and its case, if the actor takes part in it (404 otherwise).

    Membership follows the case, never a stored list: its current casemanager (so after a
    handover the old one has no access), its youth (youth and family conversations), the
    one parent of a parent conversation, and the case's parents in an active family one.
    """
    row = (
        await session.execute(
            select(Conversation, Case)
            .join(Case, Case.id == Conversation.case_id)
            .where(Conversation.id == conversation_id)
        )
    ).first()
    if row is None or not await takes_part_in_chat(session, actor, row[0], row[1]):
        raise not_found("Dit gesprek bestaat niet.")
    conversation, case = row
    require_staff_mfa(actor)
    return conversation, case


async def takes_part_in_chat(
    session: AsyncSession, actor: Actor, conversation: Conversation, case: Case
) -> bool:
    """The rule of ``chat_conversation`` for rows already loaded (the chat writer's batches)."""
    if actor.role == "casemanager":
        return case.casemanager_id == actor.id
    if actor.role == "youth":
        return case.youth_id == actor.id and conversation.kind in ("youth", "family")
    if actor.role == "parent":
        if conversation.kind == "parent":
            return conversation.parent_id == actor.id
        if conversation.kind == "family" and conversation.status == "active":
            return await session.get(CaseParent, (case.id, actor.id)) is not None
    return False

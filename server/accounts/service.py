"""Sign-up, sign-in, sessions, two-factor, cases and invitations. The only writer of these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import accounts as api
from client_api.schema.errors import FieldError
from server.accounts.models import (
    AuthSession,
    Case,
    CaseHandover,
    CaseParent,
    Invite,
    Organisation,
    SupportLink,
    User,
)
from server.core import security
from server.core.access import log_access
from server.core.auth import STAFF_ROLES, Actor
from server.core.clock import age_on
from server.core.errors import ProblemException, conflict, invalid, not_found, too_many
from server.core.pagination import keyset_page, oldest_first
from server.core.ratelimit import FailureThrottle
from server.settings import Settings

MIN_AGE, MAX_AGE_EXCLUSIVE = 12, 27
BAD_LOGIN = "Gebruikersnaam, e-mailadres of wachtwoord klopt niet."


@dataclass(frozen=True)
class AuthConfig:
    """What sign-in needs besides the database: keys, lifetimes and throttles."""

    settings: Settings
    secret: str
    hashing: str
    per_account: FailureThrottle
    per_address: FailureThrottle


def _norm(login: str) -> str:
    return login.strip().lower()


async def register(
    session: AsyncSession, data: api.RegisterRequest, auth: AuthConfig, now: dt.datetime
) -> User:
    """Create an account: a youth without invite, or anyone with a valid invite code."""
    if not data.username and not data.email:
        raise invalid("username", "Kies een gebruikersnaam of vul een e-mailadres in.")
    names = (data.username, data.email.split("@")[0] if data.email else None)
    problem = security.password_problem(data.password, names=names)
    if problem:
        raise invalid("password", problem)
    invite = await _usable_invite(session, data.invite_code, now) if data.invite_code else None
    role = invite.role if invite else "youth"
    if role == "youth":
        _check_youth_age(data.birth_date, now.date())
    if role in STAFF_ROLES | {"peer_expert"} and not data.display_name:
        raise invalid("display_name", "Vul de naam in die jongeren en ouders van je zien.")
    await _check_unique(session, data.username, data.email)
    user = User(
        role=role,
        username=_norm(data.username) if data.username else None,
        email=_norm(data.email) if data.email else None,
        password_hash=await security.hash_password(data.password, auth.hashing),
        birth_date=data.birth_date,
        display_name=data.display_name if role != "youth" else None,
        organisation_id=invite.organisation_id if invite else None,
        totp_enabled=False,
        created_at=now,
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise conflict("Deze gebruikersnaam of dit e-mailadres is al in gebruik.") from exc
    if invite is not None:
        await _redeem(session, invite, user, now)
    return user


def _check_youth_age(birth_date: dt.date | None, today: dt.date) -> None:
    if birth_date is None:
        raise invalid("birth_date", "Vul je geboortedatum in.")
    if birth_date > today:
        raise invalid("birth_date", "Deze geboortedatum ligt in de toekomst.")
    age = age_on(birth_date, today)
    if age < MIN_AGE:
        raise invalid("birth_date", "Roer is er voor jongeren vanaf 12 jaar.")
    if age >= MAX_AGE_EXCLUSIVE:
        raise invalid("birth_date", "Roer is er voor jongeren tot hun 27e verjaardag.")


async def _check_unique(session: AsyncSession, username: str | None, email: str | None) -> None:
    if username and await session.scalar(select(User.id).where(User.username == _norm(username))):
        raise ProblemException(
            409,
            "Deze gebruikersnaam is al in gebruik.",
            errors=[FieldError(field="username", message="al in gebruik")],
        )
    if email and await session.scalar(select(User.id).where(User.email == _norm(email))):
        raise ProblemException(
            409,
            "Dit e-mailadres is al in gebruik.",
            errors=[FieldError(field="email", message="al in gebruik")],
        )


async def _usable_invite(session: AsyncSession, code: str, now: dt.datetime) -> Invite:
    digest = security.digest(security.normalise_invite_code(code))
    invite = await session.scalar(select(Invite).where(Invite.code_hash == digest))
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        raise invalid("invite_code", "Deze code is ongeldig, al gebruikt of verlopen.")
    return invite


async def _redeem(session: AsyncSession, invite: Invite, user: User, now: dt.datetime) -> None:
    # Single use even under concurrent sign-ups: only one UPDATE can flip used_at.
    claimed = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by=user.id)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise invalid("invite_code", "Deze code is ongeldig, al gebruikt of verlopen.")
    if invite.role == "youth" and invite.case_id:
        case = await session.get(Case, invite.case_id, with_for_update=True)
        if case is None or case.youth_id is not None:
            raise invalid("invite_code", "Aan deze casus is al een jongere gekoppeld.")
        case.youth_id = user.id
    elif invite.role == "parent" and invite.case_id:
        session.add(
            CaseParent(
                case_id=invite.case_id,
                parent_id=user.id,
                has_authority=invite.has_authority,
                created_at=now,
            )
        )
    elif invite.role == "support_person" and invite.youth_id:
        session.add(SupportLink(youth_id=invite.youth_id, person_id=user.id, created_at=now))


async def login(
    session: AsyncSession,
    data: api.LoginRequest,
    auth: AuthConfig,
    *,
    address: str,
    now: dt.datetime,
) -> api.TokenPair:
    """Check password (and TOTP when enrolled), throttle failures, open a session."""
    account_key = _norm(data.login)
    for throttle, key in ((auth.per_account, account_key), (auth.per_address, address)):
        wait = await throttle.retry_after(key)
        if wait is not None:
            raise too_many(
                f"Te veel mislukte pogingen. Probeer het over {max(1, wait // 60)} minuut/minuten "
                "opnieuw.",
                wait,
            )
    user = await session.scalar(
        select(User).where(or_(User.username == account_key, User.email == account_key))
    )
    ok = await security.verify_password(
        user.password_hash if user else None, data.password, auth.hashing
    )
    if user is None or not ok or user.disabled_at is not None:
        await _failed(auth, account_key, address)
        raise ProblemException(401, BAD_LOGIN, slug="bad-credentials")
    mfa = False
    if user.totp_enabled and user.totp_secret:
        if not data.totp_code:
            raise ProblemException(
                401, "Vul de code uit je authenticator-app in.", slug="totp-required"
            )
        step = security.totp_step(user.totp_secret, data.totp_code)
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            await _failed(auth, account_key, address)
            raise ProblemException(
                401, "Deze code klopt niet of is al gebruikt.", slug="totp-invalid"
            )
        user.totp_last_step = step
        mfa = True
    await auth.per_account.reset(account_key)
    if user.deletion_scheduled_for is not None:
        # Logging in during the grace period cancels a pending account deletion.
        user.deletion_scheduled_for = None
    refresh_secret = security.opaque_secret()
    login_session = AuthSession(
        user_id=user.id,
        refresh_hash=security.digest(refresh_secret),
        device_name=data.device_name,
        mfa=mfa,
        created_at=now,
        last_used_at=now,
        expires_at=now + dt.timedelta(days=auth.settings.refresh_token_days),
    )
    session.add(login_session)
    await session.flush()
    return _token_pair(auth, user, login_session, refresh_secret)


async def _failed(auth: AuthConfig, account_key: str, address: str) -> None:
    await auth.per_account.failure(account_key)
    await auth.per_address.failure(address)


def _token_pair(
    auth: AuthConfig, user: User, login_session: AuthSession, refresh_secret: str
) -> api.TokenPair:
    minutes = auth.settings.access_token_minutes
    access = security.make_access_token(
        secret=auth.secret,
        user_id=user.id,
        session_id=login_session.id,
        role=user.role,
        mfa=login_session.mfa,
        minutes=minutes,
    )
    return api.TokenPair(
        access_token=access,
        refresh_token=f"{login_session.id}.{refresh_secret}",
        expires_in=minutes * 60,
        session_id=login_session.id,
    )


async def refresh(
    session: AsyncSession, refresh_token: str, auth: AuthConfig, now: dt.datetime
) -> api.TokenPair:
    """Rotate: the old refresh token dies; presenting it again ends the whole session."""
    session_id, _, secret = refresh_token.partition(".")
    login_session = await session.get(AuthSession, session_id) if secret else None
    if login_session is None or login_session.revoked_at is not None:
        raise ProblemException(401, "Log opnieuw in.", slug="refresh-invalid")
    if not security.same(security.digest(secret), login_session.refresh_hash):
        # A used (stolen or replayed) refresh token: end this login everywhere at once.
        login_session.revoked_at = now
        login_session.revoked_reason = "refresh_reuse"
        await session.commit()
        raise ProblemException(401, "Log opnieuw in.", slug="refresh-reused")
    user = await session.get(User, login_session.user_id)
    if user is None or user.disabled_at is not None or login_session.expires_at <= now:
        raise ProblemException(401, "Log opnieuw in.", slug="refresh-invalid")
    new_secret = security.opaque_secret()
    login_session.refresh_hash = security.digest(new_secret)
    login_session.last_used_at = now
    return _token_pair(auth, user, login_session, new_secret)


async def revoke_session(
    session: AsyncSession, user_id: str, session_id: str, now: dt.datetime, reason: str
) -> None:
    login_session = await session.get(AuthSession, session_id)
    if login_session is None or login_session.user_id != user_id:
        raise not_found("Deze sessie bestaat niet.")
    if login_session.revoked_at is None:
        login_session.revoked_at = now
        login_session.revoked_reason = reason


async def list_sessions(
    session: AsyncSession, actor: Actor, now: dt.datetime
) -> list[api.SessionInfo]:
    rows = await session.scalars(
        select(AuthSession)
        .where(
            AuthSession.user_id == actor.id,
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        )
        .order_by(AuthSession.last_used_at.desc())
    )
    return [
        api.SessionInfo(
            id=row.id,
            device_name=row.device_name,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            current=row.id == actor.session_id,
        )
        for row in rows
    ]


async def me(session: AsyncSession, user_id: str, today: dt.date) -> api.Me:
    user = await session.get(User, user_id)
    if user is None:
        raise not_found()
    case_ids: list[str] = []
    if user.role == "youth":
        case_ids = list(await session.scalars(select(Case.id).where(Case.youth_id == user.id)))
    elif user.role == "parent":
        case_ids = list(
            await session.scalars(select(CaseParent.case_id).where(CaseParent.parent_id == user.id))
        )
    return api.Me(
        id=user.id,
        role=user.role,  # type: ignore[arg-type]
        username=user.username,
        email=user.email,
        display_name=user.display_name,
        birth_date=user.birth_date,
        age=age_on(user.birth_date, today) if user.birth_date else None,
        totp_enabled=user.totp_enabled,
        two_factor_required=user.role in STAFF_ROLES,
        case_ids=case_ids,
        created_at=user.created_at,
        deletion_scheduled_for=user.deletion_scheduled_for,
    )


async def enroll_totp(session: AsyncSession, actor: Actor) -> api.TotpEnrollment:
    user = await session.get(User, actor.id)
    if user is None:
        raise not_found()
    if user.totp_enabled:
        raise conflict("Tweestapsverificatie staat al aan.")
    user.totp_secret = security.new_totp_secret()
    account = user.email or user.username or user.id
    return api.TotpEnrollment(
        secret=user.totp_secret, otpauth_uri=security.totp_uri(user.totp_secret, account)
    )


async def confirm_totp(
    session: AsyncSession, actor: Actor, code: str, auth: AuthConfig, now: dt.datetime
) -> api.TokenPair:
    """Turn two-factor on; the current session counts as verified from now on."""
    user = await session.get(User, actor.id)
    login_session = await session.get(AuthSession, actor.session_id)
    if user is None or login_session is None:
        raise not_found()
    if user.totp_enabled:
        raise conflict("Tweestapsverificatie staat al aan.")
    if not user.totp_secret:
        raise conflict("Start eerst de koppeling met POST /me/2fa/enroll.")
    step = security.totp_step(user.totp_secret, code)
    if step is None:
        raise invalid("totp_code", "Deze code klopt niet. Kijk of de tijd op je telefoon klopt.")
    user.totp_enabled = True
    user.totp_last_step = step
    login_session.mfa = True
    secret = security.opaque_secret()
    login_session.refresh_hash = security.digest(secret)
    login_session.last_used_at = now
    return _token_pair(auth, user, login_session, secret)


# --- cases -------------------------------------------------------------------------------


async def create_case(
    session: AsyncSession, actor: Actor, data: api.CaseCreate, now: dt.datetime
) -> Case:
    case = Case(
        label=data.label,
        region=data.region,
        casemanager_id=actor.id,
        organisation_id=actor.organisation_id,
        created_at=now,
    )
    session.add(case)
    await session.flush()
    return case


async def case_view(session: AsyncSession, case: Case, today: dt.date) -> api.Case:
    ids = [case.casemanager_id] + ([case.youth_id] if case.youth_id else [])
    parent_rows = (
        (
            await session.execute(
                select(User)
                .join(CaseParent, CaseParent.parent_id == User.id)
                .where(CaseParent.case_id == case.id)
            )
        )
        .scalars()
        .all()
    )
    users = {u.id: u for u in await session.scalars(select(User).where(User.id.in_(ids)))}
    manager = users.get(case.casemanager_id)
    youth = users.get(case.youth_id) if case.youth_id else None
    return api.Case(
        id=case.id,
        label=case.label,
        region=case.region,
        casemanager=_ref(manager, today)
        if manager
        else api.PersonRef(id=case.casemanager_id, role="casemanager", name="casemanager"),
        youth=_ref(youth, today) if youth else None,
        parents=[_ref(p, today) for p in parent_rows],
        created_at=case.created_at,
        closed_at=case.closed_at,
    )


def _ref(user: User, today: dt.date) -> api.PersonRef:
    name = user.display_name or user.username or (user.email or "").split("@")[0] or user.role
    age = age_on(user.birth_date, today) if user.birth_date else None
    return api.PersonRef(id=user.id, role=user.role, name=name, age=age)  # type: ignore[arg-type]


async def caseload(
    session: AsyncSession, actor: Actor, cursor: str | None, limit: int
) -> tuple[list[Case], str | None]:
    """The casemanager's own open and closed cases, oldest first."""
    query = select(Case).where(Case.casemanager_id == actor.id)
    order = oldest_first(Case.created_at, Case.id)
    return await keyset_page(session, query, order, cursor, limit)


async def create_invite(
    session: AsyncSession,
    actor: Actor,
    *,
    role: str,
    settings: Settings,
    now: dt.datetime,
    case_id: str | None = None,
    youth_id: str | None = None,
    has_authority: bool = True,
) -> api.Invite:
    if role == "youth" and case_id:
        case = await session.get(Case, case_id)
        if case is not None and case.youth_id is not None:
            raise conflict("Aan deze casus is al een jongere gekoppeld.")
    code = security.invite_code()
    expires = now + dt.timedelta(days=settings.invite_days)
    session.add(
        Invite(
            code_hash=security.digest(security.normalise_invite_code(code)),
            role=role,
            case_id=case_id,
            youth_id=youth_id,
            organisation_id=actor.organisation_id,
            has_authority=has_authority,
            created_by=actor.id,
            created_at=now,
            expires_at=expires,
        )
    )
    return api.Invite(code=code, role=role, case_id=case_id, expires_at=expires)  # type: ignore[arg-type]


async def handover(
    session: AsyncSession, actor: Actor, case_id: str, data: api.HandoverRequest, now: dt.datetime
) -> Case:
    """Give a case to another casemanager of the same organisation; its history stays."""
    case = await session.get(Case, case_id)
    if case is None or case.organisation_id != actor.organisation_id:
        raise not_found("Deze casus bestaat niet.")
    target = await session.get(User, data.casemanager_id)
    if (
        target is None
        or target.role != "casemanager"
        or target.organisation_id != actor.organisation_id
        or target.disabled_at is not None
    ):
        raise invalid("casemanager_id", "Kies een actieve casemanager van je eigen organisatie.")
    if target.id == case.casemanager_id:
        raise conflict("Deze casemanager heeft de casus al.")
    session.add(
        CaseHandover(
            case_id=case.id,
            from_id=case.casemanager_id,
            to_id=target.id,
            by_id=actor.id,
            reason=data.reason,
            at=now,
        )
    )
    case.casemanager_id = target.id
    if case.youth_id:
        await log_access(
            session,
            actor,
            case.youth_id,
            resource="case",
            action="handover",
            purpose="Casus overgedragen aan een andere casemanager",
            now=now,
            detail=f"case={case.id}",
        )
    return case


async def organisation_staff(session: AsyncSession, actor: Actor) -> list[User]:
    return list(
        await session.scalars(
            select(User)
            .where(
                User.organisation_id == actor.organisation_id,
                User.role.in_(STAFF_ROLES | {"peer_expert"}),
            )
            .order_by(User.role, User.display_name)
        )
    )


async def ensure_organisation(session: AsyncSession, name: str, now: dt.datetime) -> Organisation:
    org = await session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name, created_at=now)
        session.add(org)
        await session.flush()
    return org


async def create_user(
    session: AsyncSession,
    *,
    role: str,
    username: str,
    password: str,
    now: dt.datetime,
    hashing: str = "default",
    display_name: str | None = None,
    birth_date: dt.date | None = None,
    organisation_id: str | None = None,
    check_password: bool = True,
) -> User:
    """Make an account directly (CLI and demo); same password rules as sign-up."""
    if check_password:
        problem = security.password_problem(password, names=(username,))
        if problem:
            raise ValueError(problem)
    if await session.scalar(
        select(func.count()).select_from(User).where(User.username == _norm(username))
    ):
        raise ValueError(f"username {username!r} is taken")
    user = User(
        role=role,
        username=_norm(username),
        password_hash=await security.hash_password(password, hashing),
        display_name=display_name,
        birth_date=birth_date,
        organisation_id=organisation_id,
        totp_enabled=False,
        created_at=now,
    )
    session.add(user)
    await session.flush()
    return user


# --- export and erasure (called by server/privacy) ------------------------------------------


async def export_user_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """Profile, sign-in sessions, case membership and support links of this user only."""
    user = await session.get(User, user_id)
    if user is None:
        return {}
    sessions = await session.scalars(select(AuthSession).where(AuthSession.user_id == user_id))
    cases: list[dict[str, Any]] = []
    for case in await session.scalars(select(Case).where(Case.youth_id == user_id)):
        manager = await session.get(User, case.casemanager_id)
        cases.append(
            {
                "case_id": case.id,
                "relation": "youth",
                "label": case.label,
                "casemanager": manager.display_name if manager else None,
                "opened_at": case.created_at,
                "closed_at": case.closed_at,
                "care_ended_at": case.care_ended_at,
            }
        )
    links = await session.scalars(select(CaseParent).where(CaseParent.parent_id == user_id))
    for link in links:
        linked = await session.get(Case, link.case_id)
        manager = await session.get(User, linked.casemanager_id) if linked else None
        cases.append(
            {
                "case_id": link.case_id,
                "relation": "parent",
                "has_authority": link.has_authority,
                "casemanager": manager.display_name if manager else None,
                "linked_at": link.created_at,
            }
        )
    supports = await session.scalars(
        select(SupportLink).where(
            or_(SupportLink.youth_id == user_id, SupportLink.person_id == user_id)
        )
    )
    return {
        "profile": {
            "id": user.id,
            "role": user.role,
            "username": user.username,
            "email": user.email,
            "display_name": user.display_name,
            "birth_date": user.birth_date,
            "two_factor": user.totp_enabled,
            "created_at": user.created_at,
            "deletion_scheduled_for": user.deletion_scheduled_for,
        },
        "sessions": [
            {
                "device_name": s.device_name,
                "created_at": s.created_at,
                "last_used_at": s.last_used_at,
                "expires_at": s.expires_at,
                "ended_at": s.revoked_at,
            }
            for s in sessions
        ],
        "cases": cases,
        "support_links": [
            {
                "as": "youth" if link.youth_id == user_id else "support_person",
                "relation": link.relation,
                "since": link.created_at,
            }
            for link in supports
        ],
    }


async def schedule_deletion(
    session: AsyncSession, user_id: str, when: dt.datetime, now: dt.datetime
) -> None:
    """Mark the account for erasure at ``when`` and sign it out everywhere; signing in again
    before then cancels (see ``login``)."""
    user = await session.get(User, user_id)
    if user is None:
        raise not_found()
    user.deletion_scheduled_for = when
    await session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason="deletion")
    )


async def erase_user_data(session: AsyncSession, user_id: str, now: dt.datetime) -> None:
    """Delete the account row and everything of accounts that is about this user. The case
    itself stays (it belongs to the youth-care file) but no longer points at the user."""
    await session.execute(update(Case).where(Case.youth_id == user_id).values(youth_id=None))
    await session.execute(delete(Invite).where(Invite.created_by == user_id))
    await session.execute(update(Invite).where(Invite.used_by == user_id).values(used_by=None))
    await session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))
    await session.execute(
        delete(SupportLink).where(
            or_(SupportLink.youth_id == user_id, SupportLink.person_id == user_id)
        )
    )
    await session.execute(delete(CaseParent).where(CaseParent.parent_id == user_id))
    await session.execute(delete(User).where(User.id == user_id))

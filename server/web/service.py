"""Console sign-in on top of the accounts service, and the few reads only the console needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import accounts as api
from server.accounts import service as accounts
from server.accounts.models import AuthSession, Case, User
from server.accounts.service import AuthConfig
from server.alerts.models import Alert
from server.core import security
from server.core.auth import Actor
from server.core.errors import ProblemException, not_found, too_many
from server.web import texts
from server.web.session import CONSOLE_ROLES

DEVICE = "Webconsole"


@dataclass(frozen=True)
class PasswordStep:
    """The password was right: either a session is open, or the second factor is due."""

    user_id: str
    session_id: str | None


async def password_step(
    session: AsyncSession,
    login: str,
    password: str,
    auth: AuthConfig,
    *,
    address: str,
    now: dt.datetime,
) -> PasswordStep:
    """``accounts.login`` without a code: throttling, password check, the session row."""
    data = api.LoginRequest(login=login[:254], password=password[:256], device_name=DEVICE)
    try:
        pair = await accounts.login(session, data, auth, address=address, now=now)
    except ProblemException as exc:
        if exc.slug != "totp-required":
            raise
        user = await _by_login(session, login)
        if user is None:  # cannot happen: login checked the password of this very account
            raise
        return PasswordStep(user.id, None)
    login_session = await session.get(AuthSession, pair.session_id)
    assert login_session is not None
    await _console_session(session, login_session, auth, now)
    return PasswordStep(login_session.user_id, login_session.id)


async def _by_login(session: AsyncSession, login: str) -> User | None:
    key = login.strip().lower()
    return await session.scalar(select(User).where(or_(User.username == key, User.email == key)))


async def _console_session(
    session: AsyncSession, login_session: AuthSession, auth: AuthConfig, now: dt.datetime
) -> None:
    """Console sign-ins live for a working day, not the app's refresh lifetime."""
    login_session.expires_at = now + dt.timedelta(hours=auth.settings.console_session_hours)
    user = await session.get(User, login_session.user_id)
    if user is None or user.role not in CONSOLE_ROLES:
        # Youths and parents use the app; their console attempt leaves no live session.
        login_session.revoked_at, login_session.revoked_reason = now, "console_refused"
        raise ProblemException(403, texts.NOT_STAFF, slug="console-staff-only")


async def code_step(
    session: AsyncSession,
    user_id: str,
    code: str,
    auth: AuthConfig,
    *,
    address: str,
    now: dt.datetime,
) -> str:
    """The second factor, with the same throttles and replay rule as ``accounts.login``."""
    user = await session.get(User, user_id)
    if user is None or user.disabled_at is not None or not user.totp_secret:
        raise ProblemException(401, texts.CODE_EXPIRED, slug="login-expired")
    key = user.username or user.email or user.id
    for throttle, throttle_key in ((auth.per_account, key), (auth.per_address, address)):
        wait = await throttle.retry_after(throttle_key)
        if wait is not None:
            raise too_many(
                f"Te veel mislukte pogingen. Probeer het over {max(1, wait // 60)} minuut/minuten "
                "opnieuw.",
                wait,
            )
    step = security.totp_step(user.totp_secret, code.strip()) if code.strip() else None
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        await auth.per_account.failure(key)
        await auth.per_address.failure(address)
        raise ProblemException(401, texts.BAD_CODE, slug="totp-invalid")
    user.totp_last_step = step
    await auth.per_account.reset(key)
    login_session = AuthSession(
        user_id=user.id,
        # Nobody holds a refresh secret for a console session: it cannot become app tokens.
        refresh_hash=security.digest(security.opaque_secret()),
        device_name=DEVICE,
        mfa=True,
        created_at=now,
        last_used_at=now,
        expires_at=now,
    )
    session.add(login_session)
    await _console_session(session, login_session, auth, now)
    await session.flush()
    return login_session.id


def access_token(auth: AuthConfig, actor: Actor, minutes: int = 5) -> str:
    """A short-lived API token for this console session (for the chat websocket)."""
    return security.make_access_token(
        secret=auth.secret,
        user_id=actor.id,
        session_id=actor.session_id,
        role=actor.role,
        mfa=actor.mfa,
        minutes=minutes,
    )


async def open_alert_count(session: AsyncSession, actor: Actor) -> tuple[int, int]:
    """(open, urgent) alerts in this casemanager's queue: numbers only, no youth data."""
    rows = (
        await session.execute(
            select(Alert.urgent, func.count())
            .join(Case, Case.id == Alert.case_id)
            .where(
                Alert.resolved_at.is_(None),
                or_(
                    Case.casemanager_id == actor.id,
                    Alert.escalated_at.is_not(None)
                    & (Case.organisation_id == actor.organisation_id)
                    & Case.organisation_id.is_not(None),
                ),
            )
            .group_by(Alert.urgent)
        )
    ).all()
    counts = {bool(urgent): int(n) for urgent, n in rows}
    return counts.get(False, 0) + counts.get(True, 0), counts.get(True, 0)


@dataclass(frozen=True)
class OrgCase:
    id: str
    label: str
    casemanager_id: str
    casemanager: str


async def organisation_cases(session: AsyncSession, actor: Actor) -> list[OrgCase]:
    """Open cases of the admin's organisation by label and casemanager (for handover only).

    No youth data: an admin hands a case over by its label and never sees its content.
    """
    if actor.organisation_id is None:
        return []
    rows = (
        await session.execute(
            select(Case, User)
            .join(User, User.id == Case.casemanager_id)
            .where(Case.organisation_id == actor.organisation_id, Case.closed_at.is_(None))
            .order_by(Case.label, Case.id)
            .limit(1000)
        )
    ).all()
    return [
        OrgCase(case.id, case.label, user.id, user.display_name or user.username or "")
        for case, user in rows
    ]


async def case_of_organisation(session: AsyncSession, actor: Actor, case_id: str) -> Case:
    case = await session.get(Case, case_id)
    if case is None or case.organisation_id != actor.organisation_id:
        raise not_found("Deze casus bestaat niet.")
    return case

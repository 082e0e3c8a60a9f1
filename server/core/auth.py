"""Who is calling: the access token is checked against a live session on every request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.security.jwt import JWTAuth, Token
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.core.security import JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER

STAFF_ROLES = frozenset({"casemanager", "moderator", "admin"})


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user of a request, as far as authorisation needs to know them."""

    id: str
    role: str
    session_id: str
    mfa: bool
    birth_date: dt.date | None
    organisation_id: str | None
    display_name: str | None
    username: str | None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


async def load_actor(session: AsyncSession, user_id: str, session_id: str) -> Actor | None:
    """The actor if the user is active and the sign-in session is live, else None."""
    return (await load_actors(session, [(user_id, session_id)])).get((user_id, session_id))


async def load_actors(
    session: AsyncSession, subjects: Collection[tuple[str, str]]
) -> dict[tuple[str, str], Actor]:
    """The live actors among (user id, sign-in session id) pairs, in one statement: an
    active user with a sign-in session of theirs that is neither revoked nor expired."""
    from server.accounts.models import AuthSession, User

    rows = await session.execute(
        select(
            User.id,
            User.role,
            User.birth_date,
            User.organisation_id,
            User.display_name,
            User.username,
            User.disabled_at,
            AuthSession.id,
            AuthSession.mfa,
            AuthSession.revoked_at,
            AuthSession.expires_at,
        )
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(AuthSession.id.in_(sorted({session_id for _, session_id in subjects})))
    )
    now = dt.datetime.now(dt.UTC)
    found: dict[tuple[str, str], Actor] = {}
    for user_id, role, birth, org, name, username, disabled, sid, mfa, revoked, expires in rows:
        if disabled is not None or revoked is not None or expires < now:
            continue
        found[(user_id, sid)] = Actor(
            id=user_id,
            role=role,
            session_id=sid,
            mfa=mfa,
            birth_date=birth,
            organisation_id=org,
            display_name=name,
            username=username,
        )
    return found


@dataclass(frozen=True, slots=True)
class TokenSubject:
    """Who a verified access token names. Not yet an actor: see ``provide_actor``."""

    user_id: str
    session_id: str


async def _token_subject(
    token: Token, connection: ASGIConnection[Any, Any, Any, Any]
) -> TokenSubject | None:
    """The middleware verifies the token (signature, expiry, audience, issuer) only.

    Whether the account is active and the sign-in session still live is checked by the
    ``actor`` dependency inside the request's own transaction: one query instead of a
    second database session per request, and every authenticated handler takes ``actor``
    (a test walks the routes to keep it so).
    """
    session_id = token.extras.get("sid")
    if not isinstance(session_id, str):
        return None
    return TokenSubject(user_id=token.sub, session_id=session_id)


def jwt_auth(secret: str, exclude: list[str]) -> JWTAuth[TokenSubject, Token]:
    return JWTAuth[TokenSubject, Token](
        token_secret=secret,
        retrieve_user_handler=_token_subject,
        algorithm=JWT_ALGORITHM,
        accepted_audiences=[JWT_AUDIENCE],
        accepted_issuers=[JWT_ISSUER],
        require_claims=["exp", "iat", "aud", "iss", "sub"],
        exclude=exclude,
        description="Access token from POST /api/v1/auth/login, as `Authorization: Bearer …`.",
    )

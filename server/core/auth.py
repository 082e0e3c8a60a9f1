"""Who is calling: the access token is checked against a live session on every request."""

from __future__ import annotations

import datetime as dt
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
    from server.accounts.models import AuthSession, User

    row = (
        await session.execute(
            select(User, AuthSession)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(User.id == user_id, AuthSession.id == session_id)
        )
    ).first()
    if row is None:
        return None
    user, login = row
    now = dt.datetime.now(dt.UTC)
    if user.disabled_at is not None or login.revoked_at is not None or login.expires_at < now:
        return None
    return Actor(
        id=user.id,
        role=user.role,
        session_id=login.id,
        mfa=login.mfa,
        birth_date=user.birth_date,
        organisation_id=user.organisation_id,
        display_name=user.display_name,
        username=user.username,
    )


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

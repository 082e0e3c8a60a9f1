"""Who is calling: the access token is checked against a live session on every request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.security.jwt import JWTAuth, Token
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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


async def _retrieve_actor(
    token: Token, connection: ASGIConnection[Any, Any, Any, Any]
) -> Actor | None:
    session_id = token.extras.get("sid")
    if not isinstance(session_id, str):
        return None
    factory: async_sessionmaker[AsyncSession] = connection.app.state.sessionmaker
    async with factory() as session:
        return await load_actor(session, token.sub, session_id)


def jwt_auth(secret: str, exclude: list[str]) -> JWTAuth[Actor, Token]:
    return JWTAuth[Actor, Token](
        token_secret=secret,
        retrieve_user_handler=_retrieve_actor,
        algorithm=JWT_ALGORITHM,
        accepted_audiences=[JWT_AUDIENCE],
        accepted_issuers=[JWT_ISSUER],
        require_claims=["exp", "iat", "aud", "iss", "sub"],
        exclude=exclude,
        description="Access token from POST /api/v1/auth/login, as `Authorization: Bearer …`.",
    )

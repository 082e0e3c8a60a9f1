"""Application-wide dependencies: settings, clock, the signed-in actor."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException
from litestar.security.jwt import Token
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.service import AuthConfig
from server.core.auth import Actor, TokenSubject, load_actor
from server.core.clock import Clock
from server.core.db import provide_db_session
from server.settings import Settings


def provide_settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


def provide_clock(state: State) -> Clock:
    clock: Clock = state.clock
    return clock


def provide_auth_config(state: State) -> AuthConfig:
    auth: AuthConfig = state.auth_config
    return auth


async def provide_actor(
    request: Request[Any, Token, Any], db_session: NamedDependency[AsyncSession]
) -> Actor:
    """The signed-in actor: the token's subject, if the account is active and the sign-in
    session live — checked now, so a disabled account or an ended session stops at once."""
    subject = request.scope.get("user")
    if not isinstance(subject, TokenSubject):
        raise NotAuthorizedException()
    actor = await load_actor(db_session, subject.user_id, subject.session_id)
    # End this read at once: it hands the connection back to the pool (SQLite has one),
    # so a handler that waits on another writer (the chat writer) cannot deadlock on it.
    await db_session.rollback()
    if actor is None:
        raise NotAuthorizedException()
    return actor


DEPENDENCIES = {
    "db_session": Provide(provide_db_session),
    "settings": Provide(provide_settings, sync_to_thread=False),
    "clock": Provide(provide_clock, sync_to_thread=False),
    "auth_config": Provide(provide_auth_config, sync_to_thread=False),
    "actor": Provide(provide_actor),
}

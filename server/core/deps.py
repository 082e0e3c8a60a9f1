"""Application-wide dependencies: settings, clock, the signed-in actor."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.security.jwt import Token
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.accounts.service import AuthConfig
from server.core.auth import Actor, TokenSubject, load_actors
from server.core.clock import Clock
from server.core.db import provide_db_session
from server.core.groupcommit import InLoopReads
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


class ActorLoader:
    """Checks the actors of concurrent requests together: one query for all waiting.

    Every authenticated request needs its account and sign-in session checked now. With
    many requests at once (and SQLite's one connection) a statement each means waiting in
    line for the connection; here whoever arrives while a check runs waits for the next one,
    which covers them all. Each check starts after its requests arrived, so an account
    disabled or a session ended before a request came in stops that request.
    """

    MAX_BATCH = 500

    def __init__(self, reads: InLoopReads) -> None:
        self.reads = reads
        self.waiting: list[tuple[TokenSubject, asyncio.Future[Actor | None]]] = []
        self.task: asyncio.Task[None] | None = None

    async def load(self, subject: TokenSubject) -> Actor | None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Actor | None] = loop.create_future()
        self.waiting.append((subject, future))
        if self.task is None:
            self.task = loop.create_task(self._drain(), name="actor-loader")
        return await future

    async def _drain(self) -> None:
        try:
            while self.waiting:
                batch = [w for w in self.waiting[: self.MAX_BATCH] if not w[1].done()]
                del self.waiting[: self.MAX_BATCH]
                if batch:
                    await self._check(batch)
        finally:
            self.task = None

    async def _check(self, batch: list[tuple[TokenSubject, asyncio.Future[Actor | None]]]) -> None:
        keys = [(subject.user_id, subject.session_id) for subject, _ in batch]
        try:
            found = await self.reads.run(lambda session: load_actors(session, keys))
        except Exception as exc:  # each request fails as its own check would have
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for key, (_, future) in zip(keys, batch, strict=True):
            if not future.done():
                future.set_result(found.get(key))


def provide_reads(state: State) -> InLoopReads:
    """Read-only work of a request (``await reads.run(work)``), for handlers that never write.

    On a SQLite file the work runs on the read-only connection, in the event loop: a
    handler's statements then cost no hop each to aiosqlite's thread, and do not queue
    behind other requests' statements on the one read-write connection. Elsewhere (and when
    SQLite is busy) it runs in a session of its own the usual way. Nothing is committed: a
    handler that writes, or logs an access, uses ``db_session``.
    """
    reads: InLoopReads | None = state.get("in_loop_reads")
    if reads is None:
        sessions: async_sessionmaker[AsyncSession] = state.get(
            "read_sessionmaker", state.sessionmaker
        )
        own = sessions is not state.sessionmaker  # SQLite's read engine, which never writes
        reads = state.in_loop_reads = InLoopReads(sessions, own)
    return reads


def actor_loader(state: State) -> ActorLoader:
    loader: ActorLoader | None = state.get("actor_loader")
    if loader is None:
        loader = state.actor_loader = ActorLoader(provide_reads(state))
    return loader


async def provide_actor(request: Request[Any, Token, Any], state: State) -> Actor:
    """The signed-in actor: the token's subject, if the account is active and the sign-in
    session live — checked now, so a disabled account or an ended session stops at once.

    Checked outside the request's own session (``ActorLoader``), so the request holds no
    connection while it waits for a writer (the chat and check-in writers)."""
    subject = request.scope.get("user")
    if not isinstance(subject, TokenSubject):
        raise NotAuthorizedException()
    actor = await actor_loader(state).load(subject)
    if actor is None:
        raise NotAuthorizedException()
    return actor


DEPENDENCIES = {
    "db_session": Provide(provide_db_session),
    "settings": Provide(provide_settings, sync_to_thread=False),
    "clock": Provide(provide_clock, sync_to_thread=False),
    "auth_config": Provide(provide_auth_config, sync_to_thread=False),
    "actor": Provide(provide_actor),
    "reads": Provide(provide_reads, sync_to_thread=False),
}

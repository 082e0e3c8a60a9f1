"""HTTP face of privacy: sharing choices and the access log."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import privacy as api
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.pagination import CursorParam, Limit
from server.privacy import service


class PrivacyController(Controller):
    path = "/me"
    tags = ["privacy"]

    @get("/sharing", summary="What I share with my parents and support persons")
    async def sharing(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Sharing:
        return await service.sharing(db_session, actor, clock.today())

    @put("/sharing", summary="Change what I share")
    async def update_sharing(
        self,
        data: JSONBody[api.SharingUpdate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Sharing:
        await service.update_sharing(db_session, actor, data, clock.now())
        await db_session.flush()
        return await service.sharing(db_session, actor, clock.today())

    @get("/access-log", summary="Who looked at my data")
    async def access_log(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.AccessLogPage:
        return await service.access_log(db_session, actor, cursor, limit)

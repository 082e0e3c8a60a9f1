"""HTTP face of the attention queue."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import alerts as api
from server.alerts import service
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock


class AlertController(Controller):
    path = "/alerts"
    tags = ["check-ins"]

    @get("/", summary="My attention queue: urgent first, then longest waiting")
    async def queue(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        include_resolved: FromQuery[bool] = False,
    ) -> api.AlertList:
        access.require_role(actor, "casemanager")
        return await service.queue(
            db_session, actor, include_resolved=include_resolved, now=clock.now()
        )

    @post("/{alert_id:str}/acknowledge", status_code=200, summary="I have seen it")
    async def acknowledge(
        self,
        alert_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Alert:
        return await service.acknowledge(db_session, actor, alert_id, clock.now())

    @post("/{alert_id:str}/resolve", status_code=200, summary="Resolve with a short note")
    async def resolve(
        self,
        alert_id: FromPath[str],
        data: JSONBody[api.AlertResolve],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Alert:
        return await service.resolve(db_session, actor, alert_id, data.note, clock.now())

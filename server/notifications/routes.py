"""HTTP face of notifications: push registrations and the in-app inbox."""

from __future__ import annotations

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import notifications as api
from client_api.schema.common import Ok
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.pagination import CursorParam, Limit
from server.notifications import service


class DeviceController(Controller):
    path = "/devices"
    tags = ["notifications"]

    @post("/", status_code=201, summary="Register this phone for push notifications")
    async def add(
        self,
        data: JSONBody[api.DeviceCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> api.Device:
        device = await service.add_device(db_session, actor, data, clock.now())
        return api.Device(
            id=device.id, platform=device.platform, name=device.name, created_at=device.created_at
        )

    @delete("/{device_id:str}", status_code=200, summary="Stop pushes to this phone")
    async def remove(
        self,
        device_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
    ) -> Ok:
        await service.remove_device(db_session, actor, device_id)
        return Ok()


class InboxController(Controller):
    path = "/me/notifications"
    tags = ["notifications"]

    @get("/", summary="My notifications, newest first")
    async def inbox(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.NotificationList:
        return await service.inbox(db_session, actor, cursor, limit)

    @post("/{notification_id:str}/read", status_code=200, summary="Mark as read")
    async def read(
        self,
        notification_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Ok:
        await service.mark_read(db_session, actor, notification_id, clock.now())
        return Ok()

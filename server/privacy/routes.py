"""HTTP face of privacy: sharing choices, the access log, export and leaving Roer."""

from __future__ import annotations

from typing import Literal

import msgspec
from litestar import Controller, Response, delete, get, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import privacy as api
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.openapi import also_serves
from server.core.pagination import CursorParam, Limit
from server.privacy import erasure, export, service
from server.settings import Settings


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
        clock: NamedDependency[Clock],
        cursor: CursorParam = None,
        limit: Limit = 50,
    ) -> api.AccessLogPage:
        return await service.access_log(db_session, actor, cursor, limit, clock.tz)

    @get(
        "/export",
        summary="Everything Roer stores about me (JSON, or HTML with ?format=html)",
        responses={
            200: ResponseSpec(
                data_container=api.ExportArchive,
                media_type="application/json",
                description="The archive (JSON), or with ?format=html the same as a web page",
            )
        },
        operation_class=also_serves("text/html"),
    )
    async def export(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        format: FromQuery[Literal["json", "html"]] = "json",
    ) -> Response[bytes]:
        """JSON per docs/export-schema.md; the HTML page is the same archive, in Dutch."""
        data = await export.archive(db_session, actor.id, actor.role, clock.now())
        if format == "html":
            page = export.html(data, clock.tz).encode()
            return Response(content=page, media_type="text/html; charset=utf-8")
        disposition = 'attachment; filename="mijn-gegevens.json"'
        return Response(
            content=msgspec.json.encode(data),
            media_type="application/json",
            headers={"Content-Disposition": disposition},
        )

    @delete("/", status_code=200, summary="Leave Roer: erase my account after a grace period")
    async def leave(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        forum_posts: FromQuery[Literal["anonymise", "remove"]] = "anonymise",
    ) -> api.DeletionScheduled:
        """Signs out everywhere; logging in again within the grace period cancels.

        ``forum_posts``: keep my forum posts under "verwijderd lid" (default) or remove them.
        """
        return await erasure.schedule(
            db_session,
            actor,
            now=clock.now(),
            settings=settings,
            tz=clock.tz,
            forum_posts=forum_posts,
        )

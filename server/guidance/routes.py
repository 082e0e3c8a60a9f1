"""HTTP face of guidance: search and read guides, walk pathways, give and read feedback.

Guides and pathways are public information: reading and searching them needs no sign-in,
so someone can find help before (or without) having an account. Feedback needs sign-in.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import guidance as api
from content.loader import Library
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.groupcommit import InLoopReads
from server.core.pagination import CursorParam
from server.guidance import service
from server.settings import Settings

EDITOR_ROLES = ("peer_expert", "admin")


def provide_library(state: State) -> Library:
    library: Library | None = state.get("guidance_library")
    return library if library is not None else service.current_library()


LIBRARY = {"library": Provide(provide_library, sync_to_thread=False)}


class GuideController(Controller):
    path = "/guides"
    tags = ["guidance"]
    dependencies = LIBRARY

    @get("/", exclude_from_auth=True, summary="Search or list guides (public)")
    async def search(
        self,
        reads: NamedDependency[InLoopReads],
        library: NamedDependency[Library],
        q: Annotated[str | None, QueryParameter(max_length=200)] = None,
        topic: FromQuery[api.Topic | None] = None,
        domain: FromQuery[api.Big5Domain | None] = None,
        audience: FromQuery[api.Audience | None] = None,
        cursor: CursorParam = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 20,
    ) -> api.GuideList:
        """Dutch full-text search (stemmed, ranked, snippets with <mark>); without ``q``
        every guide by title. ``audience=jongere`` also finds guides for both."""
        return await reads.run(
            lambda session: service.search_guides(
                session,
                library,
                q=q,
                topic=topic,
                domain=domain,
                audience=audience,
                cursor=cursor,
                limit=limit,
            )
        )

    @get("/{slug:str}", exclude_from_auth=True, summary="One guide (public)")
    async def read(self, slug: FromPath[str], library: NamedDependency[Library]) -> api.Guide:
        return service.guide(library, slug)

    @post("/{slug:str}/feedback", status_code=200, summary="Was this guide helpful?")
    async def give_feedback(
        self,
        slug: FromPath[str],
        data: JSONBody[api.FeedbackCreate],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        library: NamedDependency[Library],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> api.FeedbackResult:
        """One answer per person per guide: sending again replaces all of it, comment
        included (200 with ``replaced: true``, not 409), so a person can change their mind."""
        return await service.submit_feedback(
            db_session,
            actor,
            library,
            slug,
            data,
            now=clock.now(),
            today=clock.today(),
            settings=settings,
            tz=clock.tz,
        )

    @get("/{slug:str}/feedback", summary="Counts and comments on a guide (editors)")
    async def feedback(
        self,
        slug: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        library: NamedDependency[Library],
        cursor: CursorParam = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    ) -> api.GuideFeedback:
        """Comments carry no author, only the day they were written."""
        access.require_role(actor, *EDITOR_ROLES)
        return await service.guide_feedback(db_session, library, slug, cursor, limit)


class GuidanceFeedbackController(Controller):
    path = "/guidance/feedback"
    tags = ["guidance"]
    dependencies = LIBRARY

    @get("/", summary="Feedback counts per guide (editors)")
    async def overview(
        self,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        library: NamedDependency[Library],
    ) -> api.FeedbackOverview:
        access.require_role(actor, *EDITOR_ROLES)
        return await service.feedback_overview(db_session, library)


class PathwayController(Controller):
    path = "/pathways"
    tags = ["guidance"]
    dependencies = LIBRARY

    @get("/", exclude_from_auth=True, summary="All pathways (public)")
    async def list_pathways(self, library: NamedDependency[Library]) -> api.PathwayList:
        return service.pathways(library)

    @get("/{slug:str}", exclude_from_auth=True, summary="A whole pathway tree (public)")
    async def read(self, slug: FromPath[str], library: NamedDependency[Library]) -> api.Pathway:
        """Every node at once, so an app can walk it offline."""
        return service.pathway(library, slug)

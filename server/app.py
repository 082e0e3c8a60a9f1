"""The application factory: the one place Roer is assembled."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from zoneinfo import ZoneInfo

from litestar import Litestar, Router, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Components, SecurityScheme
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis
from sqlalchemy import text

from client_api.schema.errors import Problem
from client_api.schema.health import Health
from moderation.classifier import shipped_model
from server.accounts.jobs import purge_sign_in_data
from server.accounts.routes import AdminController, AuthController, CaseController, MeController
from server.accounts.service import AuthConfig
from server.alerts.jobs import escalate_alerts
from server.alerts.routes import AlertController
from server.big5.jobs import big5_prompts
from server.big5.routes import Big5Controller, SupportPersonController
from server.chat.presence import Presence
from server.chat.routes import (
    ConversationController,
    FamilyConversationController,
    OfficeHoursController,
)
from server.chat.writer import ChatWriter
from server.chat.ws import chat_socket
from server.checkins.jobs import detect_missed, dispatch_prompts, evaluate_mood_trends
from server.checkins.routes import (
    CaseCheckinController,
    CheckinController,
    MyScheduleController,
    QuestionnaireController,
)
from server.checkins.writer import CheckinWriter
from server.core.auth import jwt_auth
from server.core.clock import Clock
from server.core.db import Checkpointer, make_engine, make_read_engine, make_sessionmaker
from server.core.deps import DEPENDENCIES
from server.core.errors import EXCEPTION_HANDLERS, PROBLEM_MEDIA_TYPE
from server.core.guards import json_only
from server.core.limits import (
    RATE_LIMIT_STORE,
    body_deadline,
    outermost,
    rate_limit_config,
    sweeper,
)
from server.core.observability import metrics, prometheus_config, request_logger
from server.core.openapi import document_problems
from server.core.ratelimit import FailureThrottle, LocalWhenDown
from server.core.realtime import channels_of, channels_plugin
from server.core.scheduler import ScheduledJob, Ticker
from server.core.testmode import move_clock, tick
from server.forum.routes import ForumController, ModerationController
from server.guidance import service as guidance_service
from server.guidance.routes import GuidanceFeedbackController, GuideController, PathwayController
from server.notes.routes import (
    CaseFileController,
    CorrectionController,
    DestructionController,
    MyFileController,
)
from server.notifications.jobs import deliver_outbox
from server.notifications.routes import DeviceController, InboxController
from server.privacy import jobs as privacy_jobs
from server.privacy.routes import PrivacyController
from server.settings import Settings
from server.web.pages import template_config
from server.web.routes import console_router

VERSION = "0.1.0"
API_PREFIX = "/api/v1"


@get(
    "/health",
    exclude_from_auth=True,
    tags=["health"],
    summary="Is the service up?",
    # Declared here so that the Problem schema is a component of the OpenAPI document.
    responses={
        503: ResponseSpec(
            data_container=Problem, media_type=PROBLEM_MEDIA_TYPE, description="Problem"
        )
    },
)
async def health(state: State) -> Health:
    try:
        async with state.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # the health check must answer, whatever the database does
        database = "unavailable"
    return Health(
        status="ok" if database == "ok" else "degraded",
        database=database,  # type: ignore[arg-type]
        version=VERSION,
    )


def _store(settings: Settings, redis: Redis | None) -> tuple[Store, MemoryStore]:
    """The store of sign-in throttling and the request limit, and its part in this process's
    memory (swept now and then): all of it, or the stand-in for Redis while Redis is down."""
    memory = MemoryStore()
    if redis is None:
        return memory, memory
    return LocalWhenDown(RedisStore(redis, namespace=settings.redis_prefix), memory), memory


def create_app(settings: Settings, clock: Clock | None = None) -> Litestar:
    """Assemble Roer for ``settings``. Tests pass their own clock to move time."""
    clock = clock or Clock(tz=ZoneInfo(settings.timezone))
    engine = make_engine(settings)
    sessionmaker = make_sessionmaker(engine)
    read_engine = make_read_engine(settings)  # the actor checks' (server/core/deps.py)
    read_sessionmaker = make_sessionmaker(read_engine) if read_engine else sessionmaker
    secret = settings.resolved_secret_key()
    redis = (
        Redis.from_url(
            settings.redis_url,
            socket_connect_timeout=settings.redis_timeout_seconds,
            socket_timeout=settings.redis_timeout_seconds,
        )
        if settings.redis_url
        else None
    )
    throttle_store, throttle_memory = _store(settings, redis)
    auth_config = AuthConfig(
        settings=settings,
        secret=secret,
        hashing=settings.password_hashing,
        per_account=FailureThrottle(
            throttle_store,
            limit=settings.login_max_failures_account,
            window_seconds=settings.login_window_seconds,
            prefix="login-account",
        ),
        per_address=FailureThrottle(
            throttle_store,
            limit=settings.login_max_failures_address,
            window_seconds=settings.login_window_seconds,
            prefix="login-address",
        ),
    )
    jobs = [
        # Prompts first, so that their pushes go out with the same round of ticks.
        ScheduledJob(
            "dispatch_checkin_prompts",
            dispatch_prompts(settings, clock.tz),
            every_seconds=settings.tick_seconds,
        ),
        ScheduledJob(
            "evaluate_mood_trends",
            evaluate_mood_trends(settings, clock.tz),
            every_seconds=settings.tick_seconds,
        ),
        ScheduledJob(
            "detect_missed_checkins",
            detect_missed(settings, clock.tz),
            every_seconds=settings.tick_seconds,
        ),
        ScheduledJob(
            "deliver_outbox", deliver_outbox(settings), every_seconds=settings.tick_seconds
        ),
        ScheduledJob(
            "escalate_alerts",
            escalate_alerts(settings, clock.tz),
            every_seconds=settings.tick_seconds,
        ),
        ScheduledJob("purge_sign_in_data", purge_sign_in_data, every_seconds=3600),
        ScheduledJob("big5_prompts", big5_prompts(settings, clock.tz), every_seconds=3600),
        ScheduledJob(
            "notice_age_transitions",
            privacy_jobs.notice_age_transitions(settings, clock.tz),
            every_seconds=3600,
        ),
        ScheduledJob("erase_due_accounts", privacy_jobs.erase_due_accounts, every_seconds=3600),
        ScheduledJob("purge_expired", privacy_jobs.purge_expired(settings), every_seconds=3600),
        # Last: vacuums what the jobs before it (and requests since the last tick) destroyed.
        ScheduledJob("scrub_storage", privacy_jobs.scrub_storage, every_seconds=600),
    ]
    sqlite_file = settings.sqlite_path() if settings.is_sqlite else None
    checkpointer = Checkpointer(sqlite_file) if sqlite_file is not None else None
    ticker = Ticker(sessionmaker, clock, jobs)
    presence = Presence(redis, settings.redis_prefix)
    chat_writer = ChatWriter(sessionmaker)
    checkin_writer = CheckinWriter(sessionmaker)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        # Broken content stops the start-up here, with `roer content check`'s message.
        try:
            app.state.guidance_library = await guidance_service.start(sessionmaker, clock.now())
        except BaseException:
            await engine.dispose()
            raise
        if settings.scheduler:
            ticker.start()
        chat_writer.start(channels_of(app).publish)
        checkin_writer.start()
        if checkpointer is not None:
            checkpointer.start()
        shipped_model()  # the moderation model loads now, not in someone's first message
        if app.state.get("serving"):
            # What start-up made (routes, schemas, the model, the guides) lives as long as
            # the server: out of the collector's sight, a full collection stays short.
            gc.freeze()
        try:
            yield
        finally:
            await chat_writer.stop()  # drain: queued sends are written (and answered) first
            await checkin_writer.stop()
            if checkpointer is not None:
                await checkpointer.stop()
            await ticker.stop()
            await presence.close()
            await engine.dispose()
            if read_engine is not None:
                await read_engine.dispose()
            if redis is not None:
                await redis.aclose()

    api_handlers: list[object] = [
        health,
        metrics,
        AuthController,
        MeController,
        CaseController,
        AdminController,
        PrivacyController,
        DeviceController,
        InboxController,
        AlertController,
        Big5Controller,
        SupportPersonController,
        ForumController,
        ModerationController,
        QuestionnaireController,
        CaseCheckinController,
        MyScheduleController,
        CheckinController,
        GuideController,
        GuidanceFeedbackController,
        PathwayController,
        CaseFileController,
        MyFileController,
        CorrectionController,
        DestructionController,
        ConversationController,
        FamilyConversationController,
        OfficeHoursController,
        chat_socket,
    ]
    if settings.test_mode:
        api_handlers += [move_clock, tick]
    api = Router(path=API_PREFIX, route_handlers=api_handlers)  # type: ignore[arg-type]

    # The consoles sign in with their own cookie session (server/web/session.py).
    auth = jwt_auth(secret, exclude=["^/schema", f"^{API_PREFIX}/ws$", "^/console"])
    middleware: list[object] = [prometheus_config().middleware, json_only(API_PREFIX)]
    if settings.log_requests:
        middleware.insert(0, request_logger)
    # Limits run before everything else, authentication included (see server/core/limits).
    limits: list[object] = [body_deadline(settings.body_timeout_seconds)]
    rate_limit = rate_limit_config(settings)
    if rate_limit is not None:
        limits.insert(0, rate_limit.middleware)
    return Litestar(
        route_handlers=[api, console_router()],
        template_config=template_config(clock.tz),
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        on_app_init=[auth.on_app_init, outermost(*limits)],
        middleware=middleware,  # type: ignore[arg-type]
        plugins=[channels_plugin(settings, redis)],
        lifespan=[lifespan, sweeper(throttle_memory)],
        stores={RATE_LIMIT_STORE: throttle_store},
        on_startup=[document_problems],
        state=State(
            {
                "settings": settings,
                "clock": clock,
                "engine": engine,
                "sessionmaker": sessionmaker,
                "read_sessionmaker": read_sessionmaker,
                "auth_config": auth_config,
                "ticker": ticker,
                "presence": presence,
                "chat_writer": chat_writer,
                "checkin_writer": checkin_writer,
            }
        ),
        openapi_config=OpenAPIConfig(
            title="Roer API",
            version=VERSION,
            path="/schema",
            # Handler docstrings state the contract (idempotency, replace on resend): publish them.
            use_handler_docstrings=True,
            description=(
                "Backend of Roer. All endpoints under /api/v1; bearer access token unless public. "
                "Errors are RFC 9457 application/problem+json."
            ),
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
                }
            ),
        ),
        cors_config=CORSConfig(allow_origins=list(settings.allowed_origins)),
        request_max_body_size=settings.max_body_bytes,
        logging_config=None,
        debug=False,
    )


logging.getLogger("roer").setLevel(logging.INFO)

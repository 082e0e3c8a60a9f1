"""Limits against hostile or broken clients, inside the app: slow bodies and floods.

What the HTTP server must do before the app sees a request (idle connections, headers sent
byte by byte) lives in ``server.core.serving``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.enums import ScopeType
from litestar.middleware.rate_limit import (
    DURATION_VALUES,
    RateLimitConfig,
    RateLimitMiddleware,
)
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from server.core.errors import ProblemException, too_many
from server.settings import Settings

log = logging.getLogger("roer.limits")

RATE_LIMIT_STORE = "rate_limit"
# Load balancers and monitoring poll the health check; it must answer even in a flood.
RATE_LIMIT_EXEMPT = [r"^/api/v1/health$"]


def body_deadline(seconds: float) -> object:
    """408 when a request body has not fully arrived ``seconds`` after its headers did.

    A client that trickles its body in (a few bytes now and then) would otherwise hold a
    connection and a request task for as long as it likes. Only the body is timed: once it
    is complete, ``receive`` is passed through untouched (it then waits for a disconnect).
    """

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP or seconds <= 0:
                await app(scope, receive, send)
                return
            deadline = time.monotonic() + seconds
            body_done = False

            async def timed_receive() -> ReceiveMessage:
                nonlocal body_done
                if body_done:
                    return await receive()
                try:
                    async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                        message = await receive()
                except TimeoutError:
                    log.info("request body too slow on %s %s", scope["method"], scope["path"])
                    # The rest of the body is still on the wire: close rather than reuse.
                    raise ProblemException(
                        408,
                        "Het verzoek kwam te langzaam binnen. Probeer het opnieuw.",
                        headers={"Connection": "close"},
                    ) from None
                if message["type"] != "http.request" or not message.get("more_body", False):
                    body_done = True
                return message

            await app(scope, timed_receive, send)

        return middleware

    return factory


class RoerRateLimitMiddleware(RateLimitMiddleware):
    """Litestar's rate limit, refusing with a problem+json 429 that carries Retry-After."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope["litestar_app"]
        request: Any = app.request_class(scope)
        store = self.config.get_store_from_app(app)
        key = self.cache_key_from_request(request)
        async with self._lock:
            history = await self.retrieve_cached_history(key, store)
            if len(history.history) >= self.max_requests:
                headers = self.create_response_headers(cache_object=history)
                retry_after = max(1, history.reset - int(time.time()))
                exc = too_many(
                    "Te veel verzoeken achter elkaar. Wacht even en probeer het dan opnieuw.",
                    retry_after,
                )
                exc.headers = {**headers, **(exc.headers or {})}
                raise exc
            await self.set_cached_history(key=key, cache_object=history, store=store)
        if self.config.set_rate_limit_headers:
            send = self.create_send_wrapper(send=send, cache_object=history)
        await self.app(scope, receive, send)


def rate_limit_config(settings: Settings) -> RateLimitConfig | None:
    """Per client address, on the app's store (memory, or Redis when scaled out)."""
    if settings.rate_limit_requests <= 0:
        return None
    assert settings.rate_limit_window in DURATION_VALUES
    return RateLimitConfig(
        rate_limit=(settings.rate_limit_window, settings.rate_limit_requests),
        exclude=RATE_LIMIT_EXEMPT,
        store=RATE_LIMIT_STORE,
        middleware_class=RoerRateLimitMiddleware,
    )


def outermost(*middleware: object) -> Any:
    """An ``on_app_init`` hook putting ``middleware`` before all others (auth included).

    Security configs insert their middleware at the front; limits must come before them so
    that a flood of requests with bad tokens is counted and refused too.
    """

    def hook(app_config: AppConfig) -> AppConfig:
        for item in reversed(middleware):
            app_config.middleware.insert(0, item)  # type: ignore[arg-type]
        return app_config

    return hook


@asynccontextmanager
async def swept(store: Store, every_seconds: float = 60) -> AsyncIterator[None]:
    """Drop expired entries of a memory store now and then, so that memory stays bounded.

    A memory store forgets an expired key only when that key is read again; counters for
    clients that never come back would otherwise stay forever.
    """
    if not isinstance(store, MemoryStore):
        yield
        return

    async def sweep() -> None:
        while True:
            await asyncio.sleep(every_seconds)
            await store.delete_expired()

    task = asyncio.create_task(sweep())
    try:
        yield
    finally:
        task.cancel()


def sweeper(store: Store) -> Any:
    """A Litestar lifespan hook running :func:`swept` for ``store``."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with swept(store):
            yield

    return lifespan

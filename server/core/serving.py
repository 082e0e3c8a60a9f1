"""The HTTP server (uvicorn) as Roer runs it, with what uvicorn lacks against slow clients.

uvicorn times out idle keep-alive connections (``timeout_keep_alive``) but has no timeout
for reading a request's headers: a fresh connection that sends nothing, or its headers a
byte at a time (slowloris), is kept open for ever, and enough of them exhaust the process's
file descriptors so that nobody else gets served. Its httptools parser also has no limit on
the size of the headers. :class:`HeaderGuard` adds both to uvicorn's protocol: headers must
be complete ``header_timeout`` seconds after the connection opened (or after the previous
response), and be at most ``max_header_bytes`` long; otherwise the connection is closed.
Slow bodies are the app's business (408, ``server.core.limits.body_deadline``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from server.settings import Settings

log = logging.getLogger("roer.serving")

_TOO_LARGE_BODY = b"Request headers too large\n"
TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
    + f"content-length: {len(_TOO_LARGE_BODY)}\r\nconnection: close\r\n\r\n".encode()
    + _TOO_LARGE_BODY
)


class HeaderGuard:
    """Mixin for uvicorn's HTTP protocols: a deadline and a size limit for request headers.

    The deadline runs whenever the app has no request of this connection in hand: from the
    connection's start, and from each response's end, until the next request's headers are
    complete. It also ends the draining of a body the app did not read (a 413).
    """

    header_timeout: float = 10.0
    max_header_bytes: int = 65_536
    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    cycle: Any

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._header_timer: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)  # type: ignore[misc]
        if not self._app_idle():
            self._disarm()
        if not (self._app_idle() and self._reading_headers()):
            self._header_bytes = 0
            return
        self._header_bytes += len(data)
        if self._header_bytes > self.max_header_bytes and self._still_mine():
            log.info("request headers too big from %s", _peer(self.transport))
            self._disarm()
            self.transport.write(TOO_LARGE)
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        if not self._app_idle() or self.transport.is_closing():
            return
        if not self._reading_headers():
            # Answered before the body was all there (413, 408): close rather than read
            # and throw away whatever the client keeps sending.
            self.transport.close()
            return
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]

    def _arm(self) -> None:
        self._disarm()
        self._header_bytes = 0
        if self.header_timeout > 0:
            self._header_timer = self.loop.call_later(self.header_timeout, self._expired)

    def _disarm(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _expired(self) -> None:
        self._header_timer = None
        if self._app_idle() and self._still_mine():
            log.info("request headers not complete in time from %s", _peer(self.transport))
            self.transport.close()

    def _still_mine(self) -> bool:
        # After a websocket upgrade the transport belongs to the websocket protocol.
        mine: object = self.transport.get_protocol()
        return mine is self and not self.transport.is_closing()

    def _app_idle(self) -> bool:
        """No request of this connection is with the app, and none is queued for it."""
        return (self.cycle is None or self.cycle.response_complete) and not getattr(
            self, "pipeline", None
        )

    def _reading_headers(self) -> bool:
        """The parser is in a request's headers (or between requests), not in a body."""
        raise NotImplementedError


class GuardedH11(HeaderGuard, H11Protocol):  # type: ignore[misc]
    def _reading_headers(self) -> bool:
        import h11

        return bool(self.conn.their_state is h11.IDLE)


def _httptools_class() -> type[Any] | None:
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # httptools is optional
        return None

    class GuardedHttpTools(HeaderGuard, HttpToolsProtocol):  # type: ignore[misc]
        _in_body = False

        def on_headers_complete(self) -> None:
            self._in_body = True
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self._in_body = False
            super().on_message_complete()

        def _reading_headers(self) -> bool:
            return not self._in_body

    return GuardedHttpTools


def protocol_class(settings: Settings) -> type[asyncio.Protocol]:
    """The guarded protocol for ``settings.http_parser``, with its limits set."""
    base: type[Any] = GuardedH11
    if settings.http_parser in ("auto", "httptools"):
        httptools = _httptools_class()
        if httptools is not None:
            base = httptools
        elif settings.http_parser == "httptools":
            raise SystemExit("roer: ROER_HTTP_PARSER=httptools but httptools is not installed")
    return type(
        base.__name__,
        (base,),
        {
            "header_timeout": settings.header_timeout_seconds,
            "max_header_bytes": settings.max_header_bytes,
        },
    )


def uvicorn_config(app: Any, settings: Settings, host: str, port: int) -> uvicorn.Config:
    """uvicorn's configuration for ``roer serve``."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol_class(settings),
        timeout_keep_alive=int(max(1, settings.keep_alive_seconds)),
        limit_concurrency=settings.limit_concurrency or None,
        h11_max_incomplete_event_size=settings.max_header_bytes,
        access_log=False,
        ws_per_message_deflate=False,
        log_config=None,
        lifespan="on",
    )


def _peer(transport: asyncio.Transport) -> str:
    peer = transport.get_extra_info("peername")
    return str(peer[0]) if peer else "?"

"""One readable log line per request, and the Prometheus metrics endpoint."""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.plugins.prometheus import PrometheusConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from server.core.errors import ProblemException

access_log = logging.getLogger("roer.requests")
# Litestar appends "; charset=utf-8" to text media types itself; keeping it here too would
# send the parameter twice.
METRICS_MEDIA_TYPE = CONTENT_TYPE_LATEST.replace("; charset=utf-8", "")


def request_logger(app: ASGIApp) -> ASGIApp:
    """``GET /api/v1/cases 200 3.1ms`` — method, path (never the query), status, duration."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, capture)
        finally:
            took = (time.perf_counter() - started) * 1000
            access_log.info("%s %s %s %.1fms", scope["method"], scope["path"], status, took)

    return middleware


def prometheus_config() -> PrometheusConfig:
    # group_path: label by route template (/cases/{case_id}), not by every id, so the
    # number of time series stays bounded and no id ends up in the metrics.
    return PrometheusConfig(app_name="roer", group_path=True, exclude=["^/schema"])


@get(
    "/metrics",
    exclude_from_auth=True,
    summary="Prometheus metrics",
    tags=["health"],
    # Prometheus' text exposition format, not JSON: documented as such so that clients
    # and schema-driven tests expect text.
    media_type=METRICS_MEDIA_TYPE,
)
async def metrics(request: Request[Any, Any, Any]) -> Response[str]:
    """Request counts and latencies (Litestar's Prometheus middleware) in Prometheus text.

    Served only with ``ROER_METRICS_TOKEN`` set, to a scraper sending it as a bearer token:
    traffic figures are nobody else's business, and a deployment that forgets to protect
    them must not publish them by default.
    """
    token: str | None = request.app.state.settings.metrics_token
    if not token:
        raise ProblemException(
            404, "Metrics staan uit: zet ROER_METRICS_TOKEN om ze aan te zetten."
        )
    sent = request.headers.get("authorization", "").encode()
    if not hmac.compare_digest(sent, f"Bearer {token}".encode()):
        raise ProblemException(
            401,
            "Voor metrics is het metrics-token nodig.",
            headers={"WWW-Authenticate": 'Bearer realm="roer-metrics"'},
        )
    return Response(generate_latest(REGISTRY).decode(), media_type=METRICS_MEDIA_TYPE)

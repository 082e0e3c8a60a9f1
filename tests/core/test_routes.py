"""Every authenticated API handler checks the live sign-in session through ``actor``."""

from __future__ import annotations

import inspect

from litestar import Litestar


def test_every_authenticated_handler_takes_the_actor(app: Litestar) -> None:
    missing = []
    for route in app.routes:
        if not route.path.startswith("/api/v1") or route.path == "/api/v1/ws":
            continue
        for handler in getattr(route, "route_handlers", []):
            methods = set(getattr(handler, "http_methods", set())) - {"OPTIONS", "HEAD"}
            if not methods or handler.opt.get("exclude_from_auth"):
                continue
            if "actor" not in inspect.signature(handler.fn).parameters:
                missing.append(f"{sorted(methods)} {route.path}")
    # The token middleware checks only the token; the account and session are checked by
    # the ``actor`` dependency, so a handler without it would serve an ended session.
    assert missing == []

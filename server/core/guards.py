"""Request-level guards that run before any handler: the API speaks JSON only."""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from server.core.errors import ProblemException

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def json_only(prefix: str) -> object:
    """415 for an API request whose body is not declared as JSON (a form, plain text, XML)."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if (
                scope["type"] == ScopeType.HTTP
                and scope["method"] in BODY_METHODS
                and scope["path"].startswith(prefix)
            ):
                headers = dict(scope["headers"])
                has_body = headers.get(b"content-length", b"0") != b"0" or (
                    b"transfer-encoding" in headers
                )
                kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
                if has_body and kind != b"application/json" and not kind.endswith(b"+json"):
                    raise ProblemException(
                        415, "Stuur de gegevens als JSON (Content-Type: application/json)."
                    )
            await app(scope, receive, send)

        return middleware

    return factory

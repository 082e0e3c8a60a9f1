"""Every error becomes RFC 9457 problem+json, and nothing internal ever reaches a client."""

from __future__ import annotations

import logging
import re
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from client_api.schema.errors import FieldError, Problem

log = logging.getLogger("roer.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://roer.nl/problems/"

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    408: "Verzoek duurde te lang",
    409: "Conflict",
    410: "Niet meer beschikbaar",
    413: "Verzoek te groot",
    415: "Verkeerd inhoudstype",
    422: "Gegevens kloppen niet",
    429: "Te veel verzoeken",
    500: "Er ging iets mis",
    503: "Tijdelijk niet beschikbaar",
}
SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    408: "timeout",
    409: "conflict",
    410: "gone",
    413: "too-large",
    415: "unsupported-media-type",
    422: "validation",
    429: "too-many-requests",
    500: "internal",
    503: "unavailable",
}


class ProblemException(HTTPException):
    """An error with a stable problem ``type`` slug and optional failing fields."""

    def __init__(
        self,
        status_code: int,
        detail: str,
        *,
        slug: str | None = None,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail=detail, status_code=status_code, headers=headers)
        self.slug = slug or SLUGS.get(status_code, "error")
        self.errors = errors


def not_found(what: str = "Niet gevonden.") -> ProblemException:
    return ProblemException(404, what)


def forbidden(detail: str, slug: str = "forbidden") -> ProblemException:
    return ProblemException(403, detail, slug=slug)


def conflict(detail: str, slug: str = "conflict") -> ProblemException:
    return ProblemException(409, detail, slug=slug)


def invalid(field: str, message: str, detail: str | None = None) -> ProblemException:
    return ProblemException(
        422, detail or message, errors=[FieldError(field=field, message=message)]
    )


def too_many(detail: str, retry_after: int) -> ProblemException:
    return ProblemException(
        429, detail, headers={"Retry-After": str(max(1, retry_after))}, slug="too-many-requests"
    )


def problem_response(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[bytes]:
    body = Problem(
        type=PROBLEM_BASE + (slug or SLUGS.get(status, "error")),
        title=TITLES.get(status, "Fout"),
        status=status,
        detail=detail,
        errors=errors,
    )
    return Response(
        content=msgspec.json.encode(body),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


_UNKNOWN = re.compile(r"unknown field `([^`]+)`")
_AT_PATH = re.compile(r" - at `\$(?P<path>[^`]*)`")


def _field_errors(extra: Any) -> list[FieldError]:
    """Turn Litestar's validation ``extra`` into ``[{field, message}]`` with dotted paths."""
    items = extra if isinstance(extra, list) else [extra] if isinstance(extra, dict) else []
    result: list[FieldError] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "ongeldige waarde"))
        field = str(item.get("key") or "")
        match = _AT_PATH.search(message)
        if match:
            field = match.group("path").lstrip(".") or field
            message = message[: match.start()]
        field = re.sub(r"\[(\d+)\]", r".\1", field).removeprefix("data").strip(".")
        unknown = _UNKNOWN.search(message)
        if unknown:
            field = f"{field}.{unknown.group(1)}".strip(".")
        result.append(FieldError(field=field or "body", message=message))
    return result


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    headers = dict(exc.headers or {})
    if isinstance(exc, ProblemException):
        return problem_response(
            status, exc.detail, slug=exc.slug, errors=exc.errors, headers=headers or None
        )
    if isinstance(exc, ValidationException):
        errors = _field_errors(exc.extra)
        detail = "De gegevens in het verzoek kloppen niet."
        if not errors:
            detail = _safe_detail(exc.detail) or detail
        return problem_response(400, detail, slug="bad-request", errors=errors or None)
    if isinstance(exc, NotAuthorizedException):
        headers.setdefault("WWW-Authenticate", 'Bearer realm="roer"')
        return problem_response(
            401,
            "Log in om verder te gaan (token ontbreekt, is ongeldig of verlopen).",
            headers=headers,
        )
    if status >= 500:
        log.error("server error on %s %s: %s", request.method, request.url.path, exc.detail)
        return problem_response(
            status, "Er ging iets mis aan onze kant. Probeer het later opnieuw."
        )
    return problem_response(status, _safe_detail(exc.detail), headers=headers or None)


def _safe_detail(detail: str) -> str:
    # Litestar's own messages are safe to show (no SQL, no stack); keep them short.
    return detail[:300] if detail else ""


def handle_database_unavailable(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """A locked, busy or unreachable database is temporary: 503 with Retry-After, never 500."""
    if isinstance(exc, DataError):
        # The database refused a value (PostgreSQL: a NUL character in text, a number out
        # of range): the client's input, not a fault of ours; nothing was stored.
        log.warning("database refused a value on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(
            400, "Een van de waarden kan niet worden opgeslagen (ongeldig teken of getal)."
        )
    if isinstance(exc, DBAPIError | PoolTimeout) and _is_transient(exc):
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(
            503,
            "De database is even niet bereikbaar. Probeer het over een paar seconden opnieuw.",
            headers={"Retry-After": "2"},
        )
    return handle_internal(request, exc)


def _is_transient(exc: Exception) -> bool:
    if isinstance(exc, PoolTimeout):
        return True
    if isinstance(exc, OperationalError):
        return True
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated)
    return False


def handle_internal(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        HTTP_500_INTERNAL_SERVER_ERROR, "Er ging iets mis aan onze kant. Probeer het later opnieuw."
    )


def handle_bad_encoding(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """msgspec raises UnicodeDecodeError (not a DecodeError) for bad UTF-8 inside a JSON
    string, which Litestar does not turn into a 400 by itself."""
    return problem_response(400, "De gegevens zijn geen geldige UTF-8-tekst.", slug="bad-request")


def handle_too_deep(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """msgspec refuses JSON nested deeper than Python's recursion limit: a client error."""
    return problem_response(400, "De JSON is te diep genest.", slug="bad-request")


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    HTTPException: handle_http_exception,
    RecursionError: handle_too_deep,
    UnicodeDecodeError: handle_bad_encoding,
    DBAPIError: handle_database_unavailable,
    PoolTimeout: handle_database_unavailable,
    Exception: handle_internal,
}

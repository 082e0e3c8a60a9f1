"""Make the published OpenAPI document say what the API really answers on errors.

Litestar documents only the validation error, in its own shape. Every Roer error is an RFC
9457 problem (``client_api.schema.errors.Problem``) served as ``application/problem+json``,
and any operation can answer with the usual client errors; the document says so, so that
clients and schema-driven tests (schemathesis) can rely on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    Schema,
)

from server.core.errors import PROBLEM_MEDIA_TYPE, TITLES

ERROR_CODES = (400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 500, 503)
METHODS = ("get", "put", "post", "delete", "patch")


def _problem() -> OpenAPIResponse:
    return OpenAPIResponse(
        description="Problem details (RFC 9457)",
        content={
            PROBLEM_MEDIA_TYPE: OpenAPIMediaType(
                schema=Reference(ref="#/components/schemas/Problem")
            )
        },
    )


def document_problems(app: Litestar) -> None:
    """Replace every documented error with Problem and add the statuses any call can get."""
    schema = app.openapi_schema
    for item in (schema.paths or {}).values():
        for method in METHODS:
            operation: Operation | None = getattr(item, method, None)
            if operation is None:
                continue
            responses = dict(operation.responses or {})
            for code in list(responses):
                if int(code) >= 400:
                    del responses[code]
            for status in ERROR_CODES:
                response = _problem()
                response.description = TITLES.get(status, "Fout")
                responses[str(status)] = response
            operation.responses = responses


def also_serves(media_type: str) -> type[Operation]:
    """An operation class documenting that 200 may also come as ``media_type`` text.

    For endpoints that answer JSON by default and another format on request (the export
    as an HTML page), so that the document lists both and clients know what to expect.
    """

    @dataclass
    class AlternativeOperation(Operation):
        def __post_init__(self) -> None:
            ok = (self.responses or {}).get("200")
            if isinstance(ok, OpenAPIResponse):
                ok.content = {
                    **(ok.content or {}),
                    media_type: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)),
                }

    return AlternativeOperation

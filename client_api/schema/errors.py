"""RFC 9457 problem details: the one error shape of the API."""

from __future__ import annotations

from client_api.schema.common import Model


class FieldError(Model):
    """One failing field: a dotted path into the request (``answers.mood``) and why."""

    field: str
    message: str


class Problem(Model):
    """Body of every 4xx/5xx response, served as ``application/problem+json``."""

    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] | None = None

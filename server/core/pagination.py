"""Opaque cursors for ``{items, next_cursor}`` lists."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import msgspec

from client_api.schema.errors import FieldError
from server.core.errors import ProblemException


def encode_cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(list(values))).decode().rstrip("=")


def decode_cursor(cursor: str | None, arity: int) -> list[Any] | None:
    """The values a cursor was made from; a cursor that is not ours is a 400, not a 500."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = msgspec.json.decode(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, msgspec.DecodeError, ValueError, UnicodeError):
        values = None
    if not isinstance(values, list) or len(values) != arity:
        raise ProblemException(
            400,
            "Deze cursor is ongeldig; begin opnieuw zonder cursor.",
            errors=[FieldError(field="cursor", message="ongeldige cursor")],
        )
    return values

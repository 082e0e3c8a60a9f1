"""Opaque cursors for ``{items, next_cursor}`` lists."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar.params import QueryParameter
from sqlalchemy import ColumnElement, Select, and_, false, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from client_api.schema.errors import FieldError
from server.core.errors import ProblemException


def encode_cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(list(values))).decode().rstrip("=")


# What a cursor value may be, narrowed to what the database accepts: a value it would
# refuse (a datetime without zone or beyond year 9999 in UTC, an integer wider than 64
# bits, a NUL in a string) must be the client's 400, not our 500.
_VALUE_TYPES: dict[type, Any] = {
    dt.datetime: Annotated[dt.datetime, msgspec.Meta(tz=True)],
    int: Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)],
    str: Annotated[str, msgspec.Meta(pattern="^[^\\x00]*$")],
}


def _cursor_value(value: Any, kind: type) -> Any:
    converted = msgspec.convert(value, _VALUE_TYPES.get(kind, kind))
    return converted.astimezone(dt.UTC) if isinstance(converted, dt.datetime) else converted


def decode_cursor(
    cursor: str | None, arity: int, types: tuple[type, ...] | None = None
) -> list[Any] | None:
    """The values a cursor was made from, converted to ``types`` when given.

    A cursor that is not ours (garbage, tampered, wrong shape) is a 400, never a 500.
    """
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = msgspec.json.decode(base64.urlsafe_b64decode(padded.encode()))
        if isinstance(values, list) and types is not None and len(values) == len(types):
            values = [_cursor_value(v, t) for v, t in zip(values, types, strict=True)]
    except (
        binascii.Error,
        msgspec.DecodeError,
        msgspec.ValidationError,
        ValueError,
        UnicodeError,
        OverflowError,
    ):
        values = None
    if not isinstance(values, list) or len(values) != arity:
        raise ProblemException(
            400,
            "Deze cursor is ongeldig; begin opnieuw zonder cursor.",
            errors=[FieldError(field="cursor", message="ongeldige cursor")],
        )
    return values


# Query parameters of every list endpoint, with their limits enforced and documented.
Limit = Annotated[int, QueryParameter(ge=1, le=200, description="Page size (1–200)")]
CursorParam = Annotated[
    str | None,
    QueryParameter(max_length=200, description="next_cursor of the previous page"),
]


@dataclass(frozen=True, slots=True)
class SortKey:
    """One column of a keyset order and its direction."""

    column: InstrumentedAttribute[Any]
    descending: bool = False


def newest_first(
    at: InstrumentedAttribute[dt.datetime], key: InstrumentedAttribute[str]
) -> tuple[SortKey, SortKey]:
    return SortKey(at, descending=True), SortKey(key, descending=True)


def oldest_first(
    at: InstrumentedAttribute[dt.datetime], key: InstrumentedAttribute[str]
) -> tuple[SortKey, SortKey]:
    return SortKey(at), SortKey(key)


def _after(key: SortKey, value: Any) -> ColumnElement[bool]:
    """Rows strictly after ``value`` in ``key``'s direction."""
    if isinstance(value, bool):
        # SQL booleans compare only with = and IS: after true (descending) comes false,
        # after false (ascending) comes true, after the other one comes nothing.
        return key.column.is_(not value) if value == key.descending else false()
    beyond: ColumnElement[bool] = key.column < value if key.descending else key.column > value
    return beyond


async def keyset_page(
    session: AsyncSession,
    query: Select[Any],
    order: Sequence[SortKey],
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """One page of ``query`` in ``order`` (whose last key is unique), and the next cursor.

    The cursor holds the last row's sort values; the next page starts strictly after them:
    after the first value, or equal to it and after the second, and so on. Spelled out
    rather than as one row-value comparison because the directions may differ.
    """
    after = decode_cursor(cursor, len(order), tuple(k.column.type.python_type for k in order))
    if after is not None:
        beyond = []
        for i, (key, value) in enumerate(zip(order, after, strict=True)):
            ties = [k.column == v for k, v in zip(order[:i], after[:i], strict=True)]
            beyond.append(and_(*ties, _after(key, value)))
        query = query.where(or_(*beyond))
    ordering = [k.column.desc() if k.descending else k.column.asc() for k in order]
    rows = list(await session.scalars(query.order_by(*ordering).limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = [getattr(rows[-1], k.column.key) for k in order]
    return rows, encode_cursor(*(v.isoformat() if isinstance(v, dt.datetime) else v for v in last))

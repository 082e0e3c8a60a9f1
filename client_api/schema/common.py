"""Shared building blocks of the wire contract."""

from __future__ import annotations

from typing import Annotated

import msgspec


class Model(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Base of every request and response body: unknown fields are refused, not ignored."""


UUIDStr = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-fA-F-]{32,36}$")]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Cursor = Annotated[str, msgspec.Meta(max_length=200)]
PageLimit = Annotated[int, msgspec.Meta(ge=1, le=200)]


class Ok(Model):
    """A plain acknowledgement for actions that return nothing else."""

    ok: bool = True

"""Test-mode only: moving the service clock."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from client_api.schema.common import Model


class ClockUpdate(Model):
    at: dt.datetime | None = None
    advance_seconds: Annotated[int, msgspec.Meta(ge=-(10**9), le=10**9)] = 0


class ClockState(Model):
    now: dt.datetime

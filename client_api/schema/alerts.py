"""The casemanager's attention queue."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from client_api.schema.common import Model


class Alert(Model):
    id: str
    case_id: str
    youth_id: str
    youth_name: str
    rule: str
    urgent: bool
    title: str
    detail: str
    created_at: dt.datetime
    last_triggered_at: dt.datetime
    trigger_count: int
    waiting_minutes: int
    # True when this alert reached you because its own casemanager did not respond in time.
    escalated_to_me: bool
    escalated_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    resolution_note: str | None = None


class AlertList(Model):
    items: list[Alert]
    next_cursor: str | None = None


class AlertResolve(Model):
    note: Annotated[str, msgspec.Meta(min_length=2, max_length=1000)]

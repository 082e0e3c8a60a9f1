"""What a youth shares with whom, and who looked at their data."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from client_api.schema.common import Model

ShareLevel = Literal["none", "summary", "full"]
ShareCategory = Literal["checkins", "big5", "plans", "notes"]
Audience = Literal["parent", "support_person"]


class SharingRule(Model):
    category: ShareCategory
    audience: Audience
    level: ShareLevel
    # "leeftijd" when the default for the youth's age applies, "keuze" when the youth chose.
    source: Literal["leeftijd", "keuze"]


class Sharing(Model):
    age_band: Literal["onder-12", "12-15", "16-plus"]
    explanation: str
    rules: list[SharingRule]


class SharingChoice(Model):
    category: ShareCategory
    audience: Audience
    # None gives the choice back to the age default.
    level: ShareLevel | None


class SharingUpdate(Model):
    choices: list[SharingChoice]


class AccessLogEntry(Model):
    at: dt.datetime
    actor_role: str
    actor: str
    resource: str
    action: str
    purpose: str
    text: str


class AccessLogPage(Model):
    items: list[AccessLogEntry]
    next_cursor: str | None = None


class ExportArchive(Model):
    """Everything Roer stores about the requester. Schema: docs/export-schema.md."""

    schema: Literal["roer-export"]
    version: int
    generated_at: dt.datetime
    subject_id: str
    role: str
    # One section per domain ("accounts", "privacy", "notes", "notifications", …), each a
    # JSON object described in the schema document.
    sections: dict[str, dict[str, Any]]


class RetainedRecord(Model):
    """Something that stays after erasure because the law requires it."""

    kind: str
    description: str
    count: int
    retained_until: dt.date | None
    basis: str


class DeletionScheduled(Model):
    scheduled_for: dt.datetime
    grace_days: int
    message: str
    erased: list[str]
    retained: list[RetainedRecord]

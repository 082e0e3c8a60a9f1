"""Check-ins: questionnaires, schedules, prompts, answers and the casemanager's view."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

from client_api.schema.common import Model, UUIDStr

ItemKind = Literal["scale", "yes_no", "choice", "text"]
Audience = Literal["youth", "parent"]
# open → answered (within its window) | late (answered after it) | missed
PromptStatus = Literal["open", "answered", "late", "missed"]
Weekday = Annotated[int, msgspec.Meta(ge=1, le=7, description="ISO weekday, 1 = Monday")]
LocalTime = Annotated[
    str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM local")
]
QuestionnaireId = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]


class ScaleLabel(Model):
    value: int
    label: str


class Option(Model):
    value: str
    label: str


class QuestionnaireItem(Model):
    """One question. ``scale``: an integer min..max; ``yes_no``: true/false; ``choice``: one of
    ``options[].value``; ``text``: a string up to ``max_length``."""

    id: str
    kind: ItemKind
    text: str
    required: bool = True
    min: int | None = None
    max: int | None = None
    labels: list[ScaleLabel] = []
    options: list[Option] = []
    max_length: int | None = None
    # What the alert rules read this item as: mood, safe_home, wants_contact, note.
    signal: str | None = None


class Questionnaire(Model):
    id: str
    key: str
    version: int
    audience: Audience
    title: str
    intro: str
    items: list[QuestionnaireItem]
    current: bool = True


class QuestionnaireList(Model):
    items: list[Questionnaire]
    next_cursor: str | None = None


class ScheduleSpec(Model):
    """When to ask one person: days of the week and local times (Europe/Amsterdam)."""

    days: Annotated[list[Weekday], msgspec.Meta(min_length=1, max_length=7)]
    times: Annotated[list[LocalTime], msgspec.Meta(min_length=1, max_length=6)]
    # Default: the current questionnaire for the person's role.
    questionnaire_id: QuestionnaireId | None = None
    # How long a prompt stays open; None means the configured default (4 hours).
    window_minutes: Annotated[int, msgspec.Meta(ge=15, le=1440)] | None = None
    active: bool = True


class ScheduleUpdate(Model):
    """The case's whole rhythm: the youth's schedule and one per parent (keyed by parent id).
    A person left out has no schedule any more."""

    youth: ScheduleSpec | None = None
    parents: dict[str, ScheduleSpec] = {}


class Schedule(Model):
    id: str
    case_id: str
    user_id: str
    role: Audience
    questionnaire_id: str
    days: list[int]
    times: list[str]
    window_minutes: int
    timezone: str
    active: bool
    paused: bool
    paused_until: dt.datetime | None = None
    next_due_at: dt.datetime | None = None


class CaseSchedule(Model):
    case_id: str
    youth: Schedule | None = None
    parents: list[Schedule] = []


class MySchedules(Model):
    items: list[Schedule]
    next_cursor: str | None = None


class SchedulePause(Model):
    """Pause my check-ins (holiday) until this moment (at most 90 days ahead)."""

    until: dt.datetime


class Prompt(Model):
    id: str
    questionnaire_id: str
    due_at: dt.datetime
    closes_at: dt.datetime
    status: PromptStatus


class PromptList(Model):
    items: list[Prompt]
    next_cursor: str | None = None


class CheckinCreate(Model):
    """An answer set. Retrying with the same ``client_id`` and body returns the original."""

    client_id: UUIDStr
    questionnaire_id: QuestionnaireId
    # Item id → value; validated against the questionnaire version (422 names
    # ``answers.<item_id>``).
    answers: Annotated[dict[str, Any], msgspec.Meta(max_length=50)]
    # When it was answered on the phone (offline answers); up to 72 hours ago.
    answered_at: dt.datetime | None = None
    prompt_id: Annotated[str, msgspec.Meta(max_length=36)] | None = None


class Signpost(Model):
    id: str
    name: str
    phone: str
    url: str
    hours: str
    text: str


class Checkin(Model):
    id: str
    client_id: str
    questionnaire_id: str
    answers: dict[str, Any]
    answered_at: dt.datetime
    received_at: dt.datetime
    # Sent in well after answering (offline), or answering a prompt after its window.
    late: bool
    prompt_id: str | None = None
    prompt_status: PromptStatus | None = None
    # Help lines shown at once when the note or answers ask for it; empty when none.
    signposts: list[Signpost] = []
    message: str | None = None


class CheckinEntry(Model):
    """A check-in in the casemanager's history."""

    id: str
    user_id: str
    role: Audience
    questionnaire_id: str
    answers: dict[str, Any]
    answered_at: dt.datetime
    late: bool
    prompt_id: str | None = None


class PromptEntry(Model):
    """Done or not done: all a parent of a 12–15-year-old sees."""

    id: str
    user_id: str
    role: Audience
    due_at: dt.datetime
    status: PromptStatus
    done: bool


class ResponseRate(Model):
    prompts: int
    answered: int
    late: int
    missed: int
    # (answered + late) / closed prompts; None when no prompt has closed yet.
    rate: float | None = None


class SeriesPoint(Model):
    date: dt.date
    value: float | None = None
    # Mean of the daily values of the 7 days ending on ``date``.
    avg7: float | None = None


class Series(Model):
    item_id: str
    label: str
    min: int
    max: int
    points: list[SeriesPoint]


class CaseCheckins(Model):
    case_id: str
    youth_id: str
    # "full": answers and series; "summary": done / not done per prompt only.
    level: Literal["summary", "full"]
    since: dt.date
    until: dt.date
    response_rate: ResponseRate
    prompts: list[PromptEntry]
    checkins: list[CheckinEntry] = []
    series: list[Series] = []
    schedule_paused_until: dt.datetime | None = None

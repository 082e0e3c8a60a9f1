"""BIG5: five domains, assessments by youth and casemanager, plans, support persons, readiness."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from client_api.schema.common import Model, UUIDStr

Domain = Literal["support", "wonen", "school_werk", "inkomen", "welzijn"]
Status = Literal["niet_geregeld", "deels", "grotendeels", "geregeld"]
Side = Literal["youth", "casemanager"]
Who = Literal["youth", "casemanager", "parent", "support_person"]
PartKey = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Note = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
ActionText = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Goal = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Relation = Annotated[str, msgspec.Meta(min_length=2, max_length=80)]
Id = Annotated[str, msgspec.Meta(min_length=1, max_length=36)]

# --- domains ---------------------------------------------------------------------------


class ConditionPart(Model):
    key: str
    label: str


class StatusInfo(Model):
    id: Status
    label: str
    # 0 (niet geregeld) … 3 (geregeld), for charts.
    score: int


class DomainInfo(Model):
    id: Domain
    name: str
    # The condition in the young person's own words.
    definition: str
    parts: list[ConditionPart]
    # Guide slugs (GET /guides/{slug}) that help with this domain.
    guides: list[str]


class DomainList(Model):
    items: list[DomainInfo]
    statuses: list[StatusInfo]
    next_cursor: str | None = None


# --- assessments -----------------------------------------------------------------------


class DomainAssessmentIn(Model):
    domain: Domain
    status: Status
    # Condition part key → yes/no; parts left out are "not answered".
    parts: dict[PartKey, bool] = {}
    note: Note | None = None


class AssessmentCreate(Model):
    """A youth assesses themselves (no ``youth_id``); a casemanager records their own view."""

    client_id: UUIDStr
    domains: Annotated[list[DomainAssessmentIn], msgspec.Meta(min_length=1, max_length=5)]
    youth_id: Id | None = None


class Signpost(Model):
    id: str
    name: str
    phone: str
    url: str
    hours: str
    text: str


class DomainAssessment(Model):
    domain: Domain
    status: Status
    status_label: str
    parts: dict[str, bool]
    note: str | None = None
    # This domain's entry within the assessment; a casemanager's entry is what a youth
    # names as ``target_id`` when asking for a correction (``target: "big5_view"``).
    entry_id: str | None = None


class Assessment(Model):
    id: str
    client_id: str
    youth_id: str
    side: Side
    created_at: dt.datetime
    domains: list[DomainAssessment]
    # Help lines, when a note contained crisis language (empty otherwise).
    signposts: list[Signpost] = []


# --- the shared answer -----------------------------------------------------------------


class ViewStatement(Model):
    """The youth's own statement on a casemanager's view, after a declined correction."""

    id: str
    correction_id: str
    body: str
    created_at: dt.datetime


class SideView(Model):
    status: Status
    status_label: str
    assessed_at: dt.datetime
    parts: dict[str, bool]
    note: str | None = None
    # The entry shown. For the casemanager's view: the ``target_id`` of a correction
    # request (``POST /me/corrections`` with ``target: "big5_view"``).
    entry_id: str | None = None
    # How often an accepted correction changed this entry (the old versions are destroyed).
    corrected_count: int = 0
    last_corrected_at: dt.datetime | None = None
    # The youth's statements on this casemanager's view (declined corrections); shown to
    # the youth and their casemanager only, like the casemanager's note.
    statements: list[ViewStatement] = []


class DomainOverview(Model):
    domain: Domain
    name: str
    youth: SideView | None
    casemanager: SideView | None
    # Both views exist and differ: a conversation starter, not a verdict.
    disagree: bool
    # Only for the Support domain: is at least one support person linked?
    support_person_linked: bool | None = None


class HistoryPoint(Model):
    at: dt.datetime
    status: Status
    score: int
    # The entry behind the point (a correction can name an older casemanager entry too).
    entry_id: str | None = None


class DomainHistory(Model):
    domain: Domain
    youth: list[HistoryPoint]
    casemanager: list[HistoryPoint]


class DomainMissing(Model):
    domain: Domain
    missing: list[str]


class Readiness(Model):
    ready: bool
    # "klaar om los te laten" or "nog niet klaar om los te laten".
    label: str
    period_months: int
    # Since when all five have been geregeld in both views (None when not all are).
    stable_since: dt.datetime | None
    # The day readiness is reached if everything stays geregeld.
    ready_from: dt.date | None
    missing: list[DomainMissing]


class CareTimeline(Model):
    age: int
    birthday_18: dt.date
    birthday_27: dt.date
    care_start: dt.date | None
    # Months of care after the 18th birthday (0 before it; None without a case).
    months_in_care_past_18: int | None
    days_until_27: int
    months_until_27: int


class Big5Overview(Model):
    youth_id: str
    # "full" or "summary" (summary: statuses without notes).
    level: str
    # From the 27th birthday the BIG5 is closed: read-only, take it along via export.
    closed: bool
    export_url: str | None
    domains: list[DomainOverview]
    history: list[DomainHistory]
    readiness: Readiness
    timeline: CareTimeline


class Big5ViewCorrection(Model):
    """The corrected casemanager entry, complete: it replaces status, parts and note of the
    entry in place (parts and note left out are emptied). The old version is destroyed."""

    status: Status
    parts: dict[PartKey, bool] = {}
    note: Note | None = None


# --- plans -----------------------------------------------------------------------------


class ActionIn(Model):
    text: ActionText
    who: Who
    # Required when ``who`` is support_person: the person's user id (GET /me/support-persons).
    support_person_id: Id | None = None
    due_date: dt.date | None = None
    done: bool = False


class ActionUpdate(Model):
    id: Id
    done: bool | msgspec.UnsetType = msgspec.UNSET
    text: ActionText | msgspec.UnsetType = msgspec.UNSET
    due_date: dt.date | msgspec.UnsetType | None = msgspec.UNSET


class PlanCreate(Model):
    domain: Domain
    goal: Goal
    actions: Annotated[list[ActionIn], msgspec.Meta(max_length=30)] = []
    client_id: UUIDStr | None = None


class PlanUpdate(Model):
    goal: Goal | msgspec.UnsetType = msgspec.UNSET
    actions: Annotated[list[ActionUpdate], msgspec.Meta(max_length=30)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    add_actions: Annotated[list[ActionIn], msgspec.Meta(max_length=30)] | msgspec.UnsetType = (
        msgspec.UNSET
    )


class PlanAction(Model):
    id: str
    text: str
    who: Who
    who_label: str
    due_date: dt.date | None
    done: bool
    overdue: bool
    support_person_id: str | None = None
    done_at: dt.datetime | None = None


class Plan(Model):
    id: str
    youth_id: str
    domain: Domain
    goal: str
    created_by_role: str
    created_at: dt.datetime
    updated_at: dt.datetime
    actions: list[PlanAction]


class PlanList(Model):
    items: list[Plan]
    next_cursor: str | None = None


class OverdueAction(Model):
    youth_id: str
    youth_name: str
    plan_id: str
    domain: Domain
    goal: str
    action: PlanAction
    days_overdue: int


class OverdueList(Model):
    items: list[OverdueAction]
    next_cursor: str | None = None


# --- support persons -------------------------------------------------------------------


class SupportPersonInvite(Model):
    # Who they are to you: JIM, familie, buurvrouw, coach …
    relation: Relation


class SupportPerson(Model):
    id: str
    status: Literal["uitgenodigd", "gekoppeld"]
    relation: str
    created_at: dt.datetime
    # The person's user id once they joined (use it to name them on plan actions).
    person_id: str | None = None
    name: str | None = None
    expires_at: dt.datetime | None = None


class SupportPersonCreated(Model):
    person: SupportPerson
    # Give this code to the person; they sign up with it (POST /auth/register).
    code: str


class SupportPersonList(Model):
    items: list[SupportPerson]
    next_cursor: str | None = None


class SupportedYouth(Model):
    youth_id: str
    name: str
    relation: str | None


class SupportedYouthList(Model):
    items: list[SupportedYouth]
    next_cursor: str | None = None


# --- reminders -------------------------------------------------------------------------


class ReminderUpdate(Model):
    enabled: bool


class Reminder(Model):
    enabled: bool
    next_due: dt.datetime | None


# --- casemanager overview --------------------------------------------------------------


class Counts(Model):
    geregeld: int
    niet_geregeld: int
    onbekend: int


class CaseloadDomain(Model):
    domain: Domain
    youth_view: Counts
    casemanager_view: Counts


class NearReady(Model):
    youth_id: str
    case_id: str
    name: str
    # How many of the ten (5 domains × 2 views) are geregeld.
    geregeld: int
    ready: bool
    ready_from: dt.date | None


class Big5Caseload(Model):
    youths: int
    domains: list[CaseloadDomain]
    nearest: list[NearReady]
    overdue_actions: int


# --- statistics ------------------------------------------------------------------------


class StatsCell(Model):
    month: str
    # "16-17", "18-20", "21-23", "24-26" or "alle" (a total over age bands).
    age_band: str
    # The case's region, "onbekend" when not set, or "alle" (a total over regions).
    region: str
    # True when the cell is hidden: fewer than the minimum youths, or hidden so that a
    # hidden neighbour cannot be worked out from the totals.
    suppressed: bool
    youths: int | None
    geregeld_share: dict[str, float | None] | None
    mean_months_in_care_past_18: float | None
    # Filled by the check-in domain's hook; None when it has no data.
    checkin_response_rate: float | None = None


class Big5Stats(Model):
    min_cell_size: int
    months: list[str]
    cells: list[StatsCell]

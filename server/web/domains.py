"""What the youth page shows of each domain, each read through that domain's own access check.

A section the youth's phase or sharing does not allow shows the reason instead of failing
the whole page; every section that is shown wrote its own access-log row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import big5 as big5_api
from client_api.schema import checkins as checkins_api
from client_api.schema import notes as notes_api
from server.accounts.models import Case
from server.big5 import corrections as big5_corrections
from server.big5 import service as big5
from server.big5 import texts as big5_texts
from server.big5 import views as big5_views
from server.checkins import history as checkin_history
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.errors import ProblemException
from server.notes import service as notes_service
from server.settings import Settings
from server.web.chart import Chart, line_chart


@dataclass
class Big5Section:
    overview: big5_api.Big5Overview | None
    plans: big5_api.PlanList | None
    reason: str = ""


async def big5_section(
    session: AsyncSession, actor: Actor, youth_id: str, clock: Clock, settings: Settings
) -> Big5Section:
    """Like ``GET /youths/{id}/big5`` and ``/big5/plans``, with the same grants and logging."""
    now, today = clock.now(), clock.today()
    try:
        grant = await access.youth_data(
            session, actor, youth_id, category="big5", resource="big5", action="read",
            purpose="BIG5 bekijken in de console", now=now, today=today,
        )  # fmt: skip
        youth = await big5.youth_user(session, youth_id)
        big5.require_phase(youth, today, settings, self_=False, writing=False)
    except ProblemException as exc:
        return Big5Section(None, None, str(exc.detail))
    overview = await big5_views.overview(
        session, grant, youth, today=today, tz=clock.tz, settings=settings
    )
    await access.youth_data(
        session, actor, youth_id, category="plans", resource="big5_plans", action="read",
        purpose="BIG5-plannen bekijken in de console", now=now, today=today,
    )  # fmt: skip
    return Big5Section(overview, await big5_views.plans_of(session, youth_id, today))


def share(value: Any) -> str:
    """A share 0..1 as a Dutch percentage, or a dash when unknown."""
    return "–" if value is None else f"{round(float(value) * 100)}%"


def highlight(text: str, spans: list[Any], field: str = "body") -> Markup:
    """The text escaped, with each matched span wrapped in <mark> (overlaps merged)."""
    ranges = sorted(
        (max(0, s.start), min(len(text), s.end))
        for s in spans
        if getattr(s, "field", "body") == field and s.end > s.start
    )
    parts: list[str] = []
    position = 0
    for start, end in ranges:
        if end <= position:
            continue
        start = max(start, position)
        parts.append(str(escape(text[position:start])))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))


@dataclass
class Big5Target:
    """A casemanager's BIG5 entry a correction names, with what its form needs."""

    name: str
    entry: big5_api.DomainAssessment
    parts: list[tuple[str, str]]


@dataclass
class NotesSection:
    notes: notes_api.NoteList | None
    corrections: list[notes_api.Correction]
    titles: dict[str, str]
    bodies: dict[str, str]
    reason: str = ""
    big5_targets: dict[str, Big5Target] = field(default_factory=dict)
    statuses: list[tuple[str, str]] = field(default_factory=list)


async def notes_section(
    session: AsyncSession, actor: Actor, case_id: str, clock: Clock
) -> NotesSection:
    """Like ``GET /cases/{id}/notes`` and ``/corrections``, with the same checks and logging."""
    now, today = clock.now(), clock.today()
    try:
        _, level = await access.case_file(
            session, actor, case_id, action="read", purpose="Verslagen lezen in de console",
            now=now, today=today,
        )  # fmt: skip
        notes = await notes_service.list_notes(session, case_id, level, None, 100)
    except ProblemException as exc:
        return NotesSection(None, [], {}, {}, str(exc.detail))
    await access.staff_case(
        session, actor, case_id, resource="corrections", action="list",
        purpose="Correctieverzoeken bekijken in de console", now=now,
    )  # fmt: skip
    corrections = (await notes_service.corrections(session, case_id=case_id)).items
    titles = {n.id: n.title for n in notes.items}
    bodies = {n.id: n.body or "" for n in notes.items}
    entries = await big5_corrections.targets(
        session, [c.target_id for c in corrections if c.target == "big5_view"]
    )
    targets = {
        entry_id: Big5Target(
            big5_texts.DOMAINS[entry.domain].name,
            entry,
            list(big5_texts.DOMAINS[entry.domain].parts),
        )
        for entry_id, entry in entries.items()
    }
    statuses = [(key, label) for key, (label, _) in big5_texts.STATUSES.items()]
    return NotesSection(notes, corrections, titles, bodies, "", targets, statuses)


@dataclass
class CheckinsSection:
    view: checkins_api.CaseCheckins | None
    charts: list[Chart]
    recent: list[checkins_api.CheckinEntry]
    reason: str = ""


async def checkins_section(
    session: AsyncSession, actor: Actor, case: Case, clock: Clock, days: int = 28
) -> CheckinsSection:
    """Like ``GET /cases/{id}/checkins``: history, response rate and one chart per scale."""
    now, today = clock.now(), clock.today()
    if case.youth_id is None:
        return CheckinsSection(None, [], [], "Nog geen jongere gekoppeld.")
    try:
        grant = await access.youth_data(
            session, actor, case.youth_id, category="checkins", resource="checkins",
            action="read", purpose="Check-ins bekijken in de console", now=now, today=today,
        )  # fmt: skip
    except ProblemException as exc:
        return CheckinsSection(None, [], [], str(exc.detail))
    view = await checkin_history.case_checkins(
        session, case, grant, days=days, now=now, today=today, tz=clock.tz
    )
    # Mood first: it is what the casemanager looks at; other scales follow.
    ordered = sorted(view.series, key=lambda s: (s.item_id != "mood", s.label))
    charts = [line_chart(s, f"grafiek-{s.item_id}") for s in ordered]
    recent = sorted(view.checkins, key=lambda c: c.answered_at, reverse=True)[:10]
    return CheckinsSection(view, charts, recent)

"""What the youth page shows of each domain, each read through that domain's own access check.

A section the youth's phase or sharing does not allow shows the reason instead of failing
the whole page; every section that is shown wrote its own access-log row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import big5 as big5_api
from server.big5 import service as big5
from server.big5 import views as big5_views
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.errors import ProblemException
from server.settings import Settings


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

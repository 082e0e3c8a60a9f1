"""GET /me/export: everything Roer stores about the requester, one section per domain.

The archive's schema is documented in docs/export-schema.md (bump ``VERSION`` when a
section's shape changes). Each domain answers for its own tables with
``export_user_data(session, user_id)``; the list below is the one place they are joined.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import privacy as api
from server.accounts import service as accounts
from server.big5 import service as big5
from server.chat import service as chat
from server.checkins import service as checkins
from server.forum import service as forum
from server.guidance import service as guidance
from server.notes import lifecycle as notes
from server.notifications import service as notifications
from server.privacy import service as privacy
from server.privacy import texts

VERSION = 1
Exporter = Callable[[AsyncSession, str], Awaitable[dict[str, Any]]]

# One entry per domain. Alerts are deliberately absent: they are
# the casemanager's working data, derived from check-ins that are exported themselves.
SECTIONS: list[tuple[str, Exporter]] = [
    ("accounts", accounts.export_user_data),
    ("privacy", privacy.export_user_data),
    ("notes", notes.export_user_data),
    ("notifications", notifications.export_user_data),
    ("big5", big5.export_user_data),
    ("guidance", guidance.export_user_data),
    ("chat", chat.export_user_data),
    ("checkins", checkins.export_user_data),
    ("forum", forum.export_user_data),
]

_templates = Environment(
    loader=PackageLoader("server.privacy", "templates"),
    autoescape=select_autoescape(["html"]),
)


async def archive(
    session: AsyncSession, user_id: str, role: str, now: dt.datetime
) -> api.ExportArchive:
    sections = {name: await export(session, user_id) for name, export in SECTIONS}
    return api.ExportArchive(
        schema="roer-export",
        version=VERSION,
        generated_at=now,
        subject_id=user_id,
        role=role,
        sections=msgspec.to_builtins(sections),
    )


def _label(key: str) -> str:
    return texts.EXPORT_LABELS.get(key, key.replace("_", " "))


def html(data: api.ExportArchive, tz: dt.tzinfo) -> str:
    """The same archive as a readable Dutch page."""
    template = _templates.get_template("export.html")
    return template.render(
        archive=data,
        generated=texts.when(data.generated_at, tz),
        label=_label,
        intro=texts.EXPORT_INTRO,
    )

"""The HTML export renders whatever shape a section entry has (found by schemathesis: a
setting switched on made ``GET /me/export?format=html`` a 500)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from client_api.schema.privacy import ExportArchive
from server.privacy.export import html


def test_every_entry_shape_renders() -> None:
    archive = ExportArchive(
        schema="roer-export",
        version=1,
        generated_at=dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC),
        subject_id="x",
        role="youth",
        sections={
            "big5": {
                "reminders": True,
                "switched_off": False,
                "count": 3,
                "nothing": None,
                "empty": [],
                "tags": ["a", "<b>"],
                "rows": [{"a": 1, "b": "<script>"}, {"a": 2, "b": None}],
                "profile": {"name": "x"},
            }
        },
    )
    page = html(archive, ZoneInfo("Europe/Amsterdam"))
    assert "ja" in page and "nee" in page and "Niets opgeslagen." in page
    assert "<script>" not in page and "&lt;script&gt;" in page

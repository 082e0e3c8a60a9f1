"""The casemanager's attention queue: one open alert per rule per youth."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base, new_id


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    youth_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200))
    # Content-free: what triggered it (a count, a reference), never the youth's words.
    detail: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime]
    last_triggered_at: Mapped[dt.datetime]
    trigger_count: Mapped[int] = mapped_column(Integer, default=1)
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(36))
    escalated_at: Mapped[dt.datetime | None]
    resolved_at: Mapped[dt.datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(36))
    resolution_note: Mapped[str | None] = mapped_column(String(1000))
    # Set while the alert is open; NULL when resolved. Unique with youth and rule, so a
    # second open alert for the same rule cannot exist, even under concurrent raises.
    open_key: Mapped[str | None] = mapped_column(String(120), unique=True)


Index("ix_alerts_case_open", Alert.case_id, Alert.resolved_at)

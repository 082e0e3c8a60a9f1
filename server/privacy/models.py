"""The youth's own choices about what parents and support persons may see."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base


class SharingChoice(Base):
    """A youth's explicit choice for one category and audience; absent means the age default."""

    __tablename__ = "sharing_choices"

    youth_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(20), primary_key=True)
    audience: Mapped[str] = mapped_column(String(20), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[dt.datetime]


class AgeTransition(Base):
    """A youth passed an age boundary of the sharing rules (12 or 16) and was told so.

    One row per youth per boundary makes the daily job idempotent.
    """

    __tablename__ = "age_transitions"

    youth_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    age: Mapped[int] = mapped_column(Integer, primary_key=True)
    birthday: Mapped[dt.date] = mapped_column(Date)
    noticed_at: Mapped[dt.datetime]

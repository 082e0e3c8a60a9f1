"""The one source of time for domain logic, so that tests can move it instead of sleeping."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Clock:
    """Wall-clock time plus an offset that only tests (test mode) ever change."""

    def __init__(self, tz: dt.tzinfo = dt.UTC, offset: dt.timedelta = dt.timedelta(0)) -> None:
        self.tz = tz
        self.offset = offset

    def now(self) -> dt.datetime:
        return utcnow() + self.offset

    def today(self) -> dt.date:
        """Today's date where the service's people live (Europe/Amsterdam by default)."""
        return self.now().astimezone(self.tz).date()

    def set(self, when: dt.datetime) -> None:
        self.offset = when - utcnow()

    def advance(self, delta: dt.timedelta) -> None:
        self.offset += delta


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (a 29 February birthday counts from 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def birthday(birth_date: dt.date, age: int) -> dt.date:
    """The date someone born on ``birth_date`` turns ``age``."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:  # 29 February in a year without one
        return dt.date(birth_date.year + age, 3, 1)

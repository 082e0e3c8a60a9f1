"""BIG5 statistics for admins: aggregates only, small cells suppressed (with their giveaways).

Per month × region × age band: the number of youths, the share ``geregeld`` per domain in
the youth's own latest view at the end of that month (a domain not assessed counts as not
geregeld), and the mean months in care after the 18th birthday. A youth counts in a month
when they were 16–26 at its end, their case had started, and they had assessed themselves
at least once by then. Row totals (all age bands), column totals (all regions) and a grand
total are published too, so suppression is complementary: when exactly one cell of a
group whose total is shown is hidden, the next smallest is hidden as well.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import big5 as api
from server.accounts.models import Case, User
from server.big5.models import DomainEntry
from server.big5.service import add_months, months_between
from server.big5.texts import DOMAIN_IDS
from server.core.clock import age_on, birthday

ALL = "alle"
UNKNOWN_REGION = "onbekend"
BANDS = (("16-17", 16, 17), ("18-20", 18, 20), ("21-23", 21, 23), ("24-26", 24, 26))
MONTHS = 12

# The check-in domain fills this hook: given the youths of one (unsuppressed) cell and
# the month's first and last day, their check-in response rate (0–1), or None.
CheckinRate = Callable[[AsyncSession, Sequence[str], dt.date, dt.date], Awaitable[float | None]]


async def no_checkin_rate(
    session: AsyncSession, youth_ids: Sequence[str], first: dt.date, last: dt.date
) -> float | None:
    """Default hook: no check-in data (the lead wires the check-in domain's function)."""
    return None


def band_of(age: int) -> str | None:
    for name, low, high in BANDS:
        if low <= age <= high:
            return name
    return None


@dataclass
class Cell:
    month: str
    band: str
    region: str
    youths: list[str] = field(default_factory=list)
    geregeld: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DOMAIN_IDS, 0))
    months_past_18: list[int] = field(default_factory=list)
    suppressed: bool = False


def _month_starts(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    return [add_months(first, -n) for n in range(MONTHS - 1, -1, -1)]


def _add(cells: dict[tuple[str, str, str], Cell], key: tuple[str, str, str], youth: str,
         latest: dict[str, str], past_18: int | None) -> None:  # fmt: skip
    cell = cells.setdefault(key, Cell(*key))
    cell.youths.append(youth)
    for domain, status in latest.items():
        if status == "geregeld":
            cell.geregeld[domain] += 1
    if past_18 is not None:
        cell.months_past_18.append(past_18)


def _suppress(cells: dict[tuple[str, str, str], Cell], min_cell: int) -> None:
    """Primary (n < min_cell), then complementary until no group gives a cell away."""
    for cell in cells.values():
        cell.suppressed = len(cell.youths) < min_cell
    groups: list[tuple[Cell, list[Cell]]] = []
    months = {k[0] for k in cells}
    for month in months:
        regions = {k[2] for k in cells if k[0] == month and k[2] != ALL}
        bands = {k[1] for k in cells if k[0] == month and k[1] != ALL}
        for region in [*regions, ALL]:
            members = [cells[(month, b, region)] for b in bands if (month, b, region) in cells]
            groups.append((cells[(month, ALL, region)], members))
        for band in bands:
            members = [cells[(month, band, r)] for r in regions if (month, band, r) in cells]
            groups.append((cells[(month, band, ALL)], members))
    changed = True
    while changed:
        changed = False
        for total, members in groups:
            if total.suppressed or sum(m.suppressed for m in members) != 1:
                continue
            open_members = [m for m in members if not m.suppressed]
            target = min(open_members, key=lambda m: len(m.youths)) if open_members else total
            target.suppressed = changed = True


async def big5_stats(
    session: AsyncSession,
    organisation_id: str | None,
    *,
    today: dt.date,
    tz: dt.tzinfo,
    min_cell: int,
    checkin_response_rate: CheckinRate = no_checkin_rate,
) -> api.Big5Stats:
    """The organisation's aggregates over the last twelve months."""
    rows = (
        await session.execute(
            select(Case, User)
            .join(User, User.id == Case.youth_id)
            .where(Case.organisation_id == organisation_id, User.birth_date.is_not(None))
        )
    ).all()
    youths = {user.id: (case, user) for case, user in rows}
    entries: dict[str, list[DomainEntry]] = defaultdict(list)
    for entry in await session.scalars(
        select(DomainEntry)
        .where(DomainEntry.side == "youth", DomainEntry.youth_id.in_(list(youths)))
        .order_by(DomainEntry.created_at, DomainEntry.id)
    ):
        entries[entry.youth_id].append(entry)
    cells: dict[tuple[str, str, str], Cell] = {}
    starts = _month_starts(today)
    for first in starts:
        last = min(add_months(first, 1) - dt.timedelta(days=1), today)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        month = first.strftime("%Y-%m")
        for youth_id, (case, user) in youths.items():
            assert user.birth_date is not None
            band = band_of(age_on(user.birth_date, last))
            seen = [e for e in entries.get(youth_id, []) if e.created_at < end]
            if band is None or not seen or case.created_at >= end:
                continue
            latest = {e.domain: e.status for e in seen}
            b18 = birthday(user.birth_date, 18)
            care_start = max(case.created_at.astimezone(tz).date(), b18)
            past_18 = months_between(care_start, last) if last >= b18 else None
            region = case.region or UNKNOWN_REGION
            for key in ((month, band, region), (month, ALL, region), (month, band, ALL),
                        (month, ALL, ALL)):  # fmt: skip
                _add(cells, key, youth_id, latest, past_18)
    _suppress(cells, min_cell)
    out = []
    for key in sorted(cells):
        cell = cells[key]
        first = dt.date.fromisoformat(cell.month + "-01")
        last = add_months(first, 1) - dt.timedelta(days=1)
        out.append(await _cell_view(session, cell, first, last, checkin_response_rate))
    return api.Big5Stats(
        min_cell_size=min_cell, months=[s.strftime("%Y-%m") for s in starts], cells=out
    )


async def _cell_view(
    session: AsyncSession, cell: Cell, first: dt.date, last: dt.date, rate: CheckinRate
) -> api.StatsCell:
    if cell.suppressed:
        return api.StatsCell(
            month=cell.month,
            age_band=cell.band,
            region=cell.region,
            suppressed=True,
            youths=None,
            geregeld_share=None,
            mean_months_in_care_past_18=None,
        )
    n = len(cell.youths)
    past = cell.months_past_18
    return api.StatsCell(
        month=cell.month,
        age_band=cell.band,
        region=cell.region,
        suppressed=False,
        youths=n,
        geregeld_share={d: round(cell.geregeld[d] / n, 3) for d in DOMAIN_IDS},
        mean_months_in_care_past_18=round(sum(past) / len(past), 1) if past else None,
        checkin_response_rate=await rate(session, cell.youths, first, last),
    )

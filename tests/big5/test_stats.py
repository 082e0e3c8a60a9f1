"""Admin statistics: aggregates only, small cells and their giveaways suppressed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import pytest

from client_api.client import RoerError
from server.accounts.models import Case, User
from server.accounts.service import ensure_organisation
from server.big5.models import Assessment, DomainEntry
from server.big5.stats import big5_stats
from tests.big5.helpers import DOMAINS
from tests.people import People, Person

# (region, age, youths, how many of them have Wonen geregeld)
POPULATION = [
    ("Groningen", 19, 12, 6),
    ("Groningen", 16, 11, 0),
    ("Groningen", 25, 3, 3),
    ("Drenthe", 20, 10, 10),
]


async def bootstrap(people: People, cm: Person) -> str:
    """Many youths straight into the database (statistics only need the rows)."""
    now, today = people.clock.now(), people.clock.today()
    async with people.db() as session:
        org = await ensure_organisation(session, "Team Noord", now)
        for region, age, count, geregeld in POPULATION:
            for index in range(count):
                youth = User(
                    id=str(uuid.uuid4()),
                    role="youth",
                    password_hash="x",
                    birth_date=today.replace(year=today.year - age) - dt.timedelta(days=20),
                    totp_enabled=False,
                    created_at=now,
                )
                session.add(youth)
                await session.flush()
                case_start = now - dt.timedelta(days=400)
                session.add(
                    Case(label="c", region=region, youth_id=youth.id, casemanager_id=cm.id,
                         organisation_id=org.id, created_at=case_start)
                )  # fmt: skip
                row = Assessment(
                    client_id=str(uuid.uuid4()), youth_id=youth.id, author_id=youth.id,
                    side="youth", created_at=now,
                )  # fmt: skip
                session.add(row)
                await session.flush()
                for domain in DOMAINS:
                    status = "geregeld" if domain == "wonen" and index < geregeld else "deels"
                    session.add(
                        DomainEntry(assessment_id=row.id, youth_id=youth.id, side="youth",
                                    domain=domain, status=status, parts={}, created_at=now)
                    )  # fmt: skip
        await session.commit()
        return org.id


async def test_small_cells_and_their_complements_are_suppressed(people: People) -> None:
    cm = await people.staff("casemanager")
    admin = await people.staff("admin")
    await bootstrap(people, cm)
    stats = await admin.client.big5_stats()
    month = people.clock.today().strftime("%Y-%m")
    assert stats.min_cell_size == 10 and stats.months[-1] == month
    cells = {(c.region, c.age_band): c for c in stats.cells if c.month == month}
    shown = cells[("Groningen", "18-20")]
    assert not shown.suppressed and shown.youths == 12
    assert shown.geregeld_share and shown.geregeld_share["wonen"] == 0.5
    assert shown.mean_months_in_care_past_18 is not None
    assert cells[("Drenthe", "18-20")].youths == 10
    small = cells[("Groningen", "24-26")]
    assert small.suppressed and small.youths is None and small.geregeld_share is None
    # Groningen's total (26) is shown: 16-17 is hidden too, so 24-26 cannot be derived.
    assert cells[("Groningen", "alle")].youths == 26
    assert cells[("Groningen", "16-17")].suppressed
    # The 16-17 column has one region only: its total would give that cell away.
    assert cells[("alle", "16-17")].suppressed and cells[("alle", "24-26")].suppressed
    assert cells[("alle", "alle")].youths == 36
    for row in stats.cells:
        assert row.checkin_response_rate is None


async def test_checkin_response_rate_hook_fills_shown_cells_only(people: People) -> None:
    cm = await people.staff("casemanager")
    org_id = await bootstrap(people, cm)
    asked: list[int] = []

    async def rate(session: object, youths: Sequence[str], first: dt.date, last: dt.date) -> float:
        asked.append(len(youths))
        return 0.75

    async with people.db() as session:
        stats = await big5_stats(
            session, org_id, today=people.clock.today(), tz=people.clock.tz, min_cell=10,
            checkin_response_rate=rate,  # type: ignore[arg-type]
        )  # fmt: skip
    assert {c.checkin_response_rate for c in stats.cells if not c.suppressed} == {0.75}
    assert {c.checkin_response_rate for c in stats.cells if c.suppressed} == {None}
    assert min(asked) >= 10


async def test_only_admins_with_two_factor(people: People) -> None:
    cm = await people.staff("casemanager")
    plain_admin = await people.staff("admin", mfa=False)
    youth = await people.youth(17)
    for client, status in ((cm.client, 403), (youth.client, 403), (plain_admin.client, 403)):
        with pytest.raises(RoerError) as err:
            await client.big5_stats()
        assert err.value.status == status

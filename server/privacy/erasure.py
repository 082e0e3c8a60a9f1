"""Leaving Roer (DELETE /me) and the retention terms.

Erasure runs after a grace period (logging in cancels it). Each domain erases its own data
with ``erase_user_data(session, user_id, now)``; ERASERS is the one place they are joined,
accounts last because the others still need the user row. What the law requires to be
kept stays, detached from the login:

- the youth-care file (case notes, statements, the facts of corrections): Jeugdwet art.
  7.3.8, ``file_retention_years`` (default 20) from the end of care, or from leaving Roer
  when care had not ended;
- the access log: NEN 7513, at least five years (``access_log_retention_years``), content
  free; the chain anchor moves when old rows are purged, so it stays verifiable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import privacy as api
from server.accounts import service as accounts
from server.accounts.models import User
from server.big5 import service as big5
from server.chat import service as chat
from server.checkins import service as checkins
from server.core import audit
from server.core.audit import AccessLog, AuditHead
from server.core.auth import Actor
from server.core.errors import conflict, forbidden
from server.forum import service as forum
from server.guidance import service as guidance
from server.notes import lifecycle as notes
from server.notes.models import ScrubRequest
from server.notifications import service as notifications
from server.notifications.service import enqueue
from server.privacy import service as privacy
from server.privacy import texts
from server.settings import Settings

Eraser = Callable[[AsyncSession, str, dt.datetime], Awaitable[None]]

# Every domain erases its own data; accounts last.
ERASERS: list[tuple[str, Eraser]] = [
    ("privacy", privacy.erase_user_data),
    ("notes", notes.erase_user_data),
    ("notifications", notifications.erase_user_data),
    ("big5", big5.erase_user_data),
    ("guidance", guidance.erase_user_data),
    ("chat", chat.erase_user_data),
    ("checkins", checkins.erase_user_data),
    ("forum", forum.erase_user_data),
    ("accounts", accounts.erase_user_data),
]
LEAVING_ROLES = frozenset({"youth", "parent", "support_person"})
MIN_ACCESS_LOG_YEARS = 5


def log_years(settings: Settings) -> int:
    return max(MIN_ACCESS_LOG_YEARS, settings.access_log_retention_years)


async def retained_records(
    session: AsyncSession, user_id: str, when: dt.datetime, settings: Settings, tz: dt.tzinfo
) -> list[api.RetainedRecord]:
    """Exactly what stays after erasure at ``when``, and until when."""
    records = []
    case, note_count, statement_count = await notes.file_of(session, user_id)
    if case is not None and note_count:
        start = case.care_ended_at or when
        until = notes.years_after(start, settings.file_retention_years).astimezone(tz).date()
        records.append(
            api.RetainedRecord(
                kind="case_file",
                description=texts.retained_file(note_count, statement_count),
                count=note_count,
                retained_until=until,
                basis=texts.FILE_BASIS.format(years=settings.file_retention_years),
            )
        )
    rows = await session.scalar(
        select(func.count()).select_from(AccessLog).where(AccessLog.subject_id == user_id)
    )
    newest = await session.scalar(
        select(func.max(AccessLog.at)).where(AccessLog.subject_id == user_id)
    )
    if rows:
        until_log = notes.years_after(newest or when, log_years(settings)).astimezone(tz).date()
        records.append(
            api.RetainedRecord(
                kind="access_log",
                description=texts.RETAINED_LOG,
                count=rows,
                retained_until=until_log,
                basis=texts.LOG_BASIS.format(years=log_years(settings)),
            )
        )
    return records


async def schedule(
    session: AsyncSession,
    actor: Actor,
    *,
    now: dt.datetime,
    settings: Settings,
    tz: dt.tzinfo,
    forum_posts: str = "anonymise",
) -> api.DeletionScheduled:
    """Start the grace period, sign out everywhere, and say what will stay and until when."""
    if actor.role not in LEAVING_ROLES:
        raise forbidden("Een account van een medewerker verwijdert de beheerder.")
    user = await session.get(User, actor.id)
    if user is not None and user.deletion_scheduled_for is not None:
        raise conflict("Je account staat al op de lijst om verwijderd te worden.")
    when = now + dt.timedelta(days=settings.deletion_grace_days)
    retained = await retained_records(session, actor.id, when, settings, tz)
    await accounts.schedule_deletion(session, actor.id, when, now)
    await forum.set_leave_choice(session, actor.id, forum_posts)
    message = texts.deletion_message(texts.when(when, tz), retained)
    await enqueue(
        session,
        user_id=actor.id,
        kind="account_deletion",
        title=texts.DELETION_TITLE,
        body=message,
        now=now,
        settings=settings,
        tz=tz,
    )
    return api.DeletionScheduled(
        scheduled_for=when,
        grace_days=settings.deletion_grace_days,
        message=message,
        erased=texts.ERASED,
        retained=retained,
    )


async def erase_due_accounts(session: AsyncSession, now: dt.datetime) -> int:
    """Erase every account whose grace period has passed. Returns how many."""
    due = list(
        await session.scalars(
            select(User.id).where(
                User.deletion_scheduled_for.is_not(None), User.deletion_scheduled_for <= now
            )
        )
    )
    for user_id in due:
        for _name, erase in ERASERS:
            await erase(session, user_id, now)
    if due:
        session.add(ScrubRequest(created_at=now))
    return len(due)


async def purge_expired_files(session: AsyncSession, now: dt.datetime, years: int) -> int:
    """Destroy youth-care files past their term; the content-free fact is logged."""
    purged = 0
    for case_id, youth_id in await notes.expired_files(session, now, years):
        count = await notes.purge_file(session, case_id, now)
        await audit.append(
            session,
            at=now,
            actor_id=None,
            actor_role="system",
            subject_id=youth_id or case_id,
            resource="case_file",
            action="purge",
            purpose=f"Bewaartermijn van {years} jaar verstreken",
            detail=f"case={case_id} notes={count}",
        )
        purged += 1
    return purged


async def purge_access_log(session: AsyncSession, now: dt.datetime, years: int) -> int:
    """Delete the oldest rows past the term and move the chain anchor to the newest deleted
    row, so ``audit.verify`` still checks everything that remains. Returns rows deleted."""
    cutoff = notes.years_before(now, years)
    head = await session.get(AuditHead, 1, with_for_update=True)
    if head is None:
        return 0
    first_kept = await session.scalar(select(func.min(AccessLog.id)).where(AccessLog.at >= cutoff))
    last_purged_id = (first_kept - 1) if first_kept is not None else head.last_id
    if last_purged_id <= head.anchor_id:
        return 0
    last_purged = await session.get(AccessLog, last_purged_id)
    if last_purged is None:
        return 0
    result = await session.execute(delete(AccessLog).where(AccessLog.id <= last_purged_id))
    head.anchor_id, head.anchor_hash = last_purged.id, last_purged.hash
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def scrub_storage(session: AsyncSession) -> bool:
    """After content was destroyed, make sure no old copy lingers in the storage: on SQLite
    fold the WAL into the file and truncate it (secure_delete has zeroed freed space); on
    PostgreSQL VACUUM the tables so dead row versions are removed."""
    pending = await session.scalar(select(func.count()).select_from(ScrubRequest))
    if not pending:
        return False
    await session.execute(delete(ScrubRequest))
    await session.commit()
    engine = session.bind
    async with engine.connect() as conn:  # type: ignore[union-attr]
        auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
        if auto.dialect.name == "sqlite":
            await auto.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        else:
            for table in SCRUBBED_TABLES:
                await auto.execute(text(f"VACUUM {table}"))
    return True


# Tables whose destroyed content must not linger as dead row versions on PostgreSQL
# (SQLite needs no list: secure_delete zeroes freed space and the checkpoint folds the WAL).
# The BIG5 tables are here because an accepted correction overwrites a casemanager's entry
# in place, destroying a file (or its retention term ending) deletes the casemanager's
# views and the youth's statements, and leaving Roer deletes the youth's own BIG5 rows
# (assessments, entries, plans, actions and support invitations, by cascade or directly).
SCRUBBED_TABLES = (
    "case_notes",
    "note_statements",
    "corrections",
    "destruction_requests",
    "users",
    "notifications",
    "big5_assessments",
    "big5_entries",
    "big5_statements",
    "big5_plans",
    "big5_actions",
    "big5_support_invitations",
)

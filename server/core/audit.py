"""The access log (NEN 7513): who read or changed whose data, what, when and why.

Append-only and hash-chained: each row's hash covers its content and the previous row's
hash, and a single head row holds the last hash, so an edited, inserted or removed row
breaks the chain. ``roer audit verify`` walks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import AsyncIterator

from sqlalchemy import BigInteger, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from server.core.db import Base

GENESIS = "0" * 64


class AccessLog(Base):
    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime]
    actor_id: Mapped[str | None] = mapped_column(String(36), index=True)
    actor_role: Mapped[str] = mapped_column(String(20))
    # Whose data. Kept as a plain id (no foreign key): the log outlives accounts.
    subject_id: Mapped[str] = mapped_column(String(36), index=True)
    resource: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(200))
    # Content-free detail (an id, a count), never the data itself.
    detail: Mapped[str] = mapped_column(String(200), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the id and hash of the newest log row. Locking it serialises appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
    # Where verification starts after old rows were purged by retention.
    anchor_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    anchor_hash: Mapped[str] = mapped_column(String(64))


def row_hash(prev_hash: str, row: AccessLog) -> str:
    parts = [
        prev_hash,
        str(row.id),
        row.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        row.actor_id or "",
        row.actor_role,
        row.subject_id,
        row.resource,
        row.action,
        row.purpose,
        row.detail,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


async def append(
    session: AsyncSession,
    *,
    at: dt.datetime,
    actor_id: str | None,
    actor_role: str,
    subject_id: str,
    resource: str,
    action: str,
    purpose: str,
    detail: str = "",
) -> AccessLog:
    """Add one row to the chain, within the caller's transaction."""
    head = await session.get(AuditHead, 1, with_for_update=True)
    if head is None:
        head = AuditHead(id=1, last_id=0, last_hash=GENESIS, anchor_id=0, anchor_hash=GENESIS)
        session.add(head)
    row = AccessLog(
        id=head.last_id + 1,
        at=at,
        actor_id=actor_id,
        actor_role=actor_role,
        subject_id=subject_id,
        resource=resource,
        action=action,
        purpose=purpose[:200],
        detail=detail[:200],
        prev_hash=head.last_hash,
        hash="",
    )
    row.hash = row_hash(head.last_hash, row)
    head.last_id = row.id
    head.last_hash = row.hash
    session.add(row)
    return row


async def _rows(session: AsyncSession, after_id: int) -> AsyncIterator[AccessLog]:
    last = after_id
    while True:
        batch = (
            await session.scalars(
                select(AccessLog).where(AccessLog.id > last).order_by(AccessLog.id).limit(1000)
            )
        ).all()
        if not batch:
            return
        for row in batch:
            yield row
        last = batch[-1].id


async def verify(session: AsyncSession) -> list[str]:
    """Every break in the chain, as readable lines; an empty list means the log is intact."""
    head = await session.get(AuditHead, 1)
    if head is None:
        count = (await session.scalars(select(AccessLog.id).limit(1))).first()
        return [] if count is None else ["audit head is missing while log rows exist"]
    problems: list[str] = []
    expected_id, prev = head.anchor_id, head.anchor_hash
    async for row in _rows(session, head.anchor_id):
        expected_id += 1
        if row.id != expected_id:
            problems.append(f"row {expected_id}: missing (next row is {row.id})")
            expected_id = row.id
        if row.prev_hash != prev:
            problems.append(f"row {row.id}: does not link to the row before it")
        if row_hash(row.prev_hash, row) != row.hash:
            problems.append(f"row {row.id}: content does not match its hash (changed)")
        prev = row.hash
    if expected_id != head.last_id or prev != head.last_hash:
        problems.append(
            f"chain ends at row {expected_id} but the head says {head.last_id}: rows removed"
        )
    return problems

"""Scheduled housekeeping of sign-in data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import AuthSession, Invite
from server.core.clock import utcnow

# Ended sign-in sessions are kept a while so a user can see recent activity, then purged.
ENDED_SESSION_DAYS = 30


async def purge_sign_in_data(session: AsyncSession, now: dt.datetime) -> None:
    """Delete long-ended sessions and expired, unused invitations.

    Sign-in sessions live on wall-clock time (like the tokens), so the cutoff does too:
    a moved test clock must not sign people out.
    """
    cutoff = utcnow() - dt.timedelta(days=ENDED_SESSION_DAYS)
    await session.execute(
        delete(AuthSession).where(
            (AuthSession.expires_at < cutoff) | (AuthSession.revoked_at < cutoff)
        )
    )
    await session.execute(
        delete(Invite).where(
            Invite.used_at.is_(None),
            Invite.expires_at < now - dt.timedelta(days=ENDED_SESSION_DAYS),
        )
    )

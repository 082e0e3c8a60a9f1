"""Demo accounts for ``roer serve --demo``: safe to run again, prints the logins each time."""

from __future__ import annotations

import datetime as dt

import pyotp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.accounts.models import Case, CaseParent, User
from server.accounts.service import create_user, ensure_organisation
from server.core.clock import Clock

ORGANISATION = "Jeugd- en Gezinsteam Demo"
# Demo passwords are fixed so that they can be printed on every start; they are for a
# local demonstration only and are never created without ``--demo``.
PASSWORD = "roer-demo-{name}-2026"
STAFF = [
    ("admin", "beheer", "Bea Beheer"),
    ("casemanager", "sanne", "Sanne de Vries"),
    ("casemanager", "mo", "Mo Bakker"),
    ("moderator", "nadia", "Nadia Moderator"),
    ("peer_expert", "kees", "Kees Ervaringsdeskundige"),
]
# (username, age in years, label) — the first gets a parent.
YOUTHS = [("lotte", 14, "L. (14)"), ("daan", 17, "D. (17)"), ("amira", 22, "A. (22)")]


def _birth_date(today: dt.date, age: int) -> dt.date:
    return today.replace(year=today.year - age) - dt.timedelta(days=100)


async def create_demo(session: AsyncSession, clock: Clock, hashing: str = "default") -> list[str]:
    """Make the demo organisation and people if missing; return the lines to print."""
    now, today = clock.now(), clock.today()
    org = await ensure_organisation(session, ORGANISATION, now)
    users: dict[str, User] = {}
    for role, name, display in STAFF:
        users[name] = await _user(
            session, role, name, now, hashing, display_name=display, organisation_id=org.id
        )
    sanne = users["sanne"]
    for name, age, label in YOUTHS:
        youth = await _user(
            session, "youth", name, now, hashing, birth_date=_birth_date(today, age)
        )
        users[name] = youth
        case = await session.scalar(select(Case).where(Case.youth_id == youth.id))
        if case is None:
            case = Case(
                label=label,
                region="Groningen",
                youth_id=youth.id,
                casemanager_id=sanne.id,
                organisation_id=org.id,
                created_at=now,
            )
            session.add(case)
            await session.flush()
        if name == "lotte":
            parent = await _user(session, "parent", "ouder-lotte", now, hashing)
            users["ouder-lotte"] = parent
            if await session.get(CaseParent, (case.id, parent.id)) is None:
                session.add(
                    CaseParent(
                        case_id=case.id, parent_id=parent.id, has_authority=True, created_at=now
                    )
                )
    await session.flush()
    lines = ["Demo-accounts (alleen voor een lokale demonstratie):"]
    for name, user in users.items():
        line = f"  {user.role:<13} {name:<13} wachtwoord: {PASSWORD.format(name=name)}"
        if user.totp_enabled:
            line += f"   2FA-geheim: {user.totp_secret}  (code: roer demo code {name})"
        lines.append(line)
    return lines


async def _user(
    session: AsyncSession,
    role: str,
    name: str,
    now: dt.datetime,
    hashing: str,
    **extra: object,
) -> User:
    user = await session.scalar(select(User).where(User.username == name))
    if user is None:
        user = await create_user(
            session,
            role=role,
            username=name,
            password=PASSWORD.format(name=name),
            now=now,
            hashing=hashing,
            check_password=False,
            **extra,  # type: ignore[arg-type]
        )
        if role in ("admin", "casemanager", "moderator"):
            user.totp_secret = pyotp.random_base32()
            user.totp_enabled = True
    return user


async def demo_code(session: AsyncSession, username: str) -> str | None:
    """The current TOTP code of a demo staff account."""
    user = await session.scalar(select(User).where(User.username == username))
    if user is None or not user.totp_secret or user.organisation_id is None:
        return None
    return pyotp.TOTP(user.totp_secret).now()

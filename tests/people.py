"""Builders for the people of a test: staff with two-factor, cases, youths, parents.

Staff are bootstrapped the way an operator does it (``roer user create``: straight into the
database); everything after that goes through the API with ``RoerClient``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pyotp
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.client import RoerClient
from client_api.schema.accounts import Case, Me
from server.accounts.service import create_user, ensure_organisation
from server.core.clock import Clock
from server.core.db import make_engine, make_sessionmaker
from server.settings import Settings

PASSWORD = "een lange zin als wachtwoord"
_seq = itertools.count(1)


@dataclass
class Person:
    client: RoerClient
    me: Me
    username: str
    totp_secret: str | None = None

    @property
    def id(self) -> str:
        return self.me.id


@dataclass
class Family:
    case: Case
    casemanager: Person
    youth: Person
    parents: list[Person]


class People:
    def __init__(
        self, app: Litestar, http: AsyncTestClient[Litestar], clock: Clock, settings: Settings
    ) -> None:
        self.app = app
        self.http = http
        self.clock = clock
        self.settings = settings

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        """A database session of the test's own (the app runs on another event loop)."""
        engine = make_engine(self.settings)
        try:
            async with make_sessionmaker(engine)() as session:
                yield session
        finally:
            await engine.dispose()

    def client(self) -> RoerClient:
        return RoerClient(self.http)

    def name(self, prefix: str) -> str:
        return f"{prefix}{next(_seq)}"

    async def staff(
        self, role: str = "casemanager", *, organisation: str = "Team Noord", mfa: bool = True
    ) -> Person:
        """A staff member made by the operator, signed in, with two-factor confirmed."""
        username = self.name(role)
        async with self.db() as session:
            org = await ensure_organisation(session, organisation, self.clock.now())
            await create_user(
                session,
                role=role,
                username=username,
                password=PASSWORD,
                now=self.clock.now(),
                hashing="fast",
                display_name=f"{role.title()} {username}",
                organisation_id=org.id,
            )
            await session.commit()
        client = self.client()
        await client.login(username, PASSWORD)
        secret = None
        if mfa:
            enrollment = await client.enroll_2fa()
            secret = enrollment.secret
            await client.confirm_2fa(pyotp.TOTP(secret).now())
        return Person(client, await client.me(), username, secret)

    async def youth(
        self, age: int = 15, *, invite_code: str | None = None, days_past_birthday: int = 40
    ) -> Person:
        username = self.name("jongere")
        today = self.clock.today()
        birth = today.replace(year=today.year - age) - dt.timedelta(days=days_past_birthday)
        client = self.client()
        me = await client.register(
            username=username, password=PASSWORD, birth_date=birth, invite_code=invite_code
        )
        await client.login(username, PASSWORD)
        return Person(client, me, username)

    async def with_code(self, code: str, prefix: str = "ouder", **extra: object) -> Person:
        username = self.name(prefix)
        client = self.client()
        me = await client.register(
            username=username,
            password=PASSWORD,
            invite_code=code,
            **extra,  # type: ignore[arg-type]
        )
        await client.login(username, PASSWORD)
        return Person(client, me, username)

    async def family(
        self, youth_age: int = 15, parents: int = 1, casemanager: Person | None = None
    ) -> Family:
        """A casemanager's case with its youth and parents, all joined by invite codes."""
        cm = casemanager or await self.staff("casemanager")
        case = await cm.client.create_case(self.name("casus-"))
        youth_code = (await cm.client.invite(case.id, "youth")).code
        youth = await self.youth(youth_age, invite_code=youth_code)
        members = []
        for _ in range(parents):
            code = (await cm.client.invite(case.id, "parent")).code
            members.append(await self.with_code(code))
        return Family(await cm.client.case(case.id), cm, youth, members)

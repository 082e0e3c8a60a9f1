"""Accounts, sign-in, sessions, two-factor, cases and invitations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from client_api.schema.common import Model

Role = Literal[
    "youth", "parent", "casemanager", "peer_expert", "support_person", "moderator", "admin"
]
StaffRole = Literal["casemanager", "moderator", "peer_expert", "admin"]
InviteRole = Literal["youth", "parent"]

Username = Annotated[str, msgspec.Meta(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")]
Email = Annotated[
    str, msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
# No composition rules (NIST SP 800-63B): length is what counts; long passphrases welcome.
Password = Annotated[str, msgspec.Meta(min_length=8, max_length=256)]
TotpCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")]
InviteCode = Annotated[str, msgspec.Meta(min_length=8, max_length=64)]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]


class RegisterRequest(Model):
    """Sign up: a youth without invite (birth date required), anyone else with an invite code."""

    password: Password
    username: Username | None = None
    email: Email | None = None
    birth_date: dt.date | None = None
    invite_code: InviteCode | None = None
    display_name: DisplayName | None = None


class LoginRequest(Model):
    login: Annotated[str, msgspec.Meta(min_length=1, max_length=254)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    totp_code: TotpCode | None = None
    device_name: Annotated[str, msgspec.Meta(max_length=80)] | None = None


class RefreshRequest(Model):
    refresh_token: Annotated[str, msgspec.Meta(min_length=10, max_length=200)]


class LogoutRequest(Model):
    refresh_token: Annotated[str, msgspec.Meta(min_length=10, max_length=200)] | None = None


class TokenPair(Model):
    access_token: str
    refresh_token: str
    expires_in: int
    session_id: str
    token_type: Literal["bearer"] = "bearer"


class Me(Model):
    id: str
    role: Role
    username: str | None
    email: str | None
    display_name: str | None
    birth_date: dt.date | None
    age: int | None
    totp_enabled: bool
    two_factor_required: bool
    case_ids: list[str]
    created_at: dt.datetime
    deletion_scheduled_for: dt.datetime | None = None


class SessionInfo(Model):
    id: str
    device_name: str | None
    created_at: dt.datetime
    last_used_at: dt.datetime
    current: bool


class SessionList(Model):
    items: list[SessionInfo]
    next_cursor: str | None = None


class TotpEnrollment(Model):
    secret: str
    otpauth_uri: str


class TotpConfirm(Model):
    totp_code: TotpCode


class PersonRef(Model):
    """A member of a case as staff see them. Youths are pseudonymous: no real name required."""

    id: str
    role: Role
    name: str
    age: int | None = None


class CaseCreate(Model):
    label: Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
    region: Annotated[str, msgspec.Meta(min_length=1, max_length=80)] | None = None


class Case(Model):
    id: str
    label: str
    region: str | None
    casemanager: PersonRef
    youth: PersonRef | None
    parents: list[PersonRef]
    created_at: dt.datetime
    closed_at: dt.datetime | None = None


class CaseList(Model):
    items: list[Case]
    next_cursor: str | None = None


class InviteCreate(Model):
    role: InviteRole
    # Only for parents: whether this parent holds parental authority (gezag).
    has_authority: bool = True


class StaffInviteCreate(Model):
    role: StaffRole


class Invite(Model):
    code: str
    role: Role
    case_id: str | None
    expires_at: dt.datetime


class HandoverRequest(Model):
    casemanager_id: str
    reason: Annotated[str, msgspec.Meta(min_length=3, max_length=500)]


class StaffMember(Model):
    id: str
    role: Role
    name: str


class StaffList(Model):
    items: list[StaffMember]
    next_cursor: str | None = None

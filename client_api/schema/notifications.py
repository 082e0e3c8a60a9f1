"""Phones' push registrations and the in-app notification inbox."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from client_api.schema.common import Model


class DeviceCreate(Model):
    platform: Literal["ios", "android", "web"]
    push_token: Annotated[str, msgspec.Meta(min_length=8, max_length=4096)]
    name: Annotated[str, msgspec.Meta(max_length=80)] | None = None


class Device(Model):
    id: str
    platform: str
    name: str | None
    created_at: dt.datetime


class Notification(Model):
    id: str
    kind: str
    title: str
    body: str
    urgent: bool
    created_at: dt.datetime
    read_at: dt.datetime | None = None


class NotificationList(Model):
    items: list[Notification]
    next_cursor: str | None = None

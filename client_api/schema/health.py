"""Liveness and readiness."""

from __future__ import annotations

from typing import Literal

from client_api.schema.common import Model


class Health(Model):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unavailable"]
    version: str

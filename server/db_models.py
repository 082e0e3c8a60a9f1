"""Every table, imported in one place so that Alembic sees the whole metadata."""

from __future__ import annotations

from server.accounts import models as accounts_models
from server.core import audit, scheduler
from server.core.db import Base
from server.forum import models as forum_models
from server.privacy import models as privacy_models

__all__ = ["Base", "accounts_models", "audit", "forum_models", "privacy_models", "scheduler"]

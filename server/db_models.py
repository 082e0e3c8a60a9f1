"""Every table, imported in one place so that Alembic sees the whole metadata."""

from __future__ import annotations

from server.accounts import models as accounts_models
from server.alerts import models as alerts_models
from server.big5 import models as big5_models
from server.chat import models as chat_models
from server.checkins import models as checkins_models
from server.core import audit, scheduler
from server.core.db import Base
from server.forum import models as forum_models
from server.guidance import models as guidance_models
from server.notes import models as notes_models
from server.notifications import models as notifications_models
from server.privacy import models as privacy_models

__all__ = [
    "Base",
    "accounts_models",
    "alerts_models",
    "audit",
    "big5_models",
    "chat_models",
    "checkins_models",
    "forum_models",
    "guidance_models",
    "notes_models",
    "notifications_models",
    "privacy_models",
    "scheduler",
]

"""The matrix posts more than a new forum member may in an hour; that limit has its own
tests (tests/forum), so here it is out of the way."""

from __future__ import annotations

import msgspec
import pytest

from server.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return msgspec.structs.replace(
        settings, forum_new_member_posts_per_hour=1000, forum_posts_per_hour=1000
    )

"""Shared steps of the forum tests."""

from __future__ import annotations

import uuid

import pytest

from client_api.client import RoerClient, RoerError
from client_api.schema import forum

PHONE = "Mijn nummer is 0612345678"
GROOMING = "hoe oud ben je, stuur een foto"
CRISIS = "ik wil niet meer leven"


def cid() -> str:
    return str(uuid.uuid4())


async def board(client: RoerClient, space: str, slug: str = "gewoon-kletsen") -> forum.Board:
    boards = (await client.forum_boards()).items
    return next(b for b in boards if b.space == space and b.slug == slug)


async def start(
    client: RoerClient,
    board_id: str,
    body: str = "Hoi allemaal, hoe gaat het?",
    title: str = "Even voorstellen",
) -> forum.ThreadCreated:
    return await client.forum_create_thread(board_id, title, body, cid())


async def fails(status: int, call: object) -> RoerError:
    with pytest.raises(RoerError) as err:
        await call  # type: ignore[misc]
    assert err.value.status == status, err.value.text
    return err.value


def board_id(space: str, slug: str = "gewoon-kletsen") -> str:
    """Board ids are stable: uuid5 of "<space>/<slug>" in the forum's namespace."""
    namespace = uuid.UUID("6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f")
    return str(uuid.uuid5(namespace, f"{space}/{slug}"))

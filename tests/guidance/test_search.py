"""Search: Dutch stemming, ranking, snippets, filters, odd input, and real questions."""

from __future__ import annotations

import pytest

from client_api.client import RoerClient
from tests.guidance.questions import QUESTIONS


async def slugs(anon: RoerClient, q: str | None = None, **filters: str) -> list[str]:
    return [item.slug for item in (await anon.guides(q, limit=200, **filters)).items]


@pytest.mark.parametrize(("question", "fitting"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
async def test_real_questions_find_a_fitting_guide_in_the_top_three(
    anon: RoerClient, question: str, fitting: set[str]
) -> None:
    top = (await slugs(anon, question))[:3]
    assert fitting & set(top), f"{question!r} → {top}"

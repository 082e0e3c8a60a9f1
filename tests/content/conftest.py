"""Fixtures: a copy of the valid fixture library that a test may break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"

Edit = Callable[[str, str, str], None]


@pytest.fixture
def library_root(tmp_path: Path) -> Path:
    """A private copy of the valid fixture library."""
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    return root


@pytest.fixture
def edit(library_root: Path) -> Edit:
    """Replace text in one file of the copied library; fails if the text is not there."""

    def replace(file: str, old: str, new: str) -> None:
        path = library_root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return replace

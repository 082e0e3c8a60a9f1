"""The README stays true: every setting is documented, and the two commands are there."""

from __future__ import annotations

from pathlib import Path

from server.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_setting_is_documented() -> None:
    missing = [
        f"ROER_{name.upper()}"
        for name in Settings.__struct_fields__
        if f"`ROER_{name.upper()}`" not in README
    ]
    assert missing == []


def test_the_two_commands_are_in_the_readme() -> None:
    assert ".venv/bin/roer serve --demo" in README
    assert '.venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest' in README


def test_test_mode_is_read_from_the_environment_but_test_suite_urls_are_not() -> None:
    settings = Settings.from_env(
        {"ROER_TEST_MODE": "true", "ROER_TEST_POSTGRES_URL": "postgresql+asyncpg://x/y"}
    )
    assert settings.test_mode is True

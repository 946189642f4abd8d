"""The README keeps up with the code: every setting and every command is documented."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command

from app.cli import app
from app.config import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"FACTTRACK_{name.upper()}" in README, f"FACTTRACK_{name.upper()} is undocumented"


def test_every_command_is_documented() -> None:
    group = get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        assert f"facttrack {name}" in README, f"`facttrack {name}` is undocumented"

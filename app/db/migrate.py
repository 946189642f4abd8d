"""Bring a database to the newest schema with Alembic (never ``create_all``)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from app.config import PROJECT_ROOT, get_settings


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option(
        "sqlalchemy.url", (url or get_settings().resolved_database_url).replace("%", "%%")
    )
    return config


def upgrade(url: str | None = None) -> None:
    config = alembic_config(url)
    config.attributes["quiet"] = True
    command.upgrade(config, "head")

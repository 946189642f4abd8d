"""Alembic environment: the URL comes from the config if set, else from the app settings."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import text

from app.config import get_settings
from app.db.models import Base
from app.db.session import make_engine

config = context.config

if config.config_file_name is not None and not config.attributes.get("quiet"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


# Indexes on expressions PostgreSQL reflects in another spelling: migrations only.
MIGRATION_ONLY_INDEXES = frozenset({"ix_claim_rank_disputed"})


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Search indexes (FTS5 tables, tsvector indexes) live outside the ORM models."""
    if name in MIGRATION_ONLY_INDEXES:
        return False
    return not (name and ("_fts" in name or name.startswith("fts_")))


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().resolved_database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url(), pooled=False)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Every app worker upgrades at startup, several at once: one at a time, the
                # others then find the schema at head (DDL is transactional there).
                connection.execute(text("SELECT pg_advisory_xact_lock(770431)"))
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

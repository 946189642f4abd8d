"""Engines, sessions, bulk inserts. The caller of a service owns the transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Engine,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    insert,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from app.config import get_settings
from app.db.models import Base


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        # Plan every statement for its own parameters, with the table sizes of the moment.
        # The driver prepares statements it runs often, and PostgreSQL may then settle on
        # one generic plan per connection, search-trigger queries included: planned while
        # a fresh database was nearly empty, a sequential scan stayed the plan as the
        # tables grew (measured: ingest 40 -> 33 s for 3,000 articles).
        kwargs["connect_args"] = {"options": "-c plan_cache_mode=force_custom_plan"}
        if pooled:
            kwargs["pool_pre_ping"] = True
    if not pooled:
        kwargs["poolclass"] = NullPool
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling breaks SAVEPOINTs: let SQLAlchemy emit BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


@lru_cache
def engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    return engine_for(get_settings().resolved_database_url)


def session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=engine or get_engine(), expire_on_commit=False)


@contextmanager
def transaction(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with session_factory(engine)() as session, session.begin():
        yield session


def among(session: Session, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    """``column IN values``. On PostgreSQL as ``= ANY`` of one array parameter: an IN list of
    thousands of ids costs the driver more to parse (the text of each statement with a new
    length is parsed anew) than the server to run."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(
            ColumnElement[bool],
            column == any_(bindparam(None, list(values), type_=ARRAY(column.type))),
        )
    return cast(ColumnElement[bool], column.in_(values))


def table(model: type[Base]) -> Table:
    """A model's table, for bulk writes: the ORM splits a list of rows wherever the columns
    left NULL differ (a statement per run), Core sends them all in one."""
    return cast(Table, model.__table__)


def insert_ids(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in as few statements as the driver allows; their ids, in row order."""
    if not rows:
        return []
    target = table(model)
    if session.get_bind().dialect.name == "sqlite":
        # Asked for RETURNING in row order, SQLAlchemy sends SQLite one row per statement.
        # One statement numbers its rows in order anyway: sorted, the ids follow the rows.
        return sorted(session.scalars(insert(target).returning(target.c.id), rows))
    statement = insert(target).returning(target.c.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))

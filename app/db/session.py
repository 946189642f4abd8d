"""Engines, sessions, bulk inserts. The caller of a service owns the transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    JSON,
    Column,
    ColumnElement,
    Engine,
    Executable,
    Insert,
    Result,
    Table,
    Text,
    any_,
    bindparam,
    column,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeEngine

from app.config import get_settings
from app.db.models import Base


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        # Statements the driver prepares may settle on one generic plan per connection.
        # A plan made while a fresh database was nearly empty would keep its sequential
        # scans as the tables grow, but every ANALYZE (bulk ingest runs its own:
        # ``batch.PlannerStatistics``; autovacuum elsewhere) makes PostgreSQL plan anew.
        # Forcing a custom plan for every statement cost more than it saved: it replans
        # each row's foreign-key checks too (3,000 articles, 2 workers: about 5% slower).
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


def plain_rows(session: Session, statement: Executable) -> Result[*tuple[Any, ...]]:
    """The rows of a select of plain columns, read as Core reads them, after the session's
    pending changes are flushed (as ``Session.execute`` would). The ORM's handling of each
    row costs more than the query itself for thousands of narrow rows (about 40% of the
    CPU of reading a batch's candidate keys)."""
    session.flush()
    return session.connection().execute(statement)


def table(model: type[Base]) -> Table:
    """A model's table, for bulk writes: the ORM splits a list of rows wherever the columns
    left NULL differ (a statement per run), Core sends them all in one."""
    return cast(Table, model.__table__)


def insert_ids(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (all with the same keys) in one statement; their ids, in row order."""
    if not rows:
        return []
    target = table(model)
    if session.get_bind().dialect.name == "sqlite":
        # Asked for RETURNING in row order, SQLAlchemy sends SQLite one row per statement.
        # One statement numbers its rows in order anyway: sorted, the ids follow the rows.
        return sorted(session.scalars(insert(target).returning(target.c.id), rows))
    # The rows are inserted in their order, so ids drawn from the sequence follow it.
    return sorted(session.scalars(_insert_unnest(target, rows).returning(target.c.id)))


def insert_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) in one statement."""
    if not rows:
        return
    target = table(model)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(insert(target), rows)
    else:
        session.execute(_insert_unnest(target, rows))


def update_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Set the columns of each of ``rows`` (all with the same keys) on the row of its ``id``,
    in one statement on PostgreSQL (statement triggers then run once: migration 0006)."""
    if not rows:
        return
    target = table(model)
    if session.get_bind().dialect.name == "sqlite":
        named = [{"_id" if name == "id" else name: v for name, v in row.items()} for row in rows]
        session.execute(update(target).where(target.c.id == bindparam("_id")), named)
        return
    given = _unnest(target, rows)
    session.execute(
        update(target)
        .values({name: given[name] for name in rows[0] if name != "id"})
        .where(target.c.id == given["id"])
    )


# PostgreSQL receives many rows as one array per column: the statement's text is the same
# for any number of rows, so the driver parses it once and prepares it (a multi-row VALUES
# list has a new text for each row count, parsed anew by psycopg: 0.5 ms an article).
def _unnest(target: Table, rows: Sequence[dict[str, Any]]) -> dict[str, ColumnElement[Any]]:
    """The columns of ``rows`` as ``unnest`` of one array each, and ``row_number``."""
    columns = [target.c[name] for name in rows[0]]
    arrays = []
    for c in columns:
        values = [row[c.name] for row in rows]
        if isinstance(c.type, JSON):
            # sent as text (a list value would read as a dimension of the array), written
            # as the driver writes one JSON value: json.dumps, None as JSON null
            values = [json.dumps(value) for value in values]
        arrays.append(bindparam(None, values, type_=ARRAY(_sent_type(c))))
    given = (
        func.unnest(*arrays)
        .table_valued(*(column(c.name, _sent_type(c)) for c in columns), with_ordinality="n")
        .render_derived()
    )
    found: dict[str, ColumnElement[Any]] = {
        c.name: sql_cast(given.c[c.name], c.type) if isinstance(c.type, JSON) else given.c[c.name]
        for c in columns
    }
    found["row_number"] = given.c.n
    return found


def _sent_type(c: Column[Any]) -> TypeEngine[Any]:
    return Text() if isinstance(c.type, JSON) else c.type


def _insert_unnest(target: Table, rows: Sequence[dict[str, Any]]) -> Insert:
    given = _unnest(target, rows)
    names = list(rows[0])
    ordered = select(*(given[name] for name in names)).order_by(given["row_number"])
    return insert(target).from_select(names, ordered)

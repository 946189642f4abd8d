"""Ingest many inputs: one transaction per article, a result line per input."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db.models import User
from app.db.session import transaction
from app.ingest.files import Item, discover, read_file
from app.services.articles import IngestOutcome, ingest_article

Outcome = Literal["stored", "duplicate", "failed"]


@dataclass(frozen=True, slots=True)
class ItemResult:
    origin: str
    outcome: Outcome
    detail: str
    article_id: int | None = None


@dataclass
class BatchSummary:
    results: list[ItemResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0


def iter_items(
    paths: Iterable[Path], *, source: str | None, encoding: str | None, max_bytes: int
) -> Iterator[Item]:
    for found in discover(paths):
        if isinstance(found, Item):
            yield found
        else:
            yield from read_file(found, source=source, encoding=encoding, max_bytes=max_bytes)


def _stored(item: Item, outcome: IngestOutcome) -> ItemResult:
    detail = (
        f"{len(outcome.article.mentions)} figures, {len(outcome.claim_ids)} claims"
        if outcome.status == "stored"
        else f"same as article {outcome.article.id}"
    )
    return ItemResult(item.origin, outcome.status, detail, outcome.article.id)


def _unreadable(item: Item) -> ItemResult:
    return ItemResult(item.origin, "failed", item.error or "unreadable")


def _database_error(item: Item, error: SQLAlchemyError) -> ItemResult:
    return ItemResult(item.origin, "failed", f"database error: {error.__class__.__name__}")


def store_item(engine: Engine, item: Item, *, user: User | None = None) -> ItemResult:
    """Store one item in its own transaction; any error leaves no trace of it."""
    if item.article is None:
        return _unreadable(item)
    try:
        with transaction(engine) as session:
            if user is not None:
                user = session.merge(user, load=False)
            result = _stored(item, ingest_article(session, article_in=item.article, user=user))
    except SQLAlchemyError as error:
        return _database_error(item, error)
    return result


def store_item_in(session: Session, item: Item, *, user: User | None = None) -> ItemResult:
    """Store one item inside the caller's transaction, behind a savepoint of its own: an error
    undoes that item only (for a request that already holds the transaction)."""
    if item.article is None:
        return _unreadable(item)
    try:
        with session.begin_nested():
            outcome = ingest_article(session, article_in=item.article, user=user)
    except SQLAlchemyError as error:
        return _database_error(item, error)
    return _stored(item, outcome)


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path],
    *,
    source: str | None = None,
    encoding: str | None = None,
    max_bytes: int,
    progress: Callable[[ItemResult], None] | None = None,
) -> BatchSummary:
    summary = BatchSummary()
    for item in iter_items(paths, source=source, encoding=encoding, max_bytes=max_bytes):
        result = store_item(engine, item)
        summary.results.append(result)
        if progress:
            progress(result)
    return summary

"""Ingest many inputs: a few articles per transaction, a result line per input.

A batch of items is stored in one transaction exactly as one transaction per item would
store them. If anything in it fails, the batch leaves no trace and each of its items is
stored again in a transaction of its own: the failure is pinned on the item that causes
it, and the others are kept.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db.models import Article, User
from app.db.session import transaction
from app.ingest.files import Item, discover, read_file
from app.services.articles import Ingested, ingest_articles
from app.services.claims import ClaimsChanged

Outcome = Literal["stored", "duplicate", "failed"]
# Items per transaction: fewer round trips and commits per article, and consecutive
# articles of one publication window share most candidate claims, read once a batch
# (3,000 articles, 2 workers: 64 a batch about 10% faster than 16); short enough that
# parallel workers, kept on windows apart, seldom wait on each other's locks.
BATCH = 64
# Tries of one item whose claims another ingest process changed under it (each try is short).
_ATTEMPTS = 6


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


def _stored(item: Item, outcome: Ingested) -> ItemResult:
    detail = (
        f"{outcome.mentions} figures, {len(outcome.claim_ids)} claims"
        if outcome.status == "stored"
        else f"same as article {outcome.article_id}"
    )
    return ItemResult(item.origin, outcome.status, detail, outcome.article_id)


def _unreadable(item: Item) -> ItemResult:
    return ItemResult(item.origin, "failed", item.error or "unreadable")


def _database_error(item: Item, error: SQLAlchemyError) -> ItemResult:
    return ItemResult(item.origin, "failed", f"database error: {error.__class__.__name__}")


def store_item(engine: Engine, item: Item, *, user: User | None = None) -> ItemResult:
    """Store one item in its own transaction; any error leaves no trace of it. Matching
    again after another ingest process changed a claim first (``ClaimsChanged``) is
    part of storing it."""
    if item.article is None:
        return _unreadable(item)
    for attempt in range(_ATTEMPTS):
        try:
            with transaction(engine) as session:
                if user is not None:
                    user = session.merge(user, load=False)
                [outcome] = ingest_articles(session, articles_in=[item.article], user=user)
        except ClaimsChanged as error:
            if attempt + 1 == _ATTEMPTS:
                return _database_error(item, error)
            time.sleep(random.uniform(0.005, 0.02) * 2**attempt)
        except SQLAlchemyError as error:
            return _database_error(item, error)
        else:
            return _stored(item, outcome)
    raise AssertionError("unreachable")


def store_together(
    engine: Engine, items: Sequence[Item], *, user: User | None = None
) -> list[ItemResult] | None:
    """Store items in one transaction, one result per item; ``None`` when anything failed
    (then nothing is stored: store them one at a time to learn which)."""
    articles_in = [item.article for item in items if item.article is not None]
    try:
        with transaction(engine) as session:
            if user is not None:
                user = session.merge(user, load=False)
            outcomes = ingest_articles(session, articles_in=articles_in, user=user)
    except Exception:  # whatever it was, the item that causes it fails alone when retried
        return None
    stored = iter(outcomes)
    return [
        _stored(item, next(stored)) if item.article is not None else _unreadable(item)
        for item in items
    ]


def store_items(
    engine: Engine, items: Sequence[Item], *, user: User | None = None
) -> list[ItemResult]:
    """Store items in one transaction, or one at a time if that fails (see above)."""
    if sum(1 for item in items if item.article is not None) > 1:
        together = store_together(engine, items, user=user)
        if together is not None:
            return together
    return [store_item(engine, item, user=user) for item in items]


def store_item_in(session: Session, item: Item, *, user: User | None = None) -> ItemResult:
    """Store one item inside the caller's transaction, behind a savepoint of its own: an error
    undoes that item only (for a request that already holds the transaction)."""
    if item.article is None:
        return _unreadable(item)
    try:
        with session.begin_nested():
            [outcome] = ingest_articles(session, articles_in=[item.article], user=user)
    except SQLAlchemyError as error:
        return _database_error(item, error)
    return _stored(item, outcome)


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive items, ``size`` at a time (read as they are needed)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class PlannerStatistics:
    """Keeps PostgreSQL's table statistics current during a bulk load.

    The planner costs a query by the sizes and value spreads last analysed. Loading a new
    database, those are of a nearly empty one: candidate reads by index key turned into
    sequential scans of ``claim_key`` (10,000 articles in: 10 ms an article instead of
    under 1). Autovacuum analyses tables as they grow, when it is on and keeps up; a load
    does not rely on it: it analyses the tables it fills each time it has added a fifth
    of the articles there were at the last analysis (at least ``least``).
    """

    TABLES = "article, mention, claim, claim_membership, claim_key, claim_fts"

    def __init__(self, engine: Engine, least: int = 500) -> None:
        self.engine = engine
        self.least = least
        self.enabled = engine.dialect.name == "postgresql"
        self.base = 0
        self.added = 0
        if self.enabled:
            with engine.connect() as connection:
                self.base = connection.scalar(select(func.count(Article.id))) or 0

    def stored(self, count: int = 1) -> None:
        if not self.enabled:
            return
        self.added += count
        if self.added >= max(self.least, self.base // 5):
            with self.engine.begin() as connection:
                connection.exec_driver_sql(f"ANALYZE {self.TABLES}")
            self.base += self.added
            self.added = 0


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
    statistics = PlannerStatistics(engine)
    items = iter_items(paths, source=source, encoding=encoding, max_bytes=max_bytes)
    for batch in batches(items, BATCH):
        results = store_items(engine, batch)
        for result in results:
            summary.results.append(result)
            if progress:
                progress(result)
        statistics.stored(sum(1 for result in results if result.outcome == "stored"))
    return summary

"""Bulk ingest with N worker processes that share nothing but the database.

The parent reads the inputs (``iter_items``: discovery, decoding, record validation, all
cheap next to extraction and matching) and hands items out in small chunks; each worker
process makes its own engine from the database URL and stores each chunk in one transaction
with :func:`app.services.batch.store_together`, exactly as a serial ingest would (a chunk
that fails is stored again one item per transaction). Workers coordinate only through the
database (PostgreSQL advisory locks per blocking key in ``match_articles``), so the same
entry point scales to workers on several machines, each given its own share of the inputs.

Workers rarely wait for each other: matching locks the index keys of what it stores, and
the keys carry a publication window, so the parent gives workers chunks of articles from
windows far enough apart to share no key (``_Planner``): a chronological archive is taken
on at several points in time at once.

The summary lists one result per input in input order, whatever order workers finish in.
The parent holds at most ``read_ahead`` inputs, so memory stays flat for any input size.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from app.db import session as db_session
from app.db.session import make_engine
from app.db.types import utcnow
from app.ingest.files import Item
from app.matching.match import time_window, windows_apart
from app.services.batch import (
    BATCH,
    BatchSummary,
    ItemResult,
    PlannerStatistics,
    batches,
    iter_items,
    store_item,
    store_items,
    store_together,
)

DEFAULT_CHUNK = BATCH
# Inputs the parent holds to find work that no running chunk competes with: a few
# publication windows of a busy archive (about 60 articles a day, 11-day windows).
READ_AHEAD = 4096
# A write that lost a race (SQLite "database is locked", a PostgreSQL deadlock) left no trace:
# its transaction rolled back whole, so it is safe to run again.
_RETRYABLE = "database error: OperationalError"
_ATTEMPTS = 8

Chunk = list[tuple[int, Item]]

_engine: Engine | None = None


def _worker_start(url: str, setup: Callable[[], None] | None = None) -> None:
    """Each worker process: its own engine (one connection is all it needs)."""
    global _engine
    if setup is not None:
        setup()
    _engine = make_engine(url)
    if _engine.dialect.name == "sqlite":
        # A worker only writes: take SQLite's write lock when its transaction begins, so that
        # it waits its turn (the busy timeout) instead of failing when two upgrade at once.
        event.remove(_engine, "begin", db_session._sqlite_begin)
        event.listen(_engine, "begin", _begin_immediate)


def _ready() -> None:
    """Nothing: sent once to each worker so that all of them start at once."""


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _worker_store(chunk: Chunk) -> list[tuple[int, ItemResult]]:
    assert _engine is not None, "worker not initialised"
    items = [item for _, item in chunk]
    results = store_together(_engine, items) if len(items) > 1 else None
    if results is None:
        results = [_store_with_retry(_engine, item) for item in items]
    return [(seq, result) for (seq, _), result in zip(chunk, results, strict=True)]


def _store_with_retry(engine: Engine, item: Item) -> ItemResult:
    for attempt in range(_ATTEMPTS):
        try:
            result = store_item(engine, item)
        except Exception as error:  # one bad item must not lose the rest of its chunk
            return ItemResult(item.origin, "failed", f"error: {error.__class__.__name__}")
        if result.outcome != "failed" or result.detail != _RETRYABLE:
            return result
        time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
    return result


class _Planner:
    """Chunks for the workers, each of articles from one publication window.

    A chunk goes out from the window, earliest input first, that shares no index key with
    any chunk being stored (``windows_apart``); when none is held, from the earliest one
    anyway (its worker then waits for the locks it needs). Results do not depend on the
    order: matching gives the same claims in any order of ingest.
    """

    def __init__(
        self,
        items: Iterable[Item],
        size: int,
        read_ahead: int,
        failed: Callable[[int, Item], None],
    ) -> None:
        self.items: Iterator[tuple[int, Item]] = enumerate(items)
        self.size = size
        self.read_ahead = max(size, read_ahead)
        self.failed = failed
        self.held: dict[int, deque[tuple[int, Item]]] = {}  # window -> its inputs, in order
        self.count = 0
        self.exhausted = False
        self.busy: Counter[int] = Counter()  # windows of the chunks being stored

    def _fill(self) -> None:
        while not self.exhausted and self.count < self.read_ahead:
            following = next(self.items, None)
            if following is None:
                self.exhausted = True
                break
            seq, item = following
            if item.article is None:
                self.failed(seq, item)
                continue
            published = item.article.published_at or utcnow()  # undated: stored as of now
            self.held.setdefault(time_window(published), deque()).append((seq, item))
            self.count += 1

    def take(self) -> tuple[int, Chunk] | None:
        """The next chunk and its window; ``None`` once every input has gone out."""
        self._fill()
        if not self.held:
            return None
        by_age = sorted(self.held, key=lambda w: self.held[w][0][0])
        # a window with fewer inputs than a chunk may have more to come: wait for them
        # while there is room, so that chunks stay full
        full = [w for w in by_age if len(self.held[w]) >= self.size] or by_age
        free = [w for w in full if all(windows_apart(w, b) for b in self.busy)]
        window = (free or full)[0]
        waiting = self.held[window]
        chunk = [waiting.popleft() for _ in range(min(self.size, len(waiting)))]
        if not waiting:
            del self.held[window]
        self.count -= len(chunk)
        self.busy[window] += 1
        return window, chunk

    def done(self, window: int) -> None:
        self.busy[window] -= 1
        if not self.busy[window]:
            del self.busy[window]


def ingest_parallel(
    url: str,
    paths: Iterable[Path],
    *,
    workers: int,
    source: str | None = None,
    encoding: str | None = None,
    max_bytes: int,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Callable[[ItemResult], None] | None = None,
    setup: Callable[[], None] | None = None,
    read_ahead: int = READ_AHEAD,
) -> BatchSummary:
    """Ingest ``paths`` into the database at ``url`` with ``workers`` processes.

    Same results as :func:`app.services.batch.ingest_paths` (one per input, input order);
    ``progress`` is called in the parent as results arrive. ``workers <= 1`` runs serially in
    this process. Inputs that cannot be read fail in the parent without reaching a worker.
    ``setup`` (a module-level function, so that it can be sent to a new process) runs once in
    each worker before its first item: benchmarks use it to instrument the services.
    """
    items = iter_items(paths, source=source, encoding=encoding, max_bytes=max_bytes)
    results: dict[int, ItemResult] = {}
    parent = make_engine(url, pooled=False)  # for the planner's statistics only
    try:
        statistics = PlannerStatistics(parent)

        def done(seq: int, result: ItemResult) -> None:
            results[seq] = result
            if result.outcome == "stored":
                statistics.stored()
            if progress:
                progress(result)

        if workers <= 1:
            if setup is not None:
                setup()
            engine = make_engine(url)
            try:
                seq = 0
                for batch in batches(items, max(1, chunk_size)):
                    for result in store_items(engine, batch):
                        done(seq, result)
                        seq += 1
            finally:
                engine.dispose()
            return BatchSummary(results=[results[k] for k in sorted(results)])

        def unreadable(seq: int, item: Item) -> None:
            done(seq, ItemResult(item.origin, "failed", item.error or "unreadable"))

        planner = _Planner(items, max(1, chunk_size), read_ahead, unreadable)
        context = multiprocessing.get_context("spawn")  # no inherited connections or locks
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_worker_start,
            initargs=(url, setup),
        ) as pool:
            # A worker starts when work is sent and is ready a second later (it imports
            # the application and connects): start them all now, while this process reads
            # the inputs the planner holds, rather than after.
            for _ in range(workers):
                pool.submit(_ready)
            # One chunk per worker: a chunk queued behind a busy worker would be placed before
            # the planner knows which windows are free when it starts.
            pending: dict[Future[list[tuple[int, ItemResult]]], int] = {}
            while True:
                while len(pending) < workers and (taken := planner.take()) is not None:
                    window, chunk = taken
                    pending[pool.submit(_worker_store, chunk)] = window
                if not pending:
                    break
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    planner.done(pending.pop(future))
                    for seq, result in future.result():
                        done(seq, result)
    finally:
        parent.dispose()
    return BatchSummary(results=[results[k] for k in sorted(results)])


__all__ = ["DEFAULT_CHUNK", "ingest_parallel"]

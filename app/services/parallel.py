"""Bulk ingest with N worker processes that share nothing but the database.

The parent reads the inputs (``iter_items``: discovery, decoding, record validation, all
cheap next to extraction and matching) and hands items out in small chunks; each worker
process makes its own engine from the database URL and stores each chunk in one transaction
with :func:`app.services.batch.store_together`, exactly as a serial ingest would (a chunk
that fails is stored again one item per transaction). Workers coordinate only through the
database (PostgreSQL advisory locks per blocking key in ``match_articles``), so the same
entry point scales to workers on several machines, each given its own share of the inputs.

The summary lists one result per input in input order, whatever order workers finish in.
At most ``workers * 4`` chunks are in flight, so memory stays flat for any input size.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from app.db import session as db_session
from app.db.session import make_engine
from app.ingest.files import Item
from app.services.batch import (
    BATCH,
    BatchSummary,
    ItemResult,
    batches,
    iter_items,
    store_item,
    store_items,
    store_together,
)

DEFAULT_CHUNK = BATCH
_IN_FLIGHT_PER_WORKER = 4
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


def _chunks(items: Iterable[Item], size: int) -> Iterator[Chunk]:
    numbered = iter(enumerate(items))
    while chunk := list(islice(numbered, size)):
        yield chunk


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

    def done(seq: int, result: ItemResult) -> None:
        results[seq] = result
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

    context = multiprocessing.get_context("spawn")  # no inherited connections or locks
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_start, initargs=(url, setup)
    ) as pool:
        pending: set[Future[list[tuple[int, ItemResult]]]] = set()
        chunks = _chunks(items, max(1, chunk_size))
        limit = workers * _IN_FLIGHT_PER_WORKER
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                unreadable = [(seq, item) for seq, item in chunk if item.article is None]
                for seq, item in unreadable:
                    done(seq, ItemResult(item.origin, "failed", item.error or "unreadable"))
                work = [(seq, item) for seq, item in chunk if item.article is not None]
                if work:
                    pending.add(pool.submit(_worker_store, work))
            if not pending:
                continue
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                for seq, result in future.result():
                    done(seq, result)
    return BatchSummary(results=[results[k] for k in sorted(results)])


__all__ = ["DEFAULT_CHUNK", "ingest_parallel"]

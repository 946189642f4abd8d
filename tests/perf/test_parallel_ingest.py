"""Parallel ingest: same results as serial ingest, and on PostgreSQL the same claims.

Small synthetic sets (``bench/synth.py``), so these run in seconds; the throughput figures
come from ``bench/ingest.py``, not from here.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.db.models import Article, Claim, ClaimKey, ClaimMembership, Mention
from app.services.batch import ingest_paths
from app.services.parallel import ingest_parallel
from tests.conftest import _wipe

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 1_000_000
ARTICLES = 30

Partition = frozenset[frozenset[tuple[str, int, int]]]


def _synth() -> ModuleType:
    name = "facttrack_bench_synth"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 articles (about six events, several outlets each), a blank line and a bad one."""
    folder = tmp_path_factory.mktemp("synth")
    path = folder / "articles.jsonl"
    _synth().write(path, ARTICLES)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + json.dumps({"title": "no text"}) + "\n")
    return folder


def partition(engine: Engine) -> Partition:
    """Claims as sets of (article URL, span): independent of ids and of arrival order."""
    with Session(engine) as session:
        rows = session.execute(
            select(ClaimMembership.claim_id, Article.url, Mention.start, Mention.end)
            .join(Mention, Mention.id == ClaimMembership.mention_id)
            .join(Article, Article.id == Mention.article_id)
        ).all()
    claims: dict[int, set[tuple[str, int, int]]] = {}
    for claim_id, url, start, end in rows:
        claims.setdefault(claim_id, set()).add((url or "", start, end))
    return frozenset(frozenset(members) for members in claims.values())


def assert_claims_consistent(engine: Engine) -> None:
    """Every mention in one claim; each claim's counts and keys match its members."""
    with Session(engine) as session:
        mentions = session.scalar(select(func.count(Mention.id))) or 0
        members = session.scalar(select(func.count()).select_from(ClaimMembership)) or 0
        assert members == mentions
        actual = {
            claim_id: n
            for claim_id, n in session.execute(
                select(ClaimMembership.claim_id, func.count()).group_by(ClaimMembership.claim_id)
            )
        }
        stored = {c: n for c, n in session.execute(select(Claim.id, Claim.mentions_count))}
        assert stored == actual
        keyless = session.scalar(
            select(func.count(Claim.id)).where(~Claim.id.in_(select(ClaimKey.claim_id)))
        )
        with_keys = session.scalar(select(func.count(func.distinct(ClaimKey.claim_id))))
        assert (keyless or 0) + (with_keys or 0) == len(stored)


def test_one_worker_gives_the_serial_results(engine: Engine, db_url: str, corpus: Path) -> None:
    parallel = ingest_parallel(db_url, [corpus], workers=1, max_bytes=MAX_BYTES)
    once = partition(engine)
    _wipe(engine)
    serial = ingest_paths(engine, [corpus], max_bytes=MAX_BYTES)
    assert [(r.origin, r.outcome, r.detail) for r in parallel.results] == [
        (r.origin, r.outcome, r.detail) for r in serial.results
    ]
    assert partition(engine) == once
    assert parallel.count("stored") == ARTICLES and parallel.count("failed") == 1


@pytest.mark.postgres_only
def test_parallel_workers_make_the_serial_claims(engine: Engine, db_url: str, corpus: Path) -> None:
    serial = ingest_paths(engine, [corpus], max_bytes=MAX_BYTES)
    expected = partition(engine)
    assert_claims_consistent(engine)
    _wipe(engine)

    seen: list[str] = []
    parallel = ingest_parallel(
        db_url,
        [corpus],
        workers=3,
        chunk_size=2,  # many small chunks: articles of one event land on different workers
        max_bytes=MAX_BYTES,
        progress=lambda result: seen.append(result.origin),
    )
    # one result per input, in input order, whatever order the workers finished in
    assert [r.origin for r in parallel.results] == [r.origin for r in serial.results]
    assert [r.outcome for r in parallel.results] == [r.outcome for r in serial.results]
    assert Counter(seen) == Counter(r.origin for r in serial.results)
    assert partition(engine) == expected  # no claim split in two, none merged wrongly
    assert_claims_consistent(engine)

    # idempotent: a second parallel run stores nothing new
    again = ingest_parallel(db_url, [corpus], workers=2, max_bytes=MAX_BYTES)
    assert again.count("stored") == 0 and again.count("duplicate") == ARTICLES
    assert partition(engine) == expected


@pytest.mark.postgres_only
def test_workers_on_different_stretches_of_time_make_the_serial_claims(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    # two articles a day: 60 articles over a month, several publication windows, so the
    # planner runs chunks of distant windows side by side
    path = tmp_path / "month.jsonl"
    _synth().write(path, 60, per_day=2)
    serial = ingest_paths(engine, [path], max_bytes=MAX_BYTES)
    expected = partition(engine)
    _wipe(engine)

    parallel = ingest_parallel(db_url, [path], workers=2, chunk_size=4, max_bytes=MAX_BYTES)
    assert [r.outcome for r in parallel.results] == [r.outcome for r in serial.results]
    assert serial.count("stored") == 60
    assert partition(engine) == expected
    assert_claims_consistent(engine)


@pytest.mark.postgres_only
def test_a_load_keeps_the_planners_statistics_current(engine: Engine) -> None:
    from app.services.batch import PlannerStatistics

    def analysed() -> int:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
            return int(connection.exec_driver_sql(
                "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'claim_key'"
            ).scalar_one())

    statistics = PlannerStatistics(engine, least=3)
    before = analysed()
    statistics.stored(2)
    assert analysed() == before
    statistics.stored(1)  # three articles added: a fifth of none, at least three
    assert analysed() == before + 1
    statistics.stored(2)
    assert analysed() == before + 1

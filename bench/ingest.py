"""Bulk ingest at scale: throughput on SQLite and PostgreSQL, 1 and N workers; matching growth.

    # articles/s, 1k synthetic articles, SQLite and PostgreSQL, 1 and 2 workers
    nice -n 10 .venv/bin/python bench/ingest.py throughput --articles 1000 --workers 1,2

    # scratch databases under another name (default ft_bench_<db>_<workers>)
    nice -n 10 .venv/bin/python bench/ingest.py throughput --articles 600 --name ft_ingest

    # matching cost per article as the database grows (PostgreSQL, 2 loading workers);
    # --keep continues an existing database, so a 100k build can be split into short runs
    nice -n 10 .venv/bin/python bench/ingest.py growth --sizes 1000,10000
    nice -n 10 .venv/bin/python bench/ingest.py growth --sizes 40000 --keep

Every configuration runs in a child process (its peak RSS, and that of its largest worker,
are reported). Each run also measures, on the same articles and the same machine, the
extraction-only rate of one process: ingest rates are given as a ratio to it too, so that
figures taken while other jobs share the CPU remain comparable. Prints figures; asserts
nothing. Data: ``$FACTTRACK_BENCH_DATA`` (default /tmp/facttrack-bench).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from common import (
    DATA,
    ROOT,
    SqlTimer,
    cpu_calibration,
    dataset,
    event_of,
    fresh_db,
    load,
    machine,
    peak_rss_mb,
    pg_url,
)
from sqlalchemy import func, select

PG_DB = "ft_bench"


# ---------------------------------------------------------------------------- story oracle


def story_oracle() -> None:
    """Make matching know which story each synthetic article tells, as a perfect topic
    detector would: each article's stored topic is its event (``common.event_of``), so
    mentions of different events never match, and blocking keys carry it, so candidate
    claims are those of the same story.

    The ingest code path is otherwise the real one (extraction, matching within the story,
    storage, claim refresh). Used to build large databases whose claims have the shape
    correct matching gives (a handful of outlets per fact), for the HTTP benchmarks; the
    throughput figures are taken without it. Installed in each worker by
    ``ingest_parallel(setup=)``.
    """
    import app.services.articles as articles_service
    import app.services.claims as claims_service
    from app.ingest.model import ArticleInput
    from app.matching import MentionRecord

    plain_keys = claims_service.record_keys

    def stored_topic(article_in: ArticleInput) -> list[str]:
        return [event_of(article_in.url) or "-"]

    def record_keys(record: MentionRecord) -> frozenset[str]:
        story = min(record.topic, default="-")
        return frozenset(f"{key}|{story}" for key in plain_keys(record))

    articles_service.stored_topic = stored_topic
    claims_service.record_keys = record_keys


# ---------------------------------------------------------------------------- child: load


def child_load(url: str, path: Path, workers: int, chunk: int, oracle: bool) -> dict[str, Any]:
    """Ingest ``path`` into ``url``; runs in its own process so its memory is its own."""
    import resource

    from app.services.parallel import DEFAULT_CHUNK, ingest_parallel

    start = time.perf_counter()
    summary = ingest_parallel(
        url,
        [path],
        workers=workers,
        max_bytes=5 * 1024 * 1024,
        chunk_size=chunk or DEFAULT_CHUNK,
        setup=story_oracle if oracle else None,
    )
    seconds = time.perf_counter() - start
    failures = [r.detail for r in summary.results if r.outcome == "failed"][:5]
    return {
        "seconds": seconds,
        "stored": summary.count("stored"),
        "duplicate": summary.count("duplicate"),
        "failed": summary.count("failed"),
        "failures": failures,
        "rss_parent_mb": peak_rss_mb(),
        "rss_worker_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
    }


def run_load(
    url: str, path: Path, workers: int, chunk: int = 0, oracle: bool = False
) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "_load", url, str(path), str(workers), str(chunk),
         "oracle" if oracle else "-"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if out.returncode:
        raise SystemExit(f"load failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def db_counts(url: str) -> dict[str, int]:
    from app.db.models import Article, Claim, ClaimKey, ClaimMembership, Mention
    from app.db.session import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        counts = {
            name: int(connection.scalar(select(func.count()).select_from(model)) or 0)
            for name, model in (
                ("articles", Article),
                ("mentions", Mention),
                ("claims", Claim),
                ("memberships", ClaimMembership),
                ("claim_keys", ClaimKey),
            )
        }
        counts["multi_source_claims"] = int(
            connection.scalar(select(func.count()).where(Claim.sources_count > 1)) or 0
        )
        largest = connection.scalar(select(func.max(Claim.mentions_count)))
        counts["largest_claim"] = int(largest or 0)
    engine.dispose()
    return counts


def extraction_rate(path: Path, limit: int = 400) -> float:
    """Articles/s of extraction alone, one process: this run's CPU yardstick."""
    from app.extraction import extract

    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            records.append(json.loads(line))
            if len(records) >= limit:
                break
    start = time.perf_counter()
    for record in records:
        extract(record["text"], date.fromisoformat(record["published_at"][:10]))
    return len(records) / (time.perf_counter() - start)


def migrate(url: str) -> None:
    from app.db.migrate import upgrade

    upgrade(url)


# ---------------------------------------------------------------------------- throughput


def throughput(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    print(f"start: {time.strftime('%Y-%m-%d %H:%M:%S')}, {load()}, "
          f"cpu calibration {cpu_calibration():.1f} ops/us")
    path = dataset(args.articles)
    base = extraction_rate(path)
    print(f"baseline: extraction alone, 1 process: {base:.0f} articles/s\n")
    header = (f"{'db':9} {'workers':>7} {'articles/s':>10} {'ms/art':>6} {'x serial':>8} "
              f"{'x extract':>9} "
              f"{'stored':>6} {'failed':>6} {'claims':>7} {'multi':>6} {'keys':>7} "
              f"{'RSS parent':>10} {'RSS worker':>10}")
    print(header)
    for kind in args.db.split(","):
        serial: float | None = None
        for workers in (int(w) for w in args.workers.split(",")):
            url = fresh_db(kind, f"{args.name}_{kind}_{workers}")
            migrate(url)
            result = run_load(url, path, workers, args.chunk, args.oracle)
            rate = result["stored"] / result["seconds"]
            serial = serial or rate
            counts = db_counts(url)
            print(
                f"{kind:9} {workers:>7} {rate:>10.1f} {1000 / rate:>6.1f} {rate / serial:>8.2f} "
                f"{rate / base:>9.2f} "
                f"{result['stored']:>6} {result['failed']:>6} {counts['claims']:>7} "
                f"{counts['multi_source_claims']:>6} {counts['claim_keys']:>7} "
                f"{result['rss_parent_mb']:>8.0f}MB {result['rss_worker_mb']:>8.0f}MB",
                flush=True,
            )
            for failure in result["failures"]:
                print(f"    failure: {failure}")
    print(f"\nend: {time.strftime('%H:%M:%S')}, {load()}, "
          f"extraction now {extraction_rate(path):.0f} articles/s")


# ---------------------------------------------------------------------------- growth


def probe(url: str, start: int, count: int) -> dict[str, float]:
    """Ingest ``count`` unseen articles one transaction each, rolled back: costs per article."""
    import app.services.articles as articles_service
    import app.services.claims as claims_service
    from app.db.session import make_engine, session_factory
    from app.services.batch import iter_items

    path = dataset(start + count, start=start)
    engine = make_engine(url)
    sql = SqlTimer().attach(engine)
    spent = {"match": 0.0, "candidates": 0.0, "match_sql": 0.0, "match_queries": 0.0}
    original_match = articles_service.match_articles
    original_load = claims_service._load_claims

    def timed_match(session: Any, articles: Any) -> list[tuple[int, ...]]:
        before_sql, before_n = sql.seconds, sql.count
        t0 = time.perf_counter()
        out = original_match(session, articles)
        spent["match"] += time.perf_counter() - t0
        spent["match_sql"] += sql.seconds - before_sql
        spent["match_queries"] += sql.count - before_n
        return out

    def counted_load(session: Any, ids: Any) -> Any:
        spent["candidates"] += len(ids)
        return original_load(session, ids)

    articles_service.match_articles = timed_match
    claims_service._load_claims = counted_load
    items = [i for i in iter_items([path], source=None, encoding=None, max_bytes=5 << 20)]
    factory = session_factory(engine)
    total = 0.0
    done = 0
    sql.reset()
    try:
        for item in items:
            assert item.article is not None
            with factory() as session:
                session.begin()
                t0 = time.perf_counter()
                articles_service.ingest_articles(session, articles_in=[item.article])
                session.flush()
                total += time.perf_counter() - t0
                session.rollback()
                done += 1
    finally:
        articles_service.match_articles = original_match
        claims_service._load_claims = original_load
        engine.dispose()
    return {
        "ingest_ms": 1000 * total / done,
        "match_ms": 1000 * spent["match"] / done,
        "match_sql_ms": 1000 * spent["match_sql"] / done,
        "match_queries": spent["match_queries"] / done,
        "queries": sql.count / done,
        "candidates": spent["candidates"] / done,
    }


def growth(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    print(f"start: {time.strftime('%Y-%m-%d %H:%M:%S')}, {load()}")
    kind = args.db
    name = args.name
    if args.oracle:
        story_oracle()  # the probe runs in this process
    if args.keep:
        url = pg_url(name) if kind == "postgres" else f"sqlite:///{DATA / name}.sqlite3"
    else:
        url = fresh_db(kind, name)
    migrate(url)
    base = extraction_rate(dataset(1000))
    print(f"baseline: extraction alone, 1 process: {base:.0f} articles/s")
    print(f"{'articles':>8} {'claims':>7} {'load/s':>7} {'ingest ms':>9} {'match ms':>8} "
          f"{'match SQL':>9} {'queries':>7} {'cands':>6} {'x first':>7} {'largest':>7}")
    first: float | None = None
    for size in (int(s) for s in args.sizes.split(",")):
        have = db_counts(url)["articles"]
        rate = float("nan")
        if size > have:
            part = dataset(size, start=have)
            result = run_load(url, part, args.workers, args.chunk, args.oracle)
            rate = result["stored"] / result["seconds"]
            if result["failed"]:
                print(f"    {result['failed']} failed: {result['failures']}")
        counts = db_counts(url)
        cost = probe(url, size, args.probe)
        first = first or cost["match_ms"]
        print(
            f"{counts['articles']:>8} {counts['claims']:>7} {rate:>7.1f} {cost['ingest_ms']:>9.1f} "
            f"{cost['match_ms']:>8.1f} {cost['match_sql_ms']:>9.1f} {cost['queries']:>7.1f} "
            f"{cost['candidates']:>6.1f} {cost['match_ms'] / first:>7.2f} "
            f"{counts['largest_claim']:>7}",
            flush=True,
        )
    print(f"end: {time.strftime('%H:%M:%S')}, {load()}, "
          f"extraction now {extraction_rate(dataset(1000)):.0f} articles/s")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_load":
        url, path, workers, chunk = argv[1], Path(argv[2]), int(argv[3]), int(argv[4])
        print(json.dumps(child_load(url, path, workers, chunk, argv[5] == "oracle")))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("throughput", help="articles/s per database and worker count")
    t.add_argument("--articles", type=int, default=1000)
    t.add_argument("--db", default="sqlite,postgres")
    t.add_argument("--workers", default="1,2")
    t.add_argument("--chunk", type=int, default=0, help="articles a transaction (default: "
                   "the ingest default)")
    t.add_argument("--oracle", action="store_true", help="matching told each article's story")
    t.add_argument("--name", default=PG_DB, help="prefix of the scratch database names")
    g = sub.add_parser("growth", help="matching cost per article as the database grows")
    g.add_argument("--db", default="postgres", choices=("postgres", "sqlite"))
    g.add_argument("--sizes", default="1000,10000")
    g.add_argument("--workers", type=int, default=2)
    g.add_argument("--chunk", type=int, default=0)
    g.add_argument("--probe", type=int, default=100, help="articles timed at each size")
    g.add_argument("--keep", action="store_true", help="continue the existing database")
    g.add_argument("--oracle", action="store_true", help="matching told each article's story")
    g.add_argument("--name", default=f"{PG_DB}_growth", help="database name")
    args = parser.parse_args(argv)
    if args.mode == "throughput":
        throughput(args)
    else:
        growth(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

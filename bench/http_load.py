"""HTTP latency and throughput of the read endpoints, and their cost next to their own SQL.

    # load: uvicorn with 2 workers on the database, 1/8/32 concurrent clients, 10 s a cell
    nice -n 10 .venv/bin/python bench/http_load.py load \
        --db-url postgresql+psycopg://postgres@127.0.0.1:5432/ft_bench_growth

    # profile: each endpoint in process, one request at a time: server time, SQL time,
    # statements per request (framework overhead = server time / SQL time)
    nice -n 10 .venv/bin/python bench/http_load.py profile --db-url ...

``load`` starts ``uvicorn app.web.main:app --workers N`` itself (or uses ``--base`` to aim
at a running server) and drives it with a small asyncio HTTP/1.1 keep-alive client (one
connection per client, so the client costs little CPU next to the server on the same
machine). Ids for ``{id}`` paths are drawn at random (fixed seed) from the database. Every
concurrency level is preceded by ``/healthz`` at the same concurrency: the framework floor,
measured in the same run, that the endpoints' latencies are given as a ratio to. Reports
requests/s, p50/p95/p99, errors (any status other than 200, or a broken connection) and the
peak RSS of each server worker. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from common import (
    ROOT,
    SqlTimer,
    children_of,
    cpu_calibration,
    load,
    machine,
    percentile,
    proc_peak_rss_mb,
)
from sqlalchemy import func, select

ENDPOINTS = (
    "/api/v1/claims",
    "/api/v1/claims/{claim}",
    "/claims",
    "/claims/{claim}",
    "/articles/{article}",
    "/api/v1/articles/{article}",
)
EXTRA = (
    "/api/v1/claims?status=conflicting&sort=disputed",
    "/api/v1/claims?sort=newest",
    "/claims?q=killed",
)


# ---------------------------------------------------------------------------- ids


def sample_ids(db_url: str, count: int = 400, seed: int = 1) -> dict[str, list[int]]:
    """Random existing claim and article ids; claims with several sources and single-source
    ones in their stored proportion."""
    from app.db.models import Article, Claim
    from app.db.session import make_engine

    engine = make_engine(db_url)
    rng = random.Random(seed)
    out: dict[str, list[int]] = {}
    with engine.connect() as connection:
        for name, model in (("claim", Claim), ("article", Article)):
            low, high = connection.execute(select(func.min(model.id), func.max(model.id))).one()
            ids: set[int] = set()
            tries = 0
            while len(ids) < count and tries < 20 and low is not None:
                tries += 1
                wanted = sorted({rng.randint(low, high) for _ in range(count * 2)})
                ids |= set(connection.scalars(select(model.id).where(model.id.in_(wanted))))
            chosen = sorted(ids)
            rng.shuffle(chosen)
            out[name] = chosen[:count]
    engine.dispose()
    return out


def expand(path: str, ids: dict[str, list[int]], rng: random.Random) -> str:
    if "{claim}" in path:
        return path.replace("{claim}", str(rng.choice(ids["claim"])))
    if "{article}" in path:
        return path.replace("{article}", str(rng.choice(ids["article"])))
    return path


# ---------------------------------------------------------------------------- client


@dataclass
class Cell:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0


async def _read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length: int | None = None
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def _client(
    host: str, port: int, paths: list[str], deadline: float, cell: Cell, rng: random.Random,
    ids: dict[str, list[int]],
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.perf_counter() < deadline:
        path = expand(rng.choice(paths), ids, rng)
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
                sock = writer.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            assert reader is not None
            start = time.perf_counter()
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n".encode()
            )
            status = await asyncio.wait_for(_read_response(reader), timeout=30)
            cell.latencies.append(time.perf_counter() - start)
            cell.statuses[status] = cell.statuses.get(status, 0) + 1
            if status != 200:
                cell.errors += 1
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            cell.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.05)  # a server that is down is not hammered
    if writer is not None:
        writer.close()


async def drive(
    base: str, paths: list[str], clients: int, seconds: float, ids: dict[str, list[int]],
    seed: int = 3,
) -> Cell:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    cell = Cell()
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    await asyncio.gather(*(
        _client(host, port, paths, deadline, cell, random.Random(seed * 1000 + i), ids)
        for i in range(clients)
    ))
    cell.seconds = time.perf_counter() - start
    return cell


# ---------------------------------------------------------------------------- server


def start_server(db_url: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    from app.db.migrate import upgrade

    upgrade(db_url)  # once, before the workers start (each also checks at startup)
    env = dict(os.environ, FACTTRACK_DATABASE_URL=db_url, FACTTRACK_ENVIRONMENT="development")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "app.web.main:app", "--host",
         "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level",
         "warning", "--no-access-log"],
        cwd=ROOT, env=env,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                if sock.recv(100).startswith(b"HTTP/1.1 200"):
                    time.sleep(1.0)  # let every worker finish starting
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("server did not start")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def report(label: str, cell: Cell, floor: float | None) -> float:
    ms = [x * 1000 for x in cell.latencies]
    p50, p95, p99 = (percentile(ms, q) for q in (50, 95, 99))
    rate = len(ms) / cell.seconds if cell.seconds else 0.0
    ratio = f"{p50 / floor:>7.1f}" if floor else f"{'-':>7}"
    other = {k: v for k, v in cell.statuses.items() if k != 200}
    print(
        f"{label:52} {rate:>7.1f} {p50:>7.1f} {p95:>7.1f} {p99:>7.1f} {ratio} "
        f"{len(ms):>6} {cell.errors:>4} {other or ''}",
        flush=True,
    )
    return p50


def load_test(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    print(f"start: {time.strftime('%Y-%m-%d %H:%M:%S')}, {load()}, "
          f"cpu calibration {cpu_calibration():.1f} ops/us")
    ids = sample_ids(args.db_url)
    print(f"database: {args.db_url} ({len(ids['claim'])} claim ids, "
          f"{len(ids['article'])} article ids sampled)")
    server = None
    base = args.base
    if not base:
        server = start_server(args.db_url, args.workers, args.port)
        base = f"http://127.0.0.1:{args.port}"
        print(f"server: uvicorn, {args.workers} workers, {base}")
    paths = list(args.endpoint or ENDPOINTS) + (list(EXTRA) if args.extra else [])
    try:
        asyncio.run(drive(base, paths, 4, 3.0, ids))  # warm every worker's caches and pool
        for clients in (int(c) for c in args.clients.split(",")):
            print(f"\n{clients} concurrent clients, {args.seconds:g} s per endpoint")
            print(f"{'endpoint':52} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
                  f"{'x floor':>7} {'n':>6} {'err':>4}")
            floor_cell = asyncio.run(drive(base, ["/healthz"], clients, args.seconds / 2, ids))
            floor = report("/healthz (framework floor)", floor_cell, None)
            for path in paths:
                if server is not None and server.poll() is not None:
                    raise SystemExit("the server stopped")
                cell = asyncio.run(drive(base, [path], clients, args.seconds, ids))
                report(path, cell, floor)
    finally:
        if server is not None:
            workers = children_of(server.pid)
            rss = [proc_peak_rss_mb(pid) for pid in workers]
            print(f"\nserver worker peak RSS (VmHWM): "
                  f"{', '.join(f'{r:.0f} MB' for r in rss if r is not None) or 'n/a'}")
            stop_server(server)
    print(f"end: {time.strftime('%H:%M:%S')}, {load()}")


# ---------------------------------------------------------------------------- replicate


_COPY_OVERRIDES: dict[str, dict[str, str]] = {
    "article": {
        "id": "id + :off_article",
        "url": "url || '#r' || :copy",
        "content_hash": "encode(sha256(convert_to(content_hash || ':' || :copy, 'UTF8')), 'hex')",
        "published_at": "published_at + :span * :copy",
        "origin": "origin || '#r' || :copy",
    },
    "mention": {"id": "id + :off_mention", "article_id": "article_id + :off_article"},
    "claim": {
        "id": "id + :off_claim",
        "first_published_at": "first_published_at + :span * :copy",
    },
    "claim_membership": {
        "mention_id": "mention_id + :off_mention",
        "claim_id": "claim_id + :off_claim",
    },
    "claim_key": {"claim_id": "claim_id + :off_claim"},
    "claim_fts": {"claim_id": "claim_id + :off_claim"},
}
_BASE_ID = {
    "article": "id", "mention": "id", "claim": "id", "claim_membership": "claim_id",
    "claim_key": "claim_id", "claim_fts": "claim_id",
}
_BASE_OF = {
    "article": "article", "mention": "mention", "claim": "claim", "claim_membership": "claim",
    "claim_key": "claim", "claim_fts": "claim",
}


def replicate(args: argparse.Namespace) -> None:
    """A PostgreSQL database of ``--articles`` articles made of copies of a smaller one.

    Every copy of the source's articles, mentions, claims (with their memberships, keys and
    search documents) gets new ids, URLs and content hashes and is moved later in time by
    the span the source covers, as if the same news flow had continued. Read benchmarks
    then run on the shape real ingest produced, at a size ingest on a shared machine could
    not reach in minutes.
    """
    from common import pg_url
    from sqlalchemy import create_engine, text

    admin = create_engine(pg_url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{args.target}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{args.target}" TEMPLATE "{args.source}"'))
    admin.dispose()
    engine = create_engine(pg_url(args.target))
    with engine.begin() as connection:
        base = {
            table: int(connection.scalar(text(f"SELECT max(id) FROM {table}")) or 0)
            for table in ("article", "mention", "claim")
        }
        have = int(connection.scalar(text("SELECT count(*) FROM article")) or 0)
        span = connection.scalar(
            text("SELECT max(published_at) - min(published_at) + interval '1 day' FROM article")
        )
        columns = {
            table: [
                row[0]
                for row in connection.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = :t ORDER BY ordinal_position"
                    ),
                    {"t": table},
                )
            ]
            for table in _COPY_OVERRIDES
        }
    copies = max(1, -(-args.articles // max(have, 1)))  # at least --articles
    print(f"{args.source}: {have} articles; {copies} copies -> {args.target}")
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE claim DISABLE TRIGGER claim_fts_sync"))
    for copy in range(1, copies):
        params = {
            "copy": copy,
            "span": span,
            "off_article": base["article"] * copy,
            "off_mention": base["mention"] * copy,
            "off_claim": base["claim"] * copy,
        }
        with engine.begin() as connection:
            for table, overrides in _COPY_OVERRIDES.items():
                cols = columns[table]
                quoted = ", ".join(f'"{c}"' for c in cols)
                values = ", ".join(overrides.get(c, f'"{c}"') for c in cols)
                limit = base[_BASE_OF[table]]
                connection.execute(
                    text(
                        f"INSERT INTO {table} ({quoted}) SELECT {values} FROM {table} "
                        f"WHERE {_BASE_ID[table]} <= {limit}"
                    ),
                    params,
                )
        print(f"  copy {copy + 1}/{copies}", flush=True)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE claim ENABLE TRIGGER claim_fts_sync"))
        for table in ("article", "mention", "claim"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    with engine.connect() as connection:
        counts = {
            t: connection.scalar(text(f"SELECT count(*) FROM {t}"))
            for t in ("article", "mention", "claim", "claim_membership")
        }
    engine.dispose()
    print(f"  {counts}")


# ---------------------------------------------------------------------------- profile


def profile(args: argparse.Namespace) -> None:
    """Each endpoint in process, sequentially: server time vs the time of its own SQL."""
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.web.app import create_app

    print(f"machine: {machine()}")
    print(f"start: {time.strftime('%Y-%m-%d %H:%M:%S')}, {load()}")
    ids = sample_ids(args.db_url)
    settings = Settings(database_url=args.db_url, environment="development")
    app = create_app(settings, migrate=False)
    sql = SqlTimer().attach(app.state.engine)
    spent: list[float] = []
    inner = app.build_middleware_stack()

    async def timed_app(scope: Any, receive: Any, send: Any) -> None:
        start = time.perf_counter()
        await inner(scope, receive, send)
        spent.append(time.perf_counter() - start)

    app.middleware_stack = timed_app  # type: ignore[assignment]
    rng = random.Random(5)
    paths = list(args.endpoint or ENDPOINTS) + list(EXTRA)
    print(f"{args.requests} requests each, one at a time, in process (no network)")
    print(f"{'endpoint':52} {'server ms':>9} {'SQL ms':>7} {'x SQL':>6} {'queries':>7} "
          f"{'p95 srv':>7}")
    with TestClient(app) as client:
        for path in ["/healthz", *paths]:
            for _ in range(5):
                client.get(expand(path, ids, rng))  # warm up
            server_ms: list[float] = []
            sql_ms: list[float] = []
            queries: list[int] = []
            for _ in range(args.requests):
                sql.reset()
                spent.clear()
                response = client.get(expand(path, ids, rng))
                if response.status_code != 200:
                    print(f"    {path}: HTTP {response.status_code}")
                server_ms.append(spent[-1] * 1000)
                sql_ms.append(sql.seconds * 1000)
                queries.append(sql.count)
            srv = sum(server_ms) / len(server_ms)
            q = sum(sql_ms) / len(sql_ms)
            ratio = f"{srv / q:>6.1f}" if q else f"{'-':>6}"
            print(f"{path:52} {srv:>9.2f} {q:>7.2f} {ratio} "
                  f"{sum(queries) / len(queries):>7.1f} {percentile(server_ms, 95):>7.2f}",
                  flush=True)
    print(f"end: {time.strftime('%H:%M:%S')}, {load()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    lt = sub.add_parser("load", help="latency and throughput under concurrent clients")
    lt.add_argument("--db-url", required=True)
    lt.add_argument("--base", help="a running server; default: start uvicorn")
    lt.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    lt.add_argument("--port", type=int, default=8765)
    lt.add_argument("--clients", default="1,8,32")
    lt.add_argument("--seconds", type=float, default=10.0)
    lt.add_argument("--endpoint", action="append", help="repeat; default: the six above")
    lt.add_argument("--extra", action="store_true", help="also filtered and sorted lists")
    pr = sub.add_parser("profile", help="server time vs SQL time per endpoint")
    pr.add_argument("--db-url", required=True)
    pr.add_argument("--requests", type=int, default=50)
    pr.add_argument("--endpoint", action="append")
    rp = sub.add_parser("replicate", help="build a large database from copies of a small one")
    rp.add_argument("--source", required=True, help="PostgreSQL database name")
    rp.add_argument("--target", required=True, help="PostgreSQL database name (replaced)")
    rp.add_argument("--articles", type=int, required=True, help="about how many articles")
    args = parser.parse_args(argv)
    if args.mode == "load":
        load_test(args)
    elif args.mode == "replicate":
        replicate(args)
    else:
        profile(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

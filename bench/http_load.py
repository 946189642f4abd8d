"""HTTP latency and throughput of the read endpoints, and their cost next to their own SQL.

    # load: uvicorn with 2 workers on the database, 1/8/32 concurrent clients, 10 s a cell
    nice -n 10 .venv/bin/python bench/http_load.py load \
        --db-url postgresql+psycopg://postgres@127.0.0.1:5432/ft_bench_growth

    # profile: each endpoint in process, one request at a time: server time, SQL time,
    # statements per request (framework overhead = server time / SQL time)
    nice -n 10 .venv/bin/python bench/http_load.py profile --db-url ...

    # split: where one endpoint's time goes (SQL, SQLAlchemy, JSON, Pydantic, Jinja, ...)
    nice -n 10 .venv/bin/python bench/http_load.py split --db-url ... --endpoint /api/v1/claims

``load`` starts ``uvicorn app.web.main:app --workers N`` itself (or uses ``--base`` to aim
at a running server) and drives it with a small asyncio HTTP/1.1 keep-alive client (one
connection per client, so the client costs little CPU next to the server on the same
machine). Ids for ``{id}`` paths are drawn at random (fixed seed) from the database. Every
concurrency level is preceded by ``/healthz`` at the same concurrency: the framework floor,
measured in the same run, that the endpoints' latencies are given as a ratio to. Reports
requests/s, p50/p95/p99, errors (any status other than 200, or a broken connection), the CPU
time per request of the server workers (``app ms``) and of the database's PostgreSQL backends
(``db ms``): a cost that other tenants of a shared machine inflate far less than latency, so
the figure to compare two versions by; and the peak RSS of each server worker. Prints
figures; asserts nothing.
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
import threading
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


_READ_LIMIT = 1 << 20  # bytes the client buffers per connection before pausing the socket


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
        await _discard(reader, length)
    return status


async def _discard(reader: asyncio.StreamReader, length: int) -> None:
    """Read ``length`` body bytes and drop them, chunk by chunk: a 700 KB list read with
    ``readexactly`` is accumulated and copied in the client, which shares the server's
    cores (half a core at 40 req/s before this)."""
    while length > 0:
        chunk = await reader.read(min(length, _READ_LIMIT))
        if not chunk:
            raise asyncio.IncompleteReadError(b"", length)
        length -= len(chunk)


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
                reader, writer = await asyncio.open_connection(host, port, limit=_READ_LIMIT)
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


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes ``pids`` have used so far (Linux)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _backends_of(database: str) -> dict[int, float]:
    """CPU seconds so far of every PostgreSQL backend serving ``database`` (by process title,
    ``postgres: … <user> <database> <host>(<port>) <state>``)."""
    found: dict[int, float] = {}
    marker = f" {database} "
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, UnicodeDecodeError):
            continue
        if title.startswith("postgres:") and marker in title:
            found[int(entry.name)] = cpu_seconds([int(entry.name)])
    return found


class CpuMeter:
    """CPU used per request by the server workers and by the PostgreSQL backends of the
    database: a cost other tenants of the machine inflate far less than they do latency.

    Backends come and go with the connection pool's overflow, so a thread samples them every
    0.1 s; a backend that exits between samples loses at most its last 0.1 s.
    """

    def __init__(self, workers: list[int], db_url: str) -> None:
        self.workers = workers
        self.database = urlsplit(db_url).path.lstrip("/") if db_url.startswith("postgres") else ""
        self._app = 0.0
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        for pid, used in _backends_of(self.database).items():
            self._first.setdefault(pid, used)
            self._last[pid] = used

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def start(self) -> None:
        self._app = cpu_seconds(self.workers)
        self._first, self._last = {}, {}
        if self.database:
            self._sample()
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def per_request(self, requests: int) -> tuple[float, float]:
        app = cpu_seconds(self.workers) - self._app
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._sample()
            self._thread = None
        db = sum(self._last[pid] - self._first[pid] for pid in self._last)
        n = max(requests, 1)
        return 1000 * app / n, 1000 * db / n


def report(
    label: str, cell: Cell, floor: float | None, cpu: tuple[float, float] | None = None
) -> float:
    ms = [x * 1000 for x in cell.latencies]
    p50, p95, p99 = (percentile(ms, q) for q in (50, 95, 99))
    rate = len(ms) / cell.seconds if cell.seconds else 0.0
    ratio = f"{p50 / floor:>7.1f}" if floor else f"{'-':>7}"
    other = {k: v for k, v in cell.statuses.items() if k != 200}
    used = f"{cpu[0]:>7.1f} {cpu[1]:>6.1f}" if cpu else f"{'-':>7} {'-':>6}"
    print(
        f"{label:52} {rate:>7.1f} {p50:>7.1f} {p95:>7.1f} {p99:>7.1f} {ratio} {used} "
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
    # CPU per request: of the workers this run started (app ms), and of every PostgreSQL
    # backend on the database (db ms; another client of the same database would count too).
    meter = CpuMeter(children_of(server.pid) if server is not None else [], args.db_url)

    def measured(path_list: list[str], clients: int, seconds: float) -> tuple[Cell, Any]:
        meter.start()
        cell = asyncio.run(drive(base, path_list, clients, seconds, ids))
        cpu = meter.per_request(len(cell.latencies)) if server is not None else None
        return cell, cpu

    try:
        asyncio.run(drive(base, paths, 4, 3.0, ids))  # warm every worker's caches and pool
        for clients in (int(c) for c in args.clients.split(",")):
            print(f"\n{clients} concurrent clients, {args.seconds:g} s per endpoint")
            print(f"{'endpoint':52} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
                  f"{'x floor':>7} {'app ms':>7} {'db ms':>6} {'n':>6} {'err':>4}")
            floor_cell, cpu = measured(["/healthz"], clients, args.seconds / 2)
            floor = report("/healthz (framework floor)", floor_cell, None, cpu)
            for path in paths:
                if server is not None and server.poll() is not None:
                    raise SystemExit("the server stopped")
                cell, cpu = measured([path], clients, args.seconds)
                report(path, cell, floor, cpu)
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
        # the search-document triggers (whatever the migration named them): copies carry
        # their documents with them
        connection.execute(text("ALTER TABLE claim DISABLE TRIGGER USER"))
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
        connection.execute(text("ALTER TABLE claim ENABLE TRIGGER USER"))
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


_SPLIT = (
    ("SQL: psycopg, waiting on PostgreSQL", ("/psycopg/", "psycopg_binary")),
    ("SQLAlchemy: compile, rows, ORM", ("/sqlalchemy/",)),
    ("JSON serialisation", ("model_dump_json", "to_json", "orjson", "/json/")),
    ("Pydantic validation", ("/pydantic", "validate_python", "model_validate")),
    ("Jinja templates", ("/jinja2", "/markupsafe/", "/templates/", "<template>")),
    ("framework: starlette, fastapi, anyio", ("/starlette/", "/fastapi/", "/anyio/")),
    ("app code: routes, services, present", ("/app/",)),
)


def _split_category(filename: str, function: str) -> str:
    where = f"{filename}:{function}"
    for name, needles in _SPLIT:
        if any(needle in where for needle in needles):
            return name
    return "other (asyncio, httpx test transport, stdlib)"


def split(args: argparse.Namespace) -> None:
    """Where one endpoint's time goes: every function's own time (cProfile) over
    ``--requests`` requests, grouped by library.

    Sync endpoints normally run on a worker thread that cProfile would not see: here they
    run inline on the event loop's thread, driven through httpx's ASGI transport. The
    profiler adds its own cost to every Python call, so shares are what to compare;
    ``in-process ms`` (the same requests, unprofiled, one at a time) is the real cost.
    """
    import cProfile
    import pstats

    import anyio.to_thread
    import httpx

    from app.config import Settings
    from app.web.app import create_app

    async def inline(func: Any, *call_args: Any, **_: Any) -> Any:
        return func(*call_args)

    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    print(f"machine: {machine()}")
    print(f"start: {time.strftime('%Y-%m-%d %H:%M:%S')}, {load()}")
    ids = sample_ids(args.db_url)
    app = create_app(Settings(database_url=args.db_url, environment="development"), migrate=False)
    rng = random.Random(5)

    async def run(paths: list[str], profiler: cProfile.Profile | None) -> tuple[float, int]:
        size = 0
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            start = time.perf_counter()
            if profiler is not None:
                profiler.enable()
            for path in paths:
                response = await client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
                size += len(response.content)
            if profiler is not None:
                profiler.disable()
            return time.perf_counter() - start, size

    for endpoint in args.endpoint or ("/api/v1/claims", "/claims/{claim}"):
        n = args.requests
        asyncio.run(run([expand(endpoint, ids, rng) for _ in range(10)], None))  # warm up
        plain, size = asyncio.run(run([expand(endpoint, ids, rng) for _ in range(n)], None))
        profiler = cProfile.Profile()
        profiled, _ = asyncio.run(run([expand(endpoint, ids, rng) for _ in range(n)], profiler))
        groups: dict[str, float] = {}
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        for (filename, _line, function), (_cc, _nc, own, _cum, _callers) in stats.items():
            name = _split_category(filename, function)
            groups[name] = groups.get(name, 0.0) + own
        total = sum(groups.values())
        print(f"\n{endpoint}: {n} requests, body {size / n / 1024:.0f} KB; in-process "
              f"{1000 * plain / n:.1f} ms a request, {1000 * profiled / n:.1f} ms profiled")
        for name, own in sorted(groups.items(), key=lambda item: -item[1]):
            print(f"  {name:48} {1000 * own / n:>7.2f} ms  {100 * own / total:>5.1f} %")
        if args.top:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
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
    sp = sub.add_parser("split", help="cProfile of one endpoint, own time by library")
    sp.add_argument("--db-url", required=True)
    sp.add_argument("--requests", type=int, default=50)
    sp.add_argument("--endpoint", action="append", help="repeat; default: claim list and page")
    sp.add_argument("--top", type=int, default=0, help="also print the N costliest functions")
    rp = sub.add_parser("replicate", help="build a large database from copies of a small one")
    rp.add_argument("--source", required=True, help="PostgreSQL database name")
    rp.add_argument("--target", required=True, help="PostgreSQL database name (replaced)")
    rp.add_argument("--articles", type=int, required=True, help="about how many articles")
    args = parser.parse_args(argv)
    if args.mode == "load":
        load_test(args)
    elif args.mode == "replicate":
        replicate(args)
    elif args.mode == "split":
        split(args)
    else:
        profile(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared helpers of the scale benchmarks: scratch databases, SQL timing, load, memory."""

from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (str(ROOT), str(ROOT / "bench")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from sqlalchemy import Engine, create_engine, event, text  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "FACTTRACK_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DATA = Path(os.environ.get("FACTTRACK_BENCH_DATA", "/tmp/facttrack-bench"))


def pg_url(name: str) -> str:
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def recreate_pg(name: str) -> str:
    """A fresh, empty PostgreSQL database ``name``; its URL."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return pg_url(name)


def fresh_sqlite(name: str) -> str:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_db(kind: str, name: str) -> str:
    return recreate_pg(name) if kind == "postgres" else fresh_sqlite(name)


ANCHORED = float(os.environ.get("FACTTRACK_BENCH_ANCHORED", "0"))


def dataset(count: int, *, start: int = 0, anchored: float | None = None) -> Path:
    """The synthetic JSONL of records ``start`` to ``count`` - 1, generated once.

    ``anchored`` (default ``$FACTTRACK_BENCH_ANCHORED`` or 0): see ``synth.generate``.
    """
    import synth

    share = ANCHORED if anchored is None else anchored
    path = DATA / f"synth-a{share:g}-{start}-{count}.jsonl"
    if not path.exists():
        synth.write(path.with_suffix(".tmp"), count, start=start, anchored=share)
        path.with_suffix(".tmp").rename(path)
    return path


@dataclass
class SqlTimer:
    """Counts statements and sums their time on one engine (cursor execute to return)."""

    count: int = 0
    seconds: float = 0.0
    _started: list[float] = field(default_factory=list)

    def reset(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def attach(self, engine: Engine) -> SqlTimer:
        def before(*_args: Any) -> None:
            self._started.append(time.perf_counter())

        def after(*_args: Any) -> None:
            self.seconds += time.perf_counter() - self._started.pop()
            self.count += 1

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        return self


@contextmanager
def timed() -> Iterator[list[float]]:
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set of this process (or of its largest waited-for child), in MB."""
    return resource.getrusage(who).ru_maxrss / 1024


def proc_peak_rss_mb(pid: int) -> float | None:
    """VmHWM of a live process (Linux), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children_of(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(p) for p in found]


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pg = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atc",
             "show server_version"], capture_output=True, text=True, timeout=10, check=False,
        ).stdout.strip()
    except OSError:
        pg = "?"
    return (
        f"{os.cpu_count()} cpu ({cpu}), Python {platform.python_version()}, "
        f"PostgreSQL {pg or '?'}, {platform.system()} {platform.release()}"
    )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load avg {one:.2f} / {five:.2f} / {fifteen:.2f}"


def cpu_calibration(seconds: float = 0.5) -> float:
    """Python operations per microsecond right now: how much CPU this run is getting."""
    count = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(1000):
            count += 1
    return count / seconds / 1e6


# ---------------------------------------------------------------------------- story oracle

_EVENT = re.compile(r"-e(\d+)-\d+$")


def event_of(url: str | None) -> str:
    """The synthetic event an article reports (its URL says), or "" for other articles."""
    found = _EVENT.search(url or "")
    return f"e{found.group(1)}" if found else ""

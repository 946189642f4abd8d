"""Fixtures for the dashboard: the demo corpus plus one hostile article, loaded once per module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from app.config import PROJECT_ROOT, Settings
from app.db.session import transaction
from app.ingest.sources import from_text
from app.services.articles import ingest_article
from app.services.batch import ingest_paths
from app.web.app import create_app
from tests.conftest import _wipe

DEMO = PROJECT_ROOT / "app" / "samples" / "demo"
HOSTILE_TITLE = "Hostile <b>markup</b> test"
HOSTILE_TEXT = (
    "Officials said <script>window.__pwned=1</script> that 27 people were hurt.\n\n"
    'A second note <img src=x onerror="window.__pwned=1"> counted 14 ambulances.\n\n'
    "Nothing else happened & nobody <i>else</i> was hurt."
)


def load_demo(engine: Engine) -> int:
    """The sample corpus and the hostile article; returns the hostile article's id."""
    summary = ingest_paths(engine, [DEMO], max_bytes=10_000_000)
    assert not summary.failed, summary.results
    with transaction(engine) as session:
        outcome = ingest_article(
            session,
            article_in=from_text(
                HOSTILE_TEXT,
                origin="hostile.txt",
                source="Hostile <Outlet>",
                title=HOSTILE_TITLE,
                published_at=datetime(2024, 5, 3, tzinfo=UTC),
            ),
        )
        return outcome.article.id


@pytest.fixture(scope="module")
def demo_loaded(migrated_engine: Engine) -> Iterator[int]:
    """Loads the demo once for a module; yields the hostile article's id."""
    _wipe(migrated_engine)
    yield load_demo(migrated_engine)
    _wipe(migrated_engine)


@pytest.fixture(scope="module")
def demo_engine(migrated_engine: Engine, demo_loaded: int) -> Engine:
    return migrated_engine


@pytest.fixture(scope="module")
def demo_client(
    demo_engine: Engine, db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """A client on the loaded demo: for tests that only read."""
    settings = Settings(
        database_url=db_url,
        environment="test",
        data_dir=tmp_path_factory.mktemp("web"),
        secret_key="test-secret-key-test-secret-key",
    )
    app = create_app(settings, migrate=False)
    app.state.engine = demo_engine
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def hostile_id(demo_loaded: int) -> int:
    return demo_loaded


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, *args: object) -> None:
        self.count += 1
        self.statements.append(str(args[2]))


@contextmanager
def count_queries(engine: Engine) -> Iterator[QueryCounter]:
    counter = QueryCounter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def artifacts_dir() -> Path:
    path = PROJECT_ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path

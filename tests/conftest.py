"""Shared fixtures: a real database (SQLite by default, PostgreSQL when
``FACTTRACK_TEST_DATABASE_URL`` names one), brought to head by the migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.migrate import upgrade
from app.db.models import Base
from app.db.session import make_engine, session_factory
from app.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("FACTTRACK_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def is_postgres(db_url: str) -> bool:
    return db_url.startswith("postgresql")


@pytest.fixture(scope="session")
def migrated_engine(db_url: str) -> Iterator[Engine]:
    upgrade(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _wipe(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def engine(migrated_engine: Engine) -> Iterator[Engine]:
    """The test database, emptied after each test."""
    yield migrated_engine
    _wipe(migrated_engine)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed when the test ends without error."""
    with session_factory(engine)() as s, s.begin():
        yield s


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url,
        environment="test",
        data_dir=tmp_path,
        secret_key="test-secret-key-test-secret-key",
    )


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    app = create_app(settings, migrate=False)
    app.state.engine = engine
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = bool(os.environ.get("FACTTRACK_TEST_DATABASE_URL", "").startswith("postgres"))
    skip = pytest.mark.skip(reason="needs PostgreSQL (set FACTTRACK_TEST_DATABASE_URL)")
    for item in items:
        if "postgres_only" in item.keywords and not on_postgres:
            item.add_marker(skip)


@pytest.fixture
def editor_headers(engine: Engine) -> dict[str, str]:
    """Authorization for an editor's write token (ingest is for editors and above)."""
    from app.services.tokens import create_token
    from app.services.users import create_user

    with session_factory(engine)() as s, s.begin():
        user = create_user(s, username="test-editor", password="test-editor-pw", role="editor")
        _, plain = create_token(s, user=user, name="tests", scope="write")
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def editor_client(client: TestClient, engine: Engine) -> TestClient:
    """``client`` logged in as an editor through the form, CSRF header set as htmx would."""
    import re

    from app.services.users import create_user

    with session_factory(engine)() as s, s.begin():
        create_user(s, username="page-editor", password="page-editor-pw", role="editor")
    csrf = re.compile(r'name="csrf_token" value="([^"]+)"')
    token = csrf.search(client.get("/login").text)
    assert token, "the log-in form carries a CSRF token"
    response = client.post(
        "/login",
        data={"username": "page-editor", "password": "page-editor-pw",
              "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    fresh = csrf.search(client.get("/login").text) or csrf.search(client.get("/ingest").text)
    assert fresh
    client.headers["X-CSRF-Token"] = fresh.group(1)
    return client

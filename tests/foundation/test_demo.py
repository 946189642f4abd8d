"""`facttrack demo` loads the bundled corpus, creates demo accounts, and is safe to repeat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import DEMO_CORPUS, DEMO_USERS, app
from app.config import get_settings
from app.db.models import Article, Claim, Source, User
from app.services.users import verify_password

runner = CliRunner()


@pytest.fixture
def env(db_url: str, engine: Engine, tmp_path: Path) -> Iterator[dict[str, str]]:
    get_settings.cache_clear()
    yield {"FACTTRACK_DATABASE_URL": db_url, "FACTTRACK_DATA_DIR": str(tmp_path)}
    get_settings.cache_clear()


def snapshot(engine: Engine) -> tuple[int, int, int, int]:
    with Session(engine) as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m)) or 0
            for m in (Article, Source, Claim, User)
        )


def test_demo_loads_corpus_and_accounts_twice_safely(env: dict[str, str], engine: Engine) -> None:
    files = [p for p in DEMO_CORPUS.rglob("*") if p.suffix in {".txt", ".html", ".jsonl"}]
    assert len(files) >= 6
    first = runner.invoke(app, ["demo", "--no-serve"], env=env)
    assert first.exit_code == 0, first.output
    for username, _role, password in DEMO_USERS:
        assert username in first.output and password in first.output
    articles, sources, claims, users = snapshot(engine)
    assert articles >= 6 and sources >= 6 and claims > 0 and users == len(DEMO_USERS)
    with Session(engine) as s:
        for username, role, password in DEMO_USERS:
            user = s.scalar(select(User).where(User.username == username))
            assert user is not None and user.role == role and verify_password(user, password)
        multi = s.scalar(select(func.count(Claim.id)).where(Claim.sources_count >= 2))
        assert multi, "the demo corpus should show figures reported by several outlets"
    second = runner.invoke(app, ["demo", "--no-serve"], env=env)
    assert second.exit_code == 0, second.output
    assert snapshot(engine) == (articles, sources, claims, users)

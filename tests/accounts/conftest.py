"""Fixtures for accounts and fact-checking: the app with these routers, people of every
role, their clients, a small corpus with claims to work on."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.config import Settings
from app.db.models import Claim, ClaimMembership
from app.db.session import transaction
from app.ingest.model import ArticleInput
from app.services import users
from app.services.articles import ingest_article
from app.services.tokens import create_token
from app.web.app import create_app

PUBLISHED = datetime(2024, 5, 1, tzinfo=UTC)
ROLES = ("viewer", "editor", "factchecker", "admin")
PASSWORD = "correct horse battery"
ARTICLES = (
    ("Harbor Ledger", "Ferry strike strands travellers",
     "The strike stranded 240 passengers at the harbour, the port authority said. "
     "Talks lasted more than two hours."),
    ("Capital Dispatch", "Ferry passengers stuck",
     "Some 250 passengers were stranded by the strike, officials said. "
     "Negotiators met for about 2.5 hours."),
    ("Meridian Wire", "Strike at the port",
     "The port authority said 300 passengers were stranded. The meeting lasted three hours."),
)
RAISE = bool(__import__("os").environ.get("FT_RAISE"))
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: the tests check behaviour, not the cost of hashing."""
    monkeypatch.setattr(
        users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    built = create_app(settings, migrate=False)
    built.state.engine = engine
    return built


@pytest.fixture
def clients(app: FastAPI) -> Iterator[Callable[[], TestClient]]:
    """A factory of independent browsers (each its own cookie jar)."""
    with ExitStack() as stack:

        def make() -> TestClient:
            return stack.enter_context(
                TestClient(app, raise_server_exceptions=RAISE, follow_redirects=False)
            )

        yield make


@pytest.fixture
def client(clients: Callable[[], TestClient]) -> TestClient:
    return clients()


@dataclass
class Person:
    username: str
    role: str
    token: str
    read_token: str


@pytest.fixture
def people(engine: Engine) -> dict[str, Person]:
    """One user per role, each with a write token and a read token."""
    made: dict[str, Person] = {}
    with transaction(engine) as session:
        for role in ROLES:
            user = users.create_user(session, username=role, password=PASSWORD, role=role)
            _, write = create_token(session, user=user, name="w", scope="write")
            _, read = create_token(session, user=user, name="r", scope="read")
            made[role] = Person(role, role, write, read)
    return made


def csrf_of(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    found = _CSRF.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; return the CSRF token of the new session."""
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 303, response.text
    client.headers["X-CSRF-Token"] = token = csrf_of(client)
    return token


@pytest.fixture
def browser_of(
    clients: Callable[[], TestClient], people: dict[str, Person]
) -> Callable[[str], TestClient]:
    """A logged-in browser for a role, with its CSRF header set (as hx-headers would)."""

    def make(role: str) -> TestClient:
        browser = clients()
        log_in(browser, people[role].username)
        return browser

    return make


@dataclass
class World:
    """The claims the tests act on: ``a`` has two mentions or more, ``b`` is another."""

    a: int
    b: int
    a_members: list[int]
    b_members: list[int]
    versions: dict[int, int] = field(default_factory=dict)
    others: list[int] = field(default_factory=list)


def ingest_corpus(engine: Engine) -> None:
    with transaction(engine) as session:
        for source, title, body in ARTICLES:
            ingest_article(
                session,
                article_in=ArticleInput(
                    body=body, title=title, source=source, published_at=PUBLISHED
                ),
            )


def world_of(engine: Engine) -> World:
    with transaction(engine) as session:
        members: dict[int, list[int]] = {}
        for claim_id, mention_id in session.execute(
            select(ClaimMembership.claim_id, ClaimMembership.mention_id).order_by(
                ClaimMembership.mention_id
            )
        ):
            members.setdefault(claim_id, []).append(mention_id)
        versions = dict(session.execute(select(Claim.id, Claim.version)).all())
    ranked = sorted(members, key=lambda c: (-len(members[c]), c))
    a, b = ranked[0], ranked[1]
    assert len(members[a]) >= 2
    return World(a, b, members[a], members[b], versions, ranked[2:])


@pytest.fixture
def world(engine: Engine) -> World:
    ingest_corpus(engine)
    return world_of(engine)

"""Two fact-checkers editing one claim at once, on PostgreSQL: neither edit is lost."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.db.session import transaction
from app.services import users
from app.services.annotations import annotate
from app.services.versioning import StaleVersion
from tests.accounts.conftest import Person, World

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free port, in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    live = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not live.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    live.should_exit = True
    thread.join(10)


def _post(
    url: str, person: Person, note: str, base: int, barrier: threading.Barrier | None = None
) -> httpx.Response:
    if barrier is not None:
        barrier.wait()  # both requests leave together
    return httpx.post(
        url,
        json={"verdict": "disputed", "note": note, "evidence_urls": [], "base_version": base},
        headers={"Authorization": f"Bearer {person.token}"},
        timeout=30,
    )


def test_concurrent_annotations_one_wins_the_other_retries(
    server: str, people: dict[str, Person], world: World
) -> None:
    url = f"{server}/api/v1/claims/{world.a}/annotations"
    checkers = (people["factchecker"], people["admin"])
    version = 1
    for round_ in range(5):
        barrier = threading.Barrier(2)
        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(_post, url, person, f"{person.username} {round_}", version, barrier)
                for person in checkers
            ]
            responses = [future.result() for future in futures]
        assert sorted(r.status_code for r in responses) == [201, 409], [
            r.text for r in responses
        ]
        winner = next(r for r in responses if r.status_code == 201).json()
        loser = next(r for r in responses if r.status_code == 409).json()
        assert loser["current_version"] == version + 1
        assert loser["newest_change"]["by"] == winner["user"]
        assert loser["newest_change"]["note"] == winner["note"]
        # The loser saw what changed and applies their edit on top of it.
        retry = _post(url, checkers[0], f"retry {round_}", loser["current_version"])
        assert retry.status_code == 201
        version += 2
    history = httpx.get(f"{server}/api/v1/claims/{world.a}/history", timeout=30).json()
    notes = [e["note"] for e in history["entries"]]
    assert len(notes) == 10 and history["version"] == 11
    for round_ in range(5):
        assert f"retry {round_}" in notes
        assert sum(n.endswith(f" {round_}") and not n.startswith("retry") for n in notes) == 1


def test_the_second_writer_waits_for_the_first_then_sees_its_change(
    engine: Engine, people: dict[str, Person], world: World
) -> None:
    """The row lock path: both read version 1; the second UPDATE waits, then matches nothing."""
    outcome: dict[str, object] = {}
    first = Session(engine)
    first.begin()
    user = users.get_user(first, "factchecker")
    assert user is not None
    annotate(first, claim_id=world.a, user=user, verdict="false", base_version=1, note="first")

    def second() -> None:
        with transaction(engine) as session:
            admin = users.get_user(session, "admin")
            assert admin is not None
            try:
                annotate(session, claim_id=world.a, user=admin, verdict="verified",
                         base_version=1, note="second")
            except StaleVersion as error:
                outcome["error"] = error

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive(), "the second writer should wait for the first one's row lock"
    first.commit()
    first.close()
    thread.join(10)
    error = outcome.get("error")
    assert isinstance(error, StaleVersion)
    assert error.current_version == 2
    assert error.newest is not None and error.newest.note == "first"

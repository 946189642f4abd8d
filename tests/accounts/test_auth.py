"""Log-in, sessions, CSRF, tokens, throttling, and reading behind a log-in."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from app.auth.session import COOKIE_NAME
from app.config import Settings
from app.db.models import ApiToken, User
from app.db.session import transaction
from app.services.users import MAX_FAILURES_PER_USER, hash_password
from app.web.app import create_app
from tests.accounts.conftest import PASSWORD, Person, World, csrf_of, log_in


def annotate_body(world: World) -> dict[str, object]:
    return {"verdict": "verified", "note": "", "evidence_urls": [], "base_version": 1}


def test_log_in_sets_a_signed_http_only_same_site_cookie(
    client: TestClient, people: dict[str, Person]
) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token,
                        "next": "/review"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/review"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    page = client.get("/login")
    assert "logged in as <strong>admin</strong>" in page.text
    assert csrf_of(client) != token  # a new CSRF token for the new session


def test_log_out_ends_the_session(
    browser_of: Callable[[str], TestClient], world: World
) -> None:
    browser = browser_of("factchecker")
    token = browser.headers["X-CSRF-Token"]
    assert browser.post("/logout", data={"csrf_token": token}).status_code == 303
    response = browser.post(
        f"/api/v1/claims/{world.a}/annotations", json=annotate_body(world),
        headers={"X-CSRF-Token": csrf_of(browser)},
    )
    assert response.status_code == 401


def test_wrong_password_and_unknown_user_get_the_same_answer(
    client: TestClient, people: dict[str, Person]
) -> None:
    answers = []
    for username, password in (("admin", "not the password"), ("nobody", PASSWORD)):
        response = client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": csrf_of(client)},
        )
        assert response.status_code == 401
        answers.append("Wrong user name or password." in response.text)
    assert answers == [True, True]


def test_log_in_attempts_are_throttled(client: TestClient, people: dict[str, Person]) -> None:
    for _ in range(MAX_FAILURES_PER_USER):
        response = client.post(
            "/login", data={"username": "editor", "password": "guess-guess",
                            "csrf_token": csrf_of(client)},
        )
        assert response.status_code == 401
    # Even the right password waits now; another account does not.
    response = client.post(
        "/login",
        data={"username": "editor", "password": PASSWORD, "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert "Too many failed log-ins" in response.text
    log_in(client, "viewer")


def _server(settings: Settings, engine: Engine) -> FastAPI:
    app = create_app(settings, migrate=False)
    app.state.engine = engine
    return app


def test_throttling_state_lives_in_the_database(
    settings: Settings, engine: Engine, people: dict[str, Person]
) -> None:
    """A second app server sees the failures the first one counted."""
    with (
        TestClient(_server(settings, engine), follow_redirects=False) as first,
        TestClient(_server(settings, engine), follow_redirects=False) as second,
    ):
        for _ in range(MAX_FAILURES_PER_USER):
            first.post("/login", data={"username": "admin", "password": "nope-nope",
                                       "csrf_token": csrf_of(first)})
        response = second.post(
            "/login",
            data={"username": "admin", "password": PASSWORD, "csrf_token": csrf_of(second)},
        )
        assert response.status_code == 429


def test_csrf_is_required_with_the_session_cookie(
    browser_of: Callable[[str], TestClient], world: World
) -> None:
    browser = browser_of("factchecker")
    good = browser.headers.pop("X-CSRF-Token")
    path = f"/api/v1/claims/{world.a}/annotations"
    missing = browser.post(path, json=annotate_body(world))
    assert missing.status_code == 403
    assert "CSRF" in missing.json()["detail"]
    wrong = browser.post(path, json=annotate_body(world), headers={"X-CSRF-Token": "x" + good})
    assert wrong.status_code == 403
    form = browser.post(
        f"/claims/{world.a}/annotate", data={"verdict": "false", "base_version": 1}
    )
    assert form.status_code == 403
    form_ok = browser.post(
        f"/claims/{world.a}/annotate",
        data={"verdict": "false", "base_version": 1, "csrf_token": good},
    )
    assert form_ok.status_code == 303
    assert browser.post(path, json=annotate_body(world) | {"base_version": 2},
                        headers={"X-CSRF-Token": good}).status_code == 201


def test_log_in_and_log_out_forms_need_the_csrf_token(
    client: TestClient, browser_of: Callable[[str], TestClient], people: dict[str, Person]
) -> None:
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403
    browser = browser_of("viewer")
    browser.headers.pop("X-CSRF-Token")
    assert browser.post("/logout").status_code == 403


def test_a_forged_cookie_is_an_anonymous_visitor(
    browser_of: Callable[[str], TestClient], world: World
) -> None:
    browser = browser_of("admin")
    value = browser.cookies[COOKIE_NAME]
    browser.cookies.clear()
    browser.cookies.set(COOKIE_NAME, value[:-3] + ("aaa" if value[-3:] != "aaa" else "bbb"))
    response = browser.post(f"/api/v1/claims/{world.a}/annotations", json=annotate_body(world))
    assert response.status_code == 401


def test_changing_the_password_ends_existing_sessions(
    browser_of: Callable[[str], TestClient], engine: Engine, world: World
) -> None:
    browser = browser_of("factchecker")
    with transaction(engine) as session:
        session.execute(
            update(User).where(User.username == "factchecker")
            .values(password_hash=hash_password("a brand new password"))
        )
    response = browser.post(f"/api/v1/claims/{world.a}/annotations", json=annotate_body(world))
    assert response.status_code == 401


def test_tokens_are_stored_hashed_and_revocable(
    client: TestClient, people: dict[str, Person], engine: Engine, world: World
) -> None:
    plain = people["factchecker"].token
    with transaction(engine) as session:
        stored = set(session.scalars(select(ApiToken.token_hash)))
        assert plain not in stored
        assert hashlib.sha256(plain.encode()).hexdigest() in stored
        session.execute(
            update(ApiToken).where(
                ApiToken.token_hash == hashlib.sha256(plain.encode()).hexdigest()
            ).values(revoked_at=ApiToken.created_at)
        )
    response = client.post(
        f"/api/v1/claims/{world.a}/annotations", json=annotate_body(world),
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_malformed_authorization_header_is_refused(
    client: TestClient, world: World
) -> None:
    response = client.get(
        f"/api/v1/claims/{world.a}/history", headers={"Authorization": "Basic abc"}
    )
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_next_never_leaves_the_site(client: TestClient, people: dict[str, Person]) -> None:
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            "/login",
            data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf_of(client),
                  "next": evil},
        )
        assert response.headers["location"] == "/"


def test_reading_is_public_by_default(client: TestClient, world: World) -> None:
    assert client.get(f"/api/v1/claims/{world.a}/history").status_code == 200
    assert client.get("/review").status_code == 200


def test_reading_can_require_a_log_in(
    settings: Settings, engine: Engine, world: World, people: dict[str, Person]
) -> None:
    private = settings.model_copy(update={"read_access": "login"})
    with TestClient(_server(private, engine), follow_redirects=False) as client:
        path = f"/api/v1/claims/{world.a}/history"
        assert client.get(path).status_code == 401
        token = {"Authorization": f"Bearer {people['viewer'].read_token}"}
        assert client.get(path, headers=token).status_code == 200
        page = client.get("/review?assignee=any")
        assert page.status_code == 303
        assert page.headers["location"].startswith("/login?next=/review")
        log_in(client, "viewer")
        assert client.get("/review").status_code == 200

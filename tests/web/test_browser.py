"""The dashboard in a real headless Chromium, against a real server on loopback.

Screenshots at desktop and phone widths land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.db.migrate import upgrade
from app.db.session import make_engine, transaction
from app.services.users import create_user
from tests.web.conftest import artifacts_dir, load_demo

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
]

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect, sync_playwright


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


EDITOR, EDITOR_PASSWORD = "browser-editor", "browser-editor-pw"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """uvicorn on a free loopback port, its own SQLite file holding the demo corpus."""
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'browser.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    hostile_id = load_demo(engine)
    with transaction(engine) as session:
        create_user(session, username=EDITOR, password=EDITOR_PASSWORD, role="editor")
    engine.dispose()
    port = free_port()
    env = {
        **os.environ,
        "FACTTRACK_DATABASE_URL": url,
        "FACTTRACK_DATA_DIR": str(folder),
        "FACTTRACK_ENVIRONMENT": "test",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.web.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT_ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a busy machine may take a while to start Python
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start within 60 s") from None
                time.sleep(0.2)
        yield base, hostile_id
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    expect.set_options(timeout=15_000)  # generous: CI machines are often busy
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records console errors, uncaught errors and every request's address."""

    def __init__(self, browser: Browser, width: int, height: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.set_default_timeout(30_000)
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Watched]:
    watched = Watched(browser, *WIDTHS["desktop"])
    yield watched
    watched.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(artifacts_dir() / f"{name}.png"), full_page=True)


def test_every_page_loads_cleanly_at_both_widths(server: tuple[str, int], browser: Browser) -> None:
    base, hostile_id = server
    for label, (width, height) in WIDTHS.items():
        watched = Watched(browser, width, height)
        page = watched.page
        page.goto(f"{base}/claims?status=conflicting&sort=disputed")
        claim_href = page.locator("a.claim-label").first.get_attribute("href")
        paths = {
            "overview": "/",
            "claims": "/claims",
            "claim": claim_href,
            "articles": "/articles",
            "article": f"/articles/{hostile_id}",
            "article-demo": "/articles/1",
            "sources": "/sources",
            "ingest": "/ingest",
        }
        for name, path in paths.items():
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, path
            assert page.evaluate("() => typeof window.htmx") == "object", path
            width_px = page.evaluate("() => document.documentElement.scrollWidth")
            assert width_px <= width + 1, f"{path} overflows sideways at {width}px"
            shot(page, f"{name}-{label}")
        page.goto(f"{base}/claims/999999")
        shot(page, f"error-404-{label}")
        errors = [e for e in watched.errors if "404" not in e]
        assert errors == [], errors
        assert all(url.startswith(base) for url in watched.requests), watched.requests
        watched.close()


def test_filtering_claims_updates_list_and_address(
    server: tuple[str, int], desktop: Watched
) -> None:
    base, _ = server
    page = desktop.page
    page.goto(f"{base}/claims")
    page.evaluate("() => { window.__samePage = true }")
    total_before = page.locator("#results .results-count").inner_text()
    page.select_option("#status", "conflicting")
    page.wait_for_url("**/claims?status=conflicting")
    expect(page.locator("#results .results-count")).not_to_have_text(total_before)
    badges = page.locator("#results .claim-item .badge.status-conflicting")
    assert badges.count() == page.locator("#results .claim-item").count() > 0
    assert page.evaluate("() => window.__samePage") is True  # no full reload

    page.fill("#q", "killed")
    page.wait_for_url("**/claims?q=killed&status=conflicting")
    assert page.evaluate("() => window.__samePage") is True
    page.go_back()
    page.wait_for_url("**/claims?status=conflicting")
    expect(page.locator("#q")).to_have_value("")
    page.go_back()
    page.wait_for_url(f"{base}/claims")
    expect(page.locator("#results .results-count")).to_have_text(total_before)
    shot(page, "claims-filtered-desktop")
    assert desktop.errors == []


def test_conflicting_claim_shows_sources_side_by_side(
    server: tuple[str, int], desktop: Watched
) -> None:
    base, _ = server
    page = desktop.page
    page.goto(f"{base}/claims?status=conflicting&sort=disputed")
    page.locator("a.claim-label").first.click()
    page.wait_for_url("**/claims/*")
    columns = page.locator(".source-col")
    assert columns.count() >= 2
    for i in range(columns.count()):
        column = columns.nth(i)
        expect(column.locator("blockquote mark").first).to_be_visible()
        expect(column.locator("dd strong").first).to_be_visible()
    expect(page.locator(".source-disagrees").first).to_be_visible()
    tops = {round(columns.nth(i).bounding_box()["y"]) for i in range(min(columns.count(), 3))}  # type: ignore[index]
    assert len(tops) == 1, "the first columns sit side by side"
    line = page.locator("figure.numberline > svg")
    expect(line).to_be_visible()
    assert page.locator(".nl-row").count() == page.locator(".quote-block").count()
    expect(page.locator(".nl-bad").first).to_be_visible()
    shot(page, "claim-conflicting-desktop")


def test_ingest_form_creates_a_highlighted_article(
    server: tuple[str, int], desktop: Watched
) -> None:
    base, _ = server
    page = desktop.page
    page.goto(f"{base}/login?next=/ingest")
    page.fill("#login-user", EDITOR)
    page.fill("#login-password", EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/ingest")
    page.fill("#title", "Bridge reopens after repairs")
    page.fill("#source-name", "Harbour Weekly")
    page.fill("#published_at", "2024-06-01")
    page.fill(
        "#text",
        "The old bridge reopened on Saturday after 14 months of repairs.\n\n"
        "About 9,000 vehicles are expected to cross it each day, the city engineer said.",
    )
    page.get_by_role("button", name="Preview figures").click()
    expect(page.locator("#preview .fig").first).to_be_visible()
    shot(page, "ingest-preview-desktop")
    page.get_by_role("button", name="Save article").click()
    expect(page.locator("#outcome")).to_contain_text("Saved.")
    page.locator("#outcome a[href^='/articles/']").first.click()
    page.wait_for_url("**/articles/*")
    expect(page.locator("h1")).to_have_text("Bridge reopens after repairs")
    figures = page.locator(".article-body .fig")
    assert figures.count() >= 2
    first_link = page.locator(".article-body a.fig").first
    first_link.focus()
    expect(page.locator(".article-body .fig-wrap .tip").first).to_be_visible()
    shot(page, "ingest-article-desktop")
    assert desktop.errors == []


def test_script_in_an_article_runs_nothing(server: tuple[str, int], desktop: Watched) -> None:
    base, hostile_id = server
    page = desktop.page
    page.goto(f"{base}/articles/{hostile_id}")
    assert page.evaluate("() => window.__pwned") is None
    body = page.locator(".article-body")
    expect(body).to_contain_text("<script>window.__pwned=")
    expect(body).to_contain_text('<img src=x onerror="window.__pwned=')
    assert page.locator(".article-body script, .article-body img, .article-body i").count() == 0
    expect(page.locator("h1")).to_have_text("Hostile <b>markup</b> test")
    page.goto(f"{base}/claims?q=ambulances")
    assert page.evaluate("() => window.__pwned") is None
    assert desktop.errors == []

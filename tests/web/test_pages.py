"""Pages on the demo corpus: status, fragments, headers, escaping, links, error pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import Claim
from tests.web.conftest import HOSTILE_TITLE

HTMX = {"HX-Request": "true"}


@pytest.fixture
def settings_for_auth(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url,
        environment="test",
        data_dir=tmp_path,
        secret_key="test-secret-key-test-secret-key",
    )


PAGES = ["/", "/claims", "/articles", "/sources", "/ingest"]


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def first_claim_id(engine: Engine, status: str | None = None) -> int:
    with Session(engine) as session:
        query = select(Claim.id).order_by(Claim.sources_count.desc(), Claim.id)
        if status:
            query = query.where(Claim.status == status)
        found = session.scalar(query)
    assert found is not None
    return found


def detail_pages(engine: Engine, hostile_id: int) -> list[str]:
    return [f"/claims/{first_claim_id(engine, 'conflicting')}", f"/articles/{hostile_id}"]


def test_every_page_renders_in_the_site_look(
    demo_client: TestClient, demo_engine: Engine, hostile_id: int
) -> None:
    for path in PAGES + detail_pages(demo_engine, hostile_id):
        response = demo_client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert "<html" in response.text and 'aria-label="Main"' in response.text, path
        assert response.headers["vary"] == "HX-Request"


def test_pages_link_their_json(
    demo_client: TestClient, demo_engine: Engine, hostile_id: int
) -> None:
    for path in ["/claims", "/articles", "/sources", *detail_pages(demo_engine, hostile_id)]:
        link = demo_client.get(path).headers["link"]
        target = re.match(r'<([^>]+)>; rel="alternate"; type="application/json"', link)
        assert target, path
        assert target.group(1).startswith("/api/v1/")
        api = demo_client.get(target.group(1))
        assert api.status_code == 200, target.group(1)
        assert api.headers["content-type"] == "application/json"


def test_htmx_gets_only_the_results_block(demo_client: TestClient) -> None:
    for path in ["/claims?status=conflicting", "/articles?source=Meridian+Wire"]:
        full = demo_client.get(path)
        part = demo_client.get(path, headers=HTMX)
        assert part.status_code == 200
        assert "<html" not in part.text and "<header" not in part.text.split("results")[0]
        assert part.text.lstrip().startswith('<section id="results"')
        assert part.headers["vary"] == "HX-Request"
        # The fragment is the very block of the page, not a second copy of it.
        assert part.text.strip() in full.text


def test_history_restore_gets_the_whole_page(demo_client: TestClient) -> None:
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    response = demo_client.get("/claims?status=conflicting", headers=headers)
    assert "<html" in response.text


def test_filtered_list_pushes_a_clean_shareable_url(demo_client: TestClient) -> None:
    response = demo_client.get(
        "/claims?q=&status=conflicting&kind=&unit=&source=&verdict=&sort=disputed", headers=HTMX
    )
    assert response.headers["hx-push-url"] == "/claims?status=conflicting&sort=disputed"


def test_every_hx_get_has_a_real_address(
    demo_client: TestClient, demo_engine: Engine, hostile_id: int
) -> None:
    for path in PAGES + detail_pages(demo_engine, hostile_id) + ["/claims?limit=2"]:
        for tag, attrs in tags(demo_client.get(path).text):
            if "hx-get" in attrs:
                address = attrs.get("href") if tag == "a" else attrs.get("action")
                assert address == attrs["hx-get"] or (
                    tag == "form" and address == attrs["hx-get"]
                ), (path, tag, attrs)
            if "hx-post" in attrs and tag == "form":
                assert attrs.get("action") == attrs["hx-post"], (path, attrs)


def test_nothing_is_loaded_from_another_origin(
    demo_client: TestClient, demo_engine: Engine, hostile_id: int
) -> None:
    for path in PAGES + detail_pages(demo_engine, hostile_id):
        for tag, attrs in tags(demo_client.get(path).text):
            for name in ("src", "action", "hx-get", "hx-post"):
                value = attrs.get(name) or ""
                assert not value.startswith(("http", "//")) or value.startswith(
                    "http://testserver/"
                ), (path, tag, attrs)
            if tag == "link":
                assert (attrs.get("href") or "").startswith("http://testserver/"), attrs


def test_claims_filters_sort_and_pages(demo_client: TestClient) -> None:
    conflicting = demo_client.get("/claims?status=conflicting")
    assert "Conflicting" in conflicting.text and "Consistent</span>" not in conflicting.text
    seen: list[str] = []
    url: str | None = "/claims?limit=7&sort=disputed"
    while url:
        page = demo_client.get(url, headers=HTMX)
        assert page.status_code == 200
        seen += re.findall(r'class="claim-label" href="/claims/(\d+)"', page.text)
        found = re.search(r'href="([^"]+)"[^>]*rel="next"', page.text)
        url = found.group(1).replace("&amp;", "&") if found else None
        if url:
            assert parse_qs(urlsplit(url).query)["sort"] == ["disputed"]
    total = int(re.search(r"(\d+) claims", demo_client.get("/claims").text).group(1))  # type: ignore[union-attr]
    assert len(seen) == len(set(seen)) == total


def test_claims_search_finds_words_of_the_quotes(demo_client: TestClient) -> None:
    page = demo_client.get("/claims?q=hostag")
    assert re.search(r"\d+ claims? match", page.text)
    assert 'class="claim-label"' in page.text
    none = demo_client.get("/claims?q=zzzxqv")
    assert "No claim matches" in none.text


def test_bad_input_gets_a_clear_page(demo_client: TestClient) -> None:
    assert demo_client.get("/claims?published_after=yesterday").status_code == 422
    assert demo_client.get("/claims?status=maybe").status_code == 422
    assert demo_client.get("/claims?cursor=not-a-cursor").status_code == 422
    bad = demo_client.get("/claims/abc")
    assert bad.status_code == 422 and "<html" in bad.text


@pytest.mark.parametrize("path", ["/claims/999999", "/articles/999999", "/no/such/page"])
def test_not_found_is_a_page_in_the_site_look(demo_client: TestClient, path: str) -> None:
    response = demo_client.get(path)
    assert response.status_code == 404
    assert 'aria-label="Main"' in response.text and "Back to the overview" in response.text
    assert "site.css" in response.text


def test_claim_page_shows_every_source_side_by_side(
    demo_client: TestClient, demo_engine: Engine
) -> None:
    claim_id = first_claim_id(demo_engine, "conflicting")
    claim = demo_client.get(f"/api/v1/claims/{claim_id}").json()
    page = demo_client.get(f"/claims/{claim_id}").text
    sources = {m["article"]["source"] for m in claim["mentions"]}
    assert page.count('class="source-col') == len(sources)
    for name in sources:
        assert name.replace("'", "&#39;") in page
    assert "<svg" in page and page.count('class="nl-row') == len(claim["mentions"])
    assert "Disagrees" in page and "<mark>" in page
    assert "Why the sources disagree" in page


def test_article_page_highlights_figures_as_links(demo_client: TestClient) -> None:
    article = demo_client.get("/api/v1/articles?limit=1").json()["items"][0]
    full = demo_client.get(f"/api/v1/articles/{article['id']}").json()
    page = demo_client.get(f"/articles/{article['id']}").text
    linked = [m for m in full["mentions"] if m["claim_id"]]
    assert linked
    for mention in linked:
        assert f'href="/claims/{mention["claim_id"]}" id="m-{mention["id"]}"' in page
        assert f'id="tip-{mention["id"]}"' in page


def test_article_text_is_escaped_never_run(demo_client: TestClient, hostile_id: int) -> None:
    page = demo_client.get(f"/articles/{hostile_id}").text
    assert "<script>window" not in page and "<img src=x" not in page
    # (The "1" may itself be highlighted as a figure, so only the start is compared.)
    assert "&lt;script&gt;window.__pwned=" in page and "&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;window.__pwned=" in page
    assert "Hostile &lt;b&gt;markup&lt;/b&gt; test" in page and HOSTILE_TITLE not in page
    assert "Hostile &lt;Outlet&gt;" in page
    # Figures around the hostile text are still highlighted.
    assert re.search(r'class="fig[^"]*"[^>]*>27 people<', page) or ">27 people<" in page


def test_hostile_source_name_is_escaped_everywhere(demo_client: TestClient) -> None:
    for path in ["/sources", "/articles", "/claims?q=ambulances", "/"]:
        page = demo_client.get(path).text
        assert "Hostile <Outlet>" not in page, path


def test_pages_carry_the_csrf_token_once_sign_in_is_installed(
    demo_engine: Engine, settings_for_auth: Settings
) -> None:
    from app.auth.install import install
    from app.web.app import create_app
    from app.web.templating import templates

    saved = dict(templates.env.globals), dict(templates.env.filters)
    app = create_app(settings_for_auth, migrate=False)
    app.state.engine = demo_engine
    install(app, settings_for_auth)
    try:
        with TestClient(app) as client:
            for path in ["/", "/ingest", "/claims"]:
                page = client.get(path)
                assert page.status_code == 200, path
                assert 'hx-headers=\'{"X-CSRF-Token": "' in page.text
                assert 'href="/login?next=' in page.text
            assert page.text.count('name="csrf_token"') == 0
            assert client.get("/ingest").text.count('name="csrf_token"') == 2
    finally:
        templates.env.globals.clear()
        templates.env.globals.update(saved[0])
        templates.env.filters.clear()
        templates.env.filters.update(saved[1])


def test_unexpected_errors_get_a_page_in_the_site_look(
    demo_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("app.services.browse.overview", broken)
    response = demo_client.get("/")
    assert response.status_code == 500
    assert 'aria-label="Main"' in response.text and "boom" not in response.text

"""POST /api/v1/articles and the error contract of the API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.db.models import Article, Mention

ARTICLE = {
    "text": "Officials said 27 schools stayed closed on Monday after the flood.",
    "title": "Schools shut after flood",
    "source": "River Gazette",
    "url": "https://river.example/schools",
    "published_at": "2024-04-02",
}


def article_count(engine: Engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count(Article.id))) or 0


def test_post_article_needs_an_editor(client: TestClient, engine: Engine) -> None:
    anonymous = client.post("/api/v1/articles", json=ARTICLE)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    assert article_count(engine) == 0


def test_post_article_creates_it_with_mentions_and_claims(
    client: TestClient, editor_headers: dict[str, str]
) -> None:
    client.headers.update(editor_headers)
    response = client.post("/api/v1/articles", json=ARTICLE)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "stored"
    assert body["article"]["source"] == "River Gazette"
    assert body["article"]["published_at"].startswith("2024-04-02")
    mentions = body["article"]["mentions"]
    assert any(m["value"] == 27 for m in mentions)
    assert {m["claim_id"] for m in mentions} == {c["id"] for c in body["claims"]}

    again = client.post("/api/v1/articles", json=ARTICLE)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert again.json()["article"]["id"] == body["article"]["id"]


def test_problem_details_for_bad_bodies(
    client: TestClient, engine: Engine, editor_headers: dict[str, str]
) -> None:
    client.headers.update(editor_headers)
    cases = [
        (client.post("/api/v1/articles", content=b"{oops", headers={"content-type":
                                                                     "application/json"}), 422),
        (client.post("/api/v1/articles", json={"title": "no text"}), 422),
        (client.post("/api/v1/articles", json=["list"]), 422),
        (client.post("/api/v1/articles", json={"text": "x 1", "published_at": "soon"}), 422),
        (client.post("/api/v1/articles", content=b"text=1", headers={"content-type":
                                                                      "text/plain"}), 415),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["status"] == status and problem["title"] and problem["detail"]
    assert article_count(engine) == 0


def test_huge_body_is_refused_before_storing(
    client: TestClient, engine: Engine, editor_headers: dict[str, str]
) -> None:
    client.headers.update(editor_headers)
    limit = client.app.state.settings.max_upload_bytes  # type: ignore[attr-defined]
    payload = {"text": "Some 5 words. " * (limit // 10)}
    response = client.post("/api/v1/articles", json=payload)
    assert response.status_code == 413
    assert response.json()["status"] == 413
    assert article_count(engine) == 0


def test_unknown_api_path_is_a_json_404_and_pages_get_html(client: TestClient) -> None:
    api = client.get("/api/v1/nothing-here")
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")
    page = client.get("/nothing-here")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "404" in page.text


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_mentions_stored_match_their_spans(
    client: TestClient, engine: Engine, editor_headers: dict[str, str]
) -> None:
    client.headers.update(editor_headers)
    client.post("/api/v1/articles", json=ARTICLE)
    with Session(engine) as s:
        for mention in s.scalars(select(Mention)):
            assert mention.article.body[mention.start:mention.end] == mention.text


def test_api_docs_load_nothing_from_elsewhere(client: TestClient) -> None:
    import re

    page = client.get("/docs")
    assert page.status_code == 200
    links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert links and all(link.startswith("/") for link in links)
    assert "validator.swagger.io" not in page.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_single_resources_carry_etags(
    client: TestClient, editor_headers: dict[str, str]
) -> None:
    created = client.post("/api/v1/articles", json=ARTICLE, headers=editor_headers).json()
    for path in (
        f"/api/v1/articles/{created['article']['id']}",
        f"/api/v1/claims/{created['claims'][0]['id']}",
    ):
        first = client.get(path)
        etag = first.headers["etag"]
        assert first.status_code == 200 and etag.startswith('"')
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        other = client.get(path, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.json() == first.json()


def test_nul_in_the_address_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/claims?q=a%00b")
    assert response.status_code == 422
    assert response.json()["detail"] == "The address contains a NUL character."

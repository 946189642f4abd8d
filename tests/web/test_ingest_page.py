"""The ingest page: preview stores nothing, saving stores once, uploads, size limits."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.db.models import Article

HTMX = {"HX-Request": "true"}
TEXT = (
    "Flood waters reached the old bridge on Tuesday.\n\n"
    "Rescuers moved more than 1,200 people to shelters, the regional governor said, "
    "and 35 schools stayed closed."
)
FORM = {
    "title": "Flood reaches the old bridge",
    "source": "River Post",
    "url": "https://example.org/flood",
    "published_at": "2024-04-02",
    "text": TEXT,
}


def articles(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count(Article.id))) or 0


def test_form_page_has_both_forms(client: TestClient) -> None:
    page = client.get("/ingest").text
    assert 'action="/ingest"' in page and 'action="/ingest/files"' in page
    assert 'formaction="/ingest/preview"' in page and 'enctype="multipart/form-data"' in page


def test_preview_highlights_and_stores_nothing(client: TestClient, engine: Engine) -> None:
    response = client.post("/ingest/preview", data=FORM, headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="preview"')
    assert "<html" not in response.text
    assert 'class="fig fig-none"' in response.text and "1,200" in response.text
    assert articles(engine) == 0
    # Without JavaScript the whole page comes back, the form still filled in.
    full = client.post("/ingest/preview", data=FORM)
    assert "<html" in full.text and "Flood reaches the old bridge" in full.text


def test_saving_creates_the_article_once(editor_client: TestClient, engine: Engine) -> None:
    response = editor_client.post("/ingest", data=FORM, headers=HTMX)
    assert response.status_code == 201
    assert response.text.lstrip().startswith('<div id="outcome"')
    assert "Saved." in response.text
    assert articles(engine) == 1
    article_id = int(response.text.split('href="/articles/')[1].split('"')[0])
    assert 'href="/claims/' in response.text
    page = editor_client.get(f"/articles/{article_id}").text
    assert 'class="fig fig-' in page and "River Post" in page
    again = editor_client.post("/ingest", data=FORM, headers=HTMX)
    assert again.status_code == 200 and "Already here." in again.text
    assert articles(engine) == 1


def test_form_errors_are_shown_in_place(editor_client: TestClient, engine: Engine) -> None:
    empty = editor_client.post("/ingest", data={**FORM, "text": "  "}, headers=HTMX)
    assert empty.status_code == 422 and "Paste the article text" in empty.text
    assert "<html" not in empty.text
    bad_url = editor_client.post(
        "/ingest", data={**FORM, "url": "javascript:alert(1)"}, headers=HTMX
    )
    assert bad_url.status_code == 422
    bad_date = editor_client.post(
        "/ingest/preview", data={**FORM, "published_at": "May"}, headers=HTMX
    )
    assert bad_date.status_code == 422 and 'id="preview"' in bad_date.text
    assert articles(engine) == 0


def test_too_large_is_refused_and_nothing_stored(editor_client: TestClient, engine: Engine) -> None:
    editor_client.app.state.settings.max_upload_bytes = 200  # type: ignore[attr-defined]
    big = editor_client.post("/ingest", data={**FORM, "text": TEXT * 3})
    assert big.status_code == 413 and "limit" in big.text
    upload = editor_client.post(
        "/ingest/files", files=[("files", ("big.txt", (TEXT * 3).encode(), "text/plain"))]
    )
    assert upload.status_code == 413 and "limit" in upload.text
    assert articles(engine) == 0


def test_upload_several_files(editor_client: TestClient, engine: Engine) -> None:
    records = "\n".join(
        json.dumps({"text": f"Officials counted {n} boats in the harbour.", "source": "Port News"})
        for n in (12, 15)
    )
    files = [
        ("files", ("one.txt", TEXT.encode(), "text/plain")),
        ("files", ("two.jsonl", (records + "\n{broken\n").encode(), "application/jsonl")),
        ("files", ("three.pdf", b"%PDF-1.4", "application/pdf")),
    ]
    response = editor_client.post("/ingest/files", files=files, headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="uploads"')
    assert "3 stored, 0 already here, 2 failed." in response.text
    assert "unsupported file type" in response.text and "line 3" in response.text
    assert articles(engine) == 3


def test_upload_without_files_says_so_in_place(editor_client: TestClient) -> None:
    response = editor_client.post("/ingest/files", data={"x": "1"}, headers=HTMX)
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<div id="uploads"')
    assert "Choose at least one file" in response.text

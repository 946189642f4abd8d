"""HTML pages: main text and metadata through trafilatura (no hand-written tag stripping)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import trafilatura

from app.ingest.errors import IngestError


@dataclass(frozen=True, slots=True)
class ParsedPage:
    body: str
    title: str | None
    published_at: datetime | None
    source: str | None
    url: str | None
    domain: str | None


def _parse_date(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.strptime(raw[:10], "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_html(text: str) -> ParsedPage:
    document: Any = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        raise IngestError("no article text found in this HTML page")
    data: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else document
    body = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip() or None
    if title and body.startswith(title + "\n"):
        body = body[len(title) + 1:].lstrip()  # the headline is the title, not body text
    if not body:
        raise IngestError("no article text found in this HTML page")
    return ParsedPage(
        body=body,
        title=title,
        published_at=_parse_date(data.get("date")),
        source=(data.get("sitename") or "").strip() or None,
        url=(data.get("url") or "").strip() or None,
        domain=(data.get("hostname") or "").strip() or None,
    )

"""Build :class:`ArticleInput` from each input format, with one rule for naming the outlet."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

from app.ingest.html import parse_html
from app.ingest.model import ArticleInput
from app.ingest.plaintext import parse_plain_text
from app.ingest.records import ArticleRecord


def placeholder_source(origin: str) -> str:
    """An outlet name of its own per input, so unknown outlets are never merged by accident."""
    return f"Unidentified ({PurePath(origin.split('#', 1)[0]).name}{_fragment(origin)})"


def _fragment(origin: str) -> str:
    return "#" + origin.split("#", 1)[1] if "#" in origin else ""


def from_text(
    text: str,
    *,
    origin: str,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published_at: datetime | None = None,
) -> ArticleInput:
    """Plain text (a file, a pasted form, a record): explicit fields win over what it says."""
    # NUL is no text character, and PostgreSQL cannot store it.
    title, source, url = (_no_nul(v) for v in (title, source, url))
    parsed = parse_plain_text(text.replace("\x00", ""))
    return ArticleInput(
        body=parsed.body,
        title=(title or parsed.title or "Untitled")[:500],
        source=source or parsed.source or placeholder_source(origin),
        url=url,
        published_at=published_at or parsed.published_at,
        origin=origin,
    )


def _no_nul(value: str | None) -> str | None:
    return value.replace("\x00", "") if value else value


def from_html(text: str, *, origin: str, source: str | None = None) -> ArticleInput:
    page = parse_html(text)
    return ArticleInput(
        body=page.body,
        title=(page.title or page.body.split("\n", 1)[0])[:500],
        source=source or page.source or page.domain or placeholder_source(origin),
        url=page.url,
        published_at=page.published_at,
        origin=origin,
        source_domain=page.domain,
    )


def from_record(record: ArticleRecord, *, origin: str, source: str | None = None) -> ArticleInput:
    return from_text(
        record.text,
        origin=origin,
        source=source or record.source,
        title=record.title,
        url=record.url,
        published_at=record.published_datetime(),
    )

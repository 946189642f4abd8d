"""Export claims, mentions and articles as JSON, JSONL or CSV, streamed in batches."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Literal

import orjson
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db.models import Article, Claim, ClaimMembership, Mention
from app.schemas import ArticlePublic, ClaimPublic, MentionPublic
from app.services.browse import ClaimDoc, claim_docs, claim_public
from app.services.linked_data import iter_claim_reviews, web_annotation

What = Literal["claims", "mentions", "articles"]
Format = Literal["json", "jsonl", "csv", "claimreview", "annotation"]
_BATCH = 500


# orjson writes what ``model_dump_json`` writes (floats, strings, non-finite floats as null,
# UTC times with "Z"; tests/web/test_browse.py compares them byte for byte), three times
# faster, and it reads the naive UTC times of claim documents as UTC.
_CLAIM_JSON = orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z


def claim_json(document: Any) -> bytes:
    """Claim documents (``browse.ClaimDoc``: one, or any dicts and lists holding them) as the
    Claim JSON: the same bytes as ``ClaimPublic.model_dump_json`` of the same claims."""
    return orjson.dumps(document, option=_CLAIM_JSON)


def iter_claim_docs(session: Session) -> Iterator[ClaimDoc]:
    """Every claim document, in id order, in batches."""
    last = 0
    while True:
        batch = select(Claim.id).where(Claim.id > last).order_by(Claim.id).limit(_BATCH)
        ids = list(session.scalars(batch))
        if not ids:
            return
        yield from claim_docs(session, ids)
        last = ids[-1]


def iter_claims(session: Session) -> Iterator[ClaimPublic]:
    for doc in iter_claim_docs(session):
        yield claim_public(doc)


def iter_mentions(session: Session) -> Iterator[MentionPublic]:
    last = 0
    while True:
        rows = session.execute(
            select(Mention, ClaimMembership.claim_id)
            .outerjoin(ClaimMembership, ClaimMembership.mention_id == Mention.id)
            .where(Mention.id > last)
            .order_by(Mention.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for mention, claim_id in rows:
            out = MentionPublic.of(mention, claim_id)
            yield out
        last = rows[-1][0].id


def iter_articles(session: Session) -> Iterator[ArticlePublic]:
    last = 0
    while True:
        articles = list(
            session.scalars(
                select(Article)
                .options(selectinload(Article.source))
                .where(Article.id > last)
                .order_by(Article.id)
                .limit(_BATCH)
            )
        )
        if not articles:
            return
        for article in articles:
            yield ArticlePublic.of(article, with_body=True)
        last = articles[-1].id


def _rows(what: What, session: Session) -> Iterator[BaseModel]:
    if what == "claims":
        return iter_claims(session)
    if what == "mentions":
        return iter_mentions(session)
    return iter_articles(session)


def _flat(what: What, item: BaseModel) -> Iterator[dict[str, Any]]:
    """CSV rows: one per mention for claims, the claim's fields repeated."""
    data = item.model_dump(mode="json")
    if what != "claims":
        data.pop("mentions", None)
        yield data
        return
    mentions = data.pop("mentions")
    data.pop("disagreeing_sources")
    for mention in mentions or [{}]:
        article = mention.pop("article", {}) or {}
        row = {f"claim_{k}": v for k, v in data.items()}
        row.update({f"mention_{k}": v for k, v in mention.items()})
        row.update({f"article_{k}": v for k, v in article.items()})
        yield row


def _json_array(objects: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for index, obj in enumerate(objects):
        yield ("," if index else "") + "\n" + json.dumps(obj, ensure_ascii=False)
    yield "\n]\n"


def _annotations(session: Session, site_url: str) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        rows = session.execute(
            select(Mention, Article, ClaimMembership.claim_id)
            .join(Article, Article.id == Mention.article_id)
            .outerjoin(ClaimMembership, ClaimMembership.mention_id == Mention.id)
            .where(Mention.id > last)
            .order_by(Mention.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for mention, article, claim_id in rows:
            yield web_annotation(mention, article, site_url=site_url, claim_id=claim_id)
        last = rows[-1][0].id


def export_chunks(
    session: Session,
    what: What,
    fmt: Format,
    *,
    site_url: str = "http://127.0.0.1:8000",
    organization: str = "facttrack",
) -> Iterator[str]:
    """The export as text chunks, never the whole export in memory."""
    if fmt == "claimreview":
        if what != "claims":
            raise ValueError("claimreview is a format for claims")
        yield from _json_array(
            iter_claim_reviews(
                session, iter_claims(session), site_url=site_url, organization=organization
            )
        )
        return
    if fmt == "annotation":
        if what != "mentions":
            raise ValueError("annotation is a format for mentions")
        yield from _json_array(_annotations(session, site_url))
        return
    if what == "claims" and fmt in ("json", "jsonl"):
        docs = (claim_json(doc).decode() for doc in iter_claim_docs(session))
        if fmt == "jsonl":
            for line in docs:
                yield line + "\n"
        else:
            yield "["
            for index, line in enumerate(docs):
                yield ("," if index else "") + "\n" + line
            yield "\n]\n"
        return
    items = _rows(what, session)
    if fmt == "jsonl":
        for item in items:
            yield item.model_dump_json() + "\n"
    elif fmt == "json":
        yield "["
        for index, item in enumerate(items):
            yield ("," if index else "") + "\n" + item.model_dump_json()
        yield "\n]\n"
    else:
        buffer = io.StringIO()
        writer: csv.DictWriter[str] | None = None
        for item in items:
            for row in _flat(what, item):
                if writer is None:
                    writer = csv.DictWriter(buffer, fieldnames=list(row), extrasaction="ignore")
                    writer.writeheader()
                writer.writerow({k: _cell(v) for k, v in row.items()})
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()


def _cell(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, list | dict) else value

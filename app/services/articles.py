"""Ingest use-case: one article, stored with its mentions and claims, or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models import Article, Mention, Source, User
from app.extraction import extract
from app.ingest.model import ArticleInput
from app.matching import article_topic
from app.services import audit
from app.services.claims import match_article


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    status: Literal["stored", "duplicate"]
    article: Article
    claim_ids: tuple[int, ...] = ()


def get_or_create_source(session: Session, name: str, domain: str | None = None) -> Source:
    found = session.scalar(select(Source).where(Source.name == name))
    if found:
        return found
    try:
        with session.begin_nested():  # another worker may create it at the same moment
            source = Source(name=name, domain=domain)
            session.add(source)
    except IntegrityError:
        found = session.scalar(select(Source).where(Source.name == name))
        assert found is not None
        return found
    return source


def find_duplicate(session: Session, article: ArticleInput) -> Article | None:
    same_text = session.scalar(select(Article).where(Article.content_hash == article.content_hash))
    if same_text or not article.url:
        return same_text
    return session.scalar(select(Article).where(Article.url == article.url))


def ingest_article(
    session: Session, *, article_in: ArticleInput, user: User | None = None
) -> IngestOutcome:
    """Store one article (same text or same URL: the existing one), extract and match it."""
    existing = find_duplicate(session, article_in)
    if existing is not None:
        return IngestOutcome(status="duplicate", article=existing)
    source = get_or_create_source(session, article_in.source, article_in.source_domain)
    article = Article(
        source=source,
        title=article_in.title,
        url=article_in.url,
        published_at=article_in.published_at,
        body=article_in.body,
        content_hash=article_in.content_hash,
        origin=article_in.origin,
        topic=sorted(article_topic(article_in.body)),
    )
    session.add(article)
    published = article_in.published_at.date() if article_in.published_at else None
    for found in extract(article_in.body, published):
        article.mentions.append(Mention(**found.to_dict()))
    session.flush()
    claim_ids = match_article(session, article=article)
    audit.record(
        session,
        action="ingest",
        object_type="article",
        object_id=article.id,
        user=user,
        detail={"title": article.title, "source": source.name, "mentions": len(article.mentions)},
    )
    return IngestOutcome(status="stored", article=article, claim_ids=claim_ids)

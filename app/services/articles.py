"""Ingest use-case: articles stored with their mentions and claims, or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.db.models import Article, Mention, Source, User
from app.db.session import insert_ids
from app.db.types import utcnow
from app.extraction import Mention as CoreMention
from app.extraction import extract
from app.ingest.model import ArticleInput
from app.matching import MentionRecord, article_topic
from app.matching.similarity import features
from app.services import audit
from app.services.claims import match_articles

_MENTION_FIELDS = tuple(CoreMention.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    status: Literal["stored", "duplicate"]
    article: Article
    claim_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Ingested:
    """What storing one article of a batch did (ids and counts: no entities to load)."""

    status: Literal["stored", "duplicate"]
    article_id: int
    mentions: int = 0
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


def stored_topic(article_in: ArticleInput) -> list[str]:
    """``Article.topic``: the names the article repeats, which tell its story."""
    return sorted(article_topic(article_in.body))


def ingest_article(
    session: Session, *, article_in: ArticleInput, user: User | None = None
) -> IngestOutcome:
    """Store one article (same text or same URL: the existing one), extract and match it."""
    [done] = ingest_articles(session, articles_in=[article_in], user=user)
    article = session.scalars(
        select(Article)
        .where(Article.id == done.article_id)
        .options(selectinload(Article.mentions).selectinload(Mention.membership))
    ).one()
    return IngestOutcome(status=done.status, article=article, claim_ids=done.claim_ids)


@dataclass(slots=True)
class _New:
    """An article of the batch to store."""

    article_in: ArticleInput
    found: list[CoreMention]
    topic: list[str]
    ingested_at: datetime
    content_hash: str
    id: int = 0
    claim_ids: tuple[int, ...] = ()


def ingest_articles(
    session: Session, *, articles_in: Sequence[ArticleInput], user: User | None = None
) -> list[Ingested]:
    """Store articles, in order, exactly as :func:`ingest_article` would one after another
    (same text or same URL as a stored or an earlier article: that one), in the caller's
    transaction, with a fixed number of statements whatever their number: duplicate check,
    sources (and a savepoint per new one), articles, mentions, audit events, matching.
    """
    # each hash once: the property normalises and hashes the whole body on every read
    hash_of = [a.content_hash for a in articles_in]
    hashes = set(hash_of)
    urls = {a.url for a in articles_in if a.url}
    by_hash: dict[str, int | _New] = {}
    by_url: dict[str, int | _New] = {}
    for article_id, content_hash, url in session.execute(
        select(Article.id, Article.content_hash, Article.url).where(
            or_(Article.content_hash.in_(hashes), Article.url.in_(urls))
        )
    ):
        by_hash[content_hash] = article_id
        if url:
            by_url[url] = article_id
    # Each input is new or the same as a stored article or an earlier input (same text
    # first, then same URL), as it would be if the earlier ones were already stored.
    outcome: list[tuple[Literal["stored", "duplicate"], int | _New]] = []
    new: list[_New] = []
    for article_in, content_hash in zip(articles_in, hash_of, strict=True):
        same = by_hash.get(content_hash)
        if same is None and article_in.url:
            same = by_url.get(article_in.url)
        if same is not None:
            outcome.append(("duplicate", same))
            continue
        published = article_in.published_at.date() if article_in.published_at else None
        article = _New(
            article_in,
            found=extract(article_in.body, published),
            topic=stored_topic(article_in),
            ingested_at=utcnow(),
            content_hash=content_hash,
        )
        new.append(article)
        outcome.append(("stored", article))
        by_hash[content_hash] = article
        if article_in.url:
            by_url[article_in.url] = article
    if new:
        for article, claim_ids in zip(new, _store(session, new, user), strict=True):
            article.claim_ids = claim_ids
    results: list[Ingested] = []
    for status, entry in outcome:
        if isinstance(entry, int):
            results.append(Ingested(status, entry))
        elif status == "duplicate":
            results.append(Ingested(status, entry.id))
        else:
            results.append(Ingested(status, entry.id, len(entry.found), entry.claim_ids))
    return results


def _store(session: Session, new: list[_New], user: User | None) -> list[tuple[int, ...]]:
    """Insert the new articles, their mentions and audit events, then match them: the
    claims each article joined."""
    names = {a.article_in.source for a in new}
    sources = {
        name: source_id
        for name, source_id in session.execute(
            select(Source.name, Source.id).where(Source.name.in_(names))
        )
    }
    for article in new:
        name = article.article_in.source
        if name not in sources:
            sources[name] = get_or_create_source(session, name, article.article_in.source_domain).id
    ids = insert_ids(
        session,
        Article,
        [
            {
                "source_id": sources[a.article_in.source],
                "title": a.article_in.title,
                "url": a.article_in.url,
                "published_at": a.article_in.published_at,
                "body": a.article_in.body,
                "content_hash": a.content_hash,
                "origin": a.article_in.origin,
                "ingested_at": a.ingested_at,
                "topic": a.topic,
            }
            for a in new
        ],
    )
    for article, article_id in zip(new, ids, strict=True):
        article.id = article_id
    mention_rows = [
        {"article_id": a.id, **{name: getattr(m, name) for name in _MENTION_FIELDS}}
        for a in new
        for m in a.found
    ]
    mention_ids = iter(insert_ids(session, Mention, mention_rows))
    records = [
        [
            MentionRecord(
                id=next(mention_ids),
                article_id=a.id,
                source=a.article_in.source,
                # Undated articles are placed in time by when they arrived.
                published=a.article_in.published_at or a.ingested_at,
                mention=m,
                topic=frozenset(a.topic),
            )
            for m in a.found
        ]
        for a in new
    ]
    audit.record_all(
        session,
        action="ingest",
        object_type="article",
        user=user,
        events=[
            (
                a.id,
                {"title": a.article_in.title, "source": a.article_in.source,
                 "mentions": len(a.found)},
            )
            for a in new
        ],
    )
    # Everything up to here runs before matching locks the claims: while they are locked,
    # other workers wait. So is the first reading of each new mention (``features`` keeps
    # it for every later comparison).
    for a in new:
        for m in a.found:
            features(m)
    return match_articles(session, records)

"""Linked-data renderings: schema.org ClaimReview for claims, W3C Web Annotation for mentions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Annotation, Article, ClaimMembership, Mention
from app.schemas import ClaimPublic

# Verdicts on a 1 (worst) to 5 (best) scale; "unverified" is no review and is not exported.
RATING = {"false": 1, "misleading": 2, "disputed": 3, "verified": 5}
RATING_NAME = {"false": "False", "misleading": "Misleading", "disputed": "Disputed",
               "verified": "Accurate"}


def claim_review(claim: ClaimPublic, *, reviewed_at: str, site_url: str, organization: str
                 ) -> dict[str, Any]:
    seen: set[int] = set()
    appearances = []
    for mention in claim.mentions:
        article = mention.article
        if article.id in seen:
            continue
        seen.add(article.id)
        appearance: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": article.title,
            "publisher": {"@type": "Organization", "name": article.source},
        }
        if article.url:
            appearance["url"] = article.url
        if article.published_at:
            appearance["datePublished"] = article.published_at.date().isoformat()
        appearances.append(appearance)
    base = site_url.rstrip("/")
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base}/claims/{claim.id}",
        "claimReviewed": claim.label,
        "datePublished": reviewed_at,
        "author": {"@type": "Organization", "name": organization, "url": base + "/"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING[claim.verdict],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": RATING_NAME[claim.verdict],
        },
        "itemReviewed": {"@type": "Claim", "appearance": appearances},
    }


def iter_claim_reviews(
    session: Session, claims: Iterator[ClaimPublic], *, site_url: str, organization: str
) -> Iterator[dict[str, Any]]:
    """ClaimReview objects for the claims that carry a verdict."""
    for claim in claims:
        if claim.verdict not in RATING:
            continue
        last = session.scalar(
            select(func.max(Annotation.created_at)).where(Annotation.claim_id == claim.id)
        )
        reviewed = (last or claim.updated_at).date().isoformat()
        yield claim_review(claim, reviewed_at=reviewed, site_url=site_url,
                           organization=organization)


def web_annotation(mention: Mention, article: Article, *, site_url: str,
                   claim_id: int | None) -> dict[str, Any]:
    """A W3C Web Annotation whose target is the quote in its article."""
    base = site_url.rstrip("/")
    source = article.url or f"{base}/articles/{article.id}"
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
         "value": f"{mention.kind}: {mention.text}"},
    ]
    if claim_id is not None:
        body.append({"type": "SpecificResource", "purpose": "linking",
                     "source": f"{base}/claims/{claim_id}"})
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{base}/api/v1/mentions/{mention.id}",
        "type": "Annotation",
        "motivation": "highlighting",
        "body": body,
        "target": {
            "source": source,
            "selector": [
                {"type": "TextQuoteSelector", "exact": mention.text, "prefix": mention.prefix,
                 "suffix": mention.suffix},
                {"type": "TextPositionSelector", "start": mention.start, "end": mention.end},
            ],
        },
    }


def annotations_for(session: Session, mention_ids: list[int], *, site_url: str
                    ) -> list[dict[str, Any]]:
    """Web Annotations for the given mentions, in the order given, in one query."""
    if not mention_ids:
        return []
    rows = session.execute(
        select(Mention, Article, ClaimMembership.claim_id)
        .join(Article, Article.id == Mention.article_id)
        .outerjoin(ClaimMembership, ClaimMembership.mention_id == Mention.id)
        .where(Mention.id.in_(mention_ids))
    ).all()
    by_id = {m.id: web_annotation(m, a, site_url=site_url, claim_id=c) for m, a, c in rows}
    return [by_id[i] for i in mention_ids if i in by_id]

"""Public shapes of the domain (DESIGN.md's JSON contracts): one definition for API, export, CLI."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from app.db.models import Article, Claim, Mention, Source
from app.extraction.model import Kind, Qualifier
from app.matching.model import Status

Verdict = Literal["unverified", "verified", "disputed", "false", "misleading"]
VERDICTS: tuple[Verdict, ...] = ("unverified", "verified", "disputed", "false", "misleading")


class MentionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    text: str
    start: int
    end: int
    sentence: str
    kind: Kind
    value: float | None
    low: float | None
    high: float | None
    date: str | None
    qualifier: Qualifier
    unit: str | None
    subject: str | None
    attribution: str | None
    prefix: str
    suffix: str
    detached: bool = False
    claim_id: int | None = None

    @classmethod
    def of(cls, mention: Mention, claim_id: int | None = None) -> MentionPublic:
        out = cls.model_validate(mention)
        out.claim_id = claim_id
        return out


class ArticleRef(BaseModel):
    id: int
    title: str
    source: str
    url: str | None
    published_at: datetime | None

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        return cls(
            id=article.id,
            title=article.title,
            source=article.source.name,
            url=article.url,
            published_at=article.published_at,
        )


class ClaimMention(MentionPublic):
    article: ArticleRef


class ClaimPublic(BaseModel):
    id: int
    label: str
    kind: Kind
    unit: str | None
    status: Status
    verdict: Verdict
    version: int
    low: float | None
    high: float | None
    common_low: float | None
    common_high: float | None
    relative_spread: float | None
    explanation: str
    time_ordered: bool
    disagreeing_sources: list[str]
    sources: int
    mentions_count: int
    updated_at: datetime
    mentions: list[ClaimMention]

    @classmethod
    def of(cls, claim: Claim, mentions: list[tuple[Mention, Article]]) -> ClaimPublic:
        return cls.from_members(
            claim,
            [
                ClaimMention(
                    **MentionPublic.of(m, claim.id).model_dump(), article=ArticleRef.of(a)
                )
                for m, a in mentions
            ],
        )

    @classmethod
    def from_members(cls, claim: Claim, mentions: list[ClaimMention]) -> ClaimPublic:
        """The claim JSON of a stored claim whose members are already built."""
        return cls.model_validate(
            dict(
                id=claim.id,
                label=claim.label,
                kind=claim.kind,
                unit=claim.unit,
                status=claim.status,
                verdict=claim.verdict,
                version=claim.version,
                low=claim.low,
                high=claim.high,
                common_low=claim.common_low,
                common_high=claim.common_high,
                relative_spread=claim.relative_spread,
                explanation=claim.explanation,
                time_ordered=claim.time_ordered,
                disagreeing_sources=list(claim.disagreeing_sources or []),
                sources=claim.sources_count,
                mentions_count=claim.mentions_count,
                updated_at=claim.updated_at,
                mentions=mentions,
            )
        )


class ArticlePublic(BaseModel):
    id: int
    title: str
    source: str
    url: str | None
    published_at: datetime | None
    ingested_at: datetime
    content_hash: str
    body: str | None = None
    mentions: list[MentionPublic] | None = None

    @classmethod
    def of(
        cls,
        article: Article,
        *,
        with_body: bool = False,
        mentions: list[MentionPublic] | None = None,
    ) -> ArticlePublic:
        return cls(
            id=article.id,
            title=article.title,
            source=article.source.name,
            url=article.url,
            published_at=article.published_at,
            ingested_at=article.ingested_at,
            content_hash=article.content_hash,
            body=article.body if with_body else None,
            mentions=mentions,
        )


class SourcePublic(BaseModel):
    id: int
    name: str
    domain: str | None
    articles: int = 0
    claims: int = 0
    conflicting_claims: int = 0

    @classmethod
    def of(cls, source: Source, **counts: int) -> SourcePublic:
        return cls(id=source.id, name=source.name, domain=source.domain, **counts)

"""The domain as tables. Constraint names follow one convention so migrations stay stable."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.db.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class Article(Base):
    __tablename__ = "article"
    __table_args__ = (
        Index("ix_article_published_at", "published_at"),
        Index("ix_article_source_id", "source_id"),
        Index("ix_article_ingested_at", "ingested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str | None] = mapped_column(String(500))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The names the article repeats (which story it tells), a matching signal kept so that
    # candidate claims never need their articles' bodies.
    topic: Mapped[list[str] | None] = mapped_column(JSON)

    source: Mapped[Source] = relationship(back_populates="articles")
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Mention.start"
    )


class Mention(Base):
    __tablename__ = "mention"
    __table_args__ = (
        Index("ix_mention_article_id", "article_id"),
        Index("ix_mention_kind_unit", "kind", "unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    sentence: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    date: Mapped[str | None] = mapped_column(String(40))
    qualifier: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(60))
    subject: Mapped[str | None] = mapped_column(String(300))
    attribution: Mapped[str | None] = mapped_column(String(300))
    prefix: Mapped[str] = mapped_column(String(200), default="")
    suffix: Mapped[str] = mapped_column(String(200), default="")
    # A person said this is not a fact: it stays visible on the article, in no claim.
    detached: Mapped[bool] = mapped_column(Boolean, default=False)

    article: Mapped[Article] = relationship(back_populates="mentions")
    membership: Mapped[ClaimMembership | None] = relationship(
        back_populates="mention", cascade="all, delete-orphan", uselist=False
    )


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (
        Index("ix_claim_status", "status"),
        Index("ix_claim_kind_unit", "kind", "unit"),
        Index("ix_claim_verdict", "verdict"),
        Index("ix_claim_updated_at", "updated_at"),
        # Orders of the claims listing (migration 0005, which also has ix_claim_rank_disputed,
        # an index on a CASE expression that autogenerate cannot compare: see env.py).
        Index("ix_claim_rank_sources", "sources_count", "mentions_count", "id"),
        Index("ix_claim_rank_newest", text("coalesce(first_published_at, created_at)"), "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    common_low: Mapped[float | None] = mapped_column(Float)
    common_high: Mapped[float | None] = mapped_column(Float)
    relative_spread: Mapped[float | None] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text, default="")
    time_ordered: Mapped[bool] = mapped_column(Boolean, default=False)
    disagreeing_sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    sources_count: Mapped[int] = mapped_column(Integer, default=0)
    mentions_count: Mapped[int] = mapped_column(Integer, default=0)
    verdict: Mapped[str] = mapped_column(String(20), default="unverified")
    # Optimistic concurrency: every change by a person names the version it saw.
    version: Mapped[int] = mapped_column(Integer, default=1)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[ClaimMembership]] = relationship(
        back_populates="claim", cascade="all, delete-orphan"
    )


class ClaimMembership(Base):
    """Which claim a mention belongs to; ``origin`` says who put it there."""

    __tablename__ = "claim_membership"
    __table_args__ = (Index("ix_claim_membership_claim_id", "claim_id"),)

    mention_id: Mapped[int] = mapped_column(
        ForeignKey("mention.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    origin: Mapped[str] = mapped_column(String(10), default="auto")  # auto | manual
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="memberships")
    mention: Mapped[Mention] = relationship(back_populates="membership")


class ClaimExclusion(Base):
    """A person took this mention out of this claim: automatic matching never puts it back."""

    __tablename__ = "claim_exclusion"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
    )
    mention_id: Mapped[int] = mapped_column(
        ForeignKey("mention.id", ondelete="CASCADE"), primary_key=True
    )


class ClaimKey(Base):
    """Blocking keys of a claim: candidate search looks claims up here, never scans them all."""

    __tablename__ = "claim_key"
    __table_args__ = (Index("ix_claim_key_claim_id", "claim_id"),)

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
    )


class Annotation(Base):
    """A fact-checker's verdict on a claim. Rows are never updated: the table is the history."""

    __tablename__ = "annotation"
    __table_args__ = (
        Index("ix_annotation_claim_id", "claim_id"),
        Index("ix_annotation_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mention.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    verdict: Mapped[str] = mapped_column(String(20))
    previous_verdict: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    correct_value: Mapped[float | None] = mapped_column(Float)
    claim_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    __tablename__ = "api_token"
    __table_args__ = (Index("ix_api_token_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    scope: Mapped[str] = mapped_column(String(10), default="read")  # read | write
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """One row per write, whoever made it: the audit log."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(100), default="system")
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


__all__ = [
    "ApiToken",
    "Article",
    "AuditEvent",
    "Base",
    "Claim",
    "ClaimExclusion",
    "ClaimKey",
    "ClaimMembership",
    "Mention",
    "Source",
    "User",
]

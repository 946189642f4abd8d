"""Claims as stored: matching new mentions into them and keeping their summary current."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session, load_only

from app.db.models import (
    Annotation,
    Article,
    Claim,
    ClaimExclusion,
    ClaimKey,
    ClaimMembership,
    Mention,
    Source,
)
from app.db.types import utcnow
from app.extraction import Mention as CoreMention
from app.matching import ClaimRecord, MentionRecord, NewClaim, assign, blocking_keys, summarize

_CORE_FIELDS = tuple(CoreMention.__dataclass_fields__)


def core_mention(row: Mention) -> CoreMention:
    """The pure-core view of a stored mention."""
    return CoreMention(**{name: getattr(row, name) for name in _CORE_FIELDS})


def mention_record(row: Mention, article: Article, source_name: str) -> MentionRecord:
    return MentionRecord(
        id=row.id,
        article_id=article.id,
        source=source_name,
        # Undated articles are placed in time by when they arrived.
        published=article.published_at or article.ingested_at,
        mention=core_mention(row),
        topic=frozenset(article.topic or ()),
    )


def record_keys(record: MentionRecord) -> frozenset[str]:
    """The index keys of a stored mention (always with its article's time)."""
    return blocking_keys(record.mention, published=record.published)


def load_claim_records(session: Session, claim_ids: Iterable[int]) -> list[ClaimRecord]:
    """Candidate claims with their members, in two queries whatever their number."""
    ids = sorted(set(claim_ids))
    if not ids:
        return []
    rows = session.execute(
        select(
            ClaimMembership.claim_id,
            ClaimMembership.origin,
            Claim.pinned,
            Mention,
            Article,
            Source.name,
        )
        .join(Claim, Claim.id == ClaimMembership.claim_id)
        .join(Mention, Mention.id == ClaimMembership.mention_id)
        .join(Article, Article.id == Mention.article_id)
        .options(load_only(Article.id, Article.published_at, Article.ingested_at, Article.topic))
        .join(Source, Source.id == Article.source_id)
        .where(ClaimMembership.claim_id.in_(ids))
        .order_by(ClaimMembership.claim_id, Mention.id)
    ).all()
    members: dict[int, list[MentionRecord]] = defaultdict(list)
    locked: dict[int, set[int]] = defaultdict(set)
    pinned: set[int] = set()
    for claim_id, origin, is_pinned, mention, article, source_name in rows:
        members[claim_id].append(mention_record(mention, article, source_name))
        if origin == "manual":
            locked[claim_id].add(mention.id)
        if is_pinned:
            pinned.add(claim_id)
    excluded: dict[int, set[int]] = defaultdict(set)
    for claim_id, mention_id in session.execute(
        select(ClaimExclusion.claim_id, ClaimExclusion.mention_id).where(
            ClaimExclusion.claim_id.in_(ids)
        )
    ):
        excluded[claim_id].add(mention_id)
    return [
        ClaimRecord(
            id=claim_id,
            members=tuple(members[claim_id]),
            locked=frozenset(locked[claim_id]),
            excluded=frozenset(excluded[claim_id]),
            pinned=claim_id in pinned,
        )
        for claim_id in ids
        if members[claim_id]
    ]


def candidate_claim_ids(session: Session, records: Sequence[MentionRecord]) -> set[int]:
    keys: set[str] = set()
    for record in records:
        keys |= record_keys(record)
    if not keys:
        return set()
    lock_keys(session, keys)
    return set(session.scalars(select(ClaimKey.claim_id).where(ClaimKey.key.in_(sorted(keys)))))


def lock_keys(session: Session, keys: set[str]) -> None:
    """Serialise ingest workers that could create or join the same claims (PostgreSQL).

    Transaction-scoped advisory locks, taken in sorted order so two workers never deadlock;
    articles with no key in common proceed in parallel. SQLite has one writer anyway.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    # One statement for all keys. The locks are taken in ascending hash order (PostgreSQL
    # evaluates a volatile output function after ORDER BY), so two workers never deadlock.
    session.execute(_LOCK_KEYS, {"keys": sorted(keys)})


_LOCK_KEYS = text(
    "SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h "
    "FROM unnest(CAST(:keys AS text[])) AS k) AS held ORDER BY h"
)


def match_article(session: Session, *, article: Article) -> tuple[int, ...]:
    """Place the article's mentions in claims; return the ids of the claims they joined."""
    records = [
        mention_record(m, article, article.source.name) for m in article.mentions if not m.detached
    ]
    if not records:
        return ()
    candidates = load_claim_records(session, candidate_claim_ids(session, records))
    result = assign(records, candidates)

    survivor: dict[int, int] = {}
    for group in result.merges:
        keep = min(group)
        for other in group:
            if other != keep:
                survivor[other] = keep
    if survivor:
        merge_into(session, survivor)

    by_kind = {r.id: r.mention for r in records}
    assignments = sorted(result.assignments.items())
    new_claims: dict[int, Claim] = {}
    for mention_id, target in assignments:
        if isinstance(target, NewClaim) and target.group not in new_claims:
            core = by_kind[mention_id]
            new_claims[target.group] = Claim(
                label="", kind=core.kind, unit=core.unit, status="single_source"
            )
    session.add_all(new_claims.values())
    session.flush()  # one INSERT ... RETURNING for all the new claims
    # Every touched claim's members are known: the candidates' plus the new ones.
    members: dict[int, list[MentionRecord]] = defaultdict(list)
    for candidate in candidates:
        members[survivor.get(candidate.id, candidate.id)].extend(candidate.members)
    new_records = {r.id: r for r in records}
    touched: set[int] = set(survivor.values())
    for mention_id, target in assignments:
        if isinstance(target, NewClaim):
            claim_id = new_claims[target.group].id
        else:
            claim_id = survivor.get(target, target)
        session.add(ClaimMembership(mention_id=mention_id, claim_id=claim_id, origin="auto"))
        members[claim_id].append(new_records[mention_id])
        touched.add(claim_id)
    session.flush()  # one INSERT for all the memberships
    refresh_claims(session, touched, known=members)
    return tuple(sorted(touched))


def merge_into(session: Session, survivor: dict[int, int]) -> None:
    """Fold claims into others (``{old_id: kept_id}``), carrying members, history, constraints."""
    for old, keep in survivor.items():
        session.execute(
            update(ClaimMembership).where(ClaimMembership.claim_id == old).values(claim_id=keep)
        )
        session.execute(update(Annotation).where(Annotation.claim_id == old).values(claim_id=keep))
        for (mention_id,) in session.execute(
            select(ClaimExclusion.mention_id).where(ClaimExclusion.claim_id == old)
        ):
            if not session.get(ClaimExclusion, (keep, mention_id)):
                session.add(ClaimExclusion(claim_id=keep, mention_id=mention_id))
        session.flush()
        session.execute(delete(Claim).where(Claim.id == old))
    session.flush()


def refresh_claims(
    session: Session,
    claim_ids: Iterable[int],
    *,
    known: Mapping[int, Sequence[MentionRecord]] | None = None,
) -> None:
    """Recompute label, status, spread and index keys of claims from their members.

    ``known``: the members of every claim in ``claim_ids``, when the caller already has
    them (ingest does), so they are not read again.
    """
    ids = sorted(set(claim_ids))
    if not ids:
        return
    if known is None:
        members = {r.id: r.members for r in load_claim_records(session, ids)}
    else:
        members = {i: tuple(sorted(known[i], key=lambda m: m.id)) for i in ids if known.get(i)}
    stored_keys: dict[int, set[str]] = defaultdict(set)
    for claim_id, key in session.execute(
        select(ClaimKey.claim_id, ClaimKey.key).where(ClaimKey.claim_id.in_(ids))
    ):
        stored_keys[claim_id].add(key)
    now = utcnow()
    for claim in session.scalars(select(Claim).where(Claim.id.in_(ids))):
        claim_members = members.get(claim.id)
        if not claim_members:
            _drop_if_unused(session, claim)
            continue
        summary = summarize(claim_members)
        agreement = summary.agreement
        claim.label = summary.label[:500]
        claim.kind = summary.kind
        claim.unit = summary.unit
        claim.status = agreement.status
        claim.low = agreement.low
        claim.high = agreement.high
        claim.common_low = agreement.common_low
        claim.common_high = agreement.common_high
        claim.relative_spread = agreement.relative_spread
        claim.explanation = agreement.explanation
        claim.time_ordered = agreement.time_ordered
        claim.disagreeing_sources = list(agreement.disagreeing_sources)
        claim.sources_count = len({m.source for m in claim_members})
        claim.mentions_count = len(claim_members)
        published = [m.published for m in claim_members if m.published is not None]
        claim.first_published_at = min(published) if published else None
        claim.updated_at = now
        keys: set[str] = set()
        for member in claim_members:
            keys |= record_keys(member)
        stored = stored_keys[claim.id]
        if stored - keys:
            session.execute(
                delete(ClaimKey).where(
                    ClaimKey.claim_id == claim.id, ClaimKey.key.in_(sorted(stored - keys))
                )
            )
        for key in sorted(keys - stored):
            session.add(ClaimKey(key=key, claim_id=claim.id))
    session.flush()


def _drop_if_unused(session: Session, claim: Claim) -> None:
    """A claim left without members goes, unless people have written on it or pinned it."""
    has_history = session.scalar(select(Annotation.id).where(Annotation.claim_id == claim.id))
    if claim.pinned or has_history:
        claim.mentions_count = 0
        claim.sources_count = 0
        claim.updated_at = utcnow()
        return
    session.delete(claim)

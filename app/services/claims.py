"""Claims as stored: matching new mentions into them and keeping their summary current."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    DateTime,
    Integer,
    Text,
    any_,
    bindparam,
    cast,
    delete,
    func,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

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
from app.db.session import among, insert_ids, insert_rows, plain_rows, update_rows
from app.db.types import MAX_DB_INT, utcnow
from app.extraction import Mention as CoreMention
from app.matching import (
    ClaimRecord,
    Memo,
    MentionRecord,
    NewClaim,
    assign,
    blocking_keys,
    summarize,
)
from app.services.kept import Kept

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
    loaded = _load_claims(session, ids)
    return [claim.record() for claim in loaded.values() if claim.members]


# Times that only say whether a row changed (a claim's ``updated_at``, an article's
# ingestion time in a cache key) are compared only with each other: read as stored, without
# the time zone every other read adds (a third of the CPU of reading thousands of key rows).
def _as_stored(column: Any) -> Any:
    return type_coerce(column, DateTime())


# Members are read as plain rows, never as entities: a candidate claim can hold hundreds of
# mentions, and matching needs only their values.
_CORE_COLUMNS = tuple(getattr(Mention, name) for name in _CORE_FIELDS)
_MEMBERSHIP_QUERY = (
    select(
        ClaimMembership.claim_id,
        ClaimMembership.origin,
        Claim.pinned,
        Mention.id,
        _as_stored(Article.ingested_at),
        cast(Article.topic, Text),  # as stored: part of the cache key, never decoded
        _as_stored(Claim.updated_at),
        Claim.version,
        Claim.mentions_count,
    )
    .join(Claim, Claim.id == ClaimMembership.claim_id)
    .join(Mention, Mention.id == ClaimMembership.mention_id)
    .join(Article, Article.id == Mention.article_id)
    .order_by(ClaimMembership.claim_id, Mention.id)
)
_RECORD_QUERY = (
    select(
        Mention.id,
        Mention.article_id,
        Article.published_at,
        Article.ingested_at,
        Article.topic,
        Source.name,
        *_CORE_COLUMNS,
    )
    .join(Article, Article.id == Mention.article_id)
    .join(Source, Source.id == Article.source_id)
)


_RecordKey = tuple[str, int, datetime, str | None]
_Stamp = tuple[datetime, int, int]  # a claim's updated_at, version and mentions_count


# Stored mentions as matching reads them, kept by an ingest process between batches.
# Consecutive batches of a bulk ingest read mostly the same candidate claims: each would
# otherwise read their members' sentences again and build the same records. A stored
# mention never changes, nor do its article's date and outlet; the key holds the article's
# topic as stored (a re-match may read topics anew), its ingestion time and the database,
# so that a mention id that another database (or one emptied and filled again) gives
# another mention is never taken for a known one.
_RECORDS: Kept[_RecordKey, MentionRecord] = Kept(100_000)


def _read_records(
    session: Session, wanted: dict[int, _RecordKey]
) -> dict[int, MentionRecord]:
    """The records of the mentions ``wanted`` (id -> cache key), from the cache or stored."""
    found: dict[int, MentionRecord] = {}
    missing: list[int] = []
    for mention_id, key in wanted.items():
        record = _RECORDS.get(key)
        if record is None:
            missing.append(mention_id)
        else:
            found[mention_id] = record
    topics: dict[int, frozenset[str]] = {}  # one per article, shared by its mentions
    for start in range(0, len(missing), 5_000):
        ids = missing[start : start + 5_000]
        for row in plain_rows(session, _RECORD_QUERY.where(among(session, Mention.id, ids))):
            mention_id, article_id, published, ingested, topic, source = row[:6]
            if article_id not in topics:
                topics[article_id] = frozenset(topic or ())
            record = MentionRecord(
                id=mention_id,
                article_id=article_id,
                source=source,
                published=published or ingested,  # undated: placed in time by arrival
                mention=CoreMention(*row[6:]),
                topic=topics[article_id],
            )
            found[mention_id] = record
            _RECORDS.put(wanted[mention_id], record)
    return found


@dataclass(slots=True)
class _Held:
    """A claim as one batch of ingest sees it: its members so far and its index keys."""

    id: int
    members: list[MentionRecord] = field(default_factory=list)
    locked: set[int] = field(default_factory=set)
    excluded: set[int] = field(default_factory=set)
    pinned: bool = False
    keys: frozenset[str] = frozenset()  # as the claim_key rows say at this point of the batch
    cached: ClaimRecord | None = None
    seen: datetime | None = None  # the stored claim's ``updated_at`` when it was read
    stamp: _Stamp | None = None  # what says the stored claim changed: see ``_CLAIMS``

    def record(self) -> ClaimRecord:
        if self.cached is None:
            self.cached = ClaimRecord(
                id=self.id,
                members=tuple(sorted(self.members, key=lambda m: m.id)),
                locked=frozenset(self.locked),
                excluded=frozenset(self.excluded),
                pinned=self.pinned,
            )
        return self.cached


def _load_claims(session: Session, ids: Sequence[int]) -> dict[int, _Held]:
    """The claims ``ids`` (sorted) with their members, locked members and exclusions."""
    claims = {claim_id: _Held(claim_id) for claim_id in ids}
    database = str(session.get_bind().engine.url)
    placed: list[tuple[_Held, int]] = []
    wanted: dict[int, _RecordKey] = {}
    for row in plain_rows(
        session, _MEMBERSHIP_QUERY.where(among(session, ClaimMembership.claim_id, ids))
    ):
        claim_id, origin, pinned, mention_id, ingested, topic, updated = row[:7]
        held = claims[claim_id]
        held.seen = updated
        held.stamp = (updated, row[7], row[8])
        placed.append((held, mention_id))
        wanted[mention_id] = (database, mention_id, ingested, topic)
        if origin == "manual":
            held.locked.add(mention_id)
        held.pinned = pinned
    records = _read_records(session, wanted)
    for held, mention_id in placed:
        held.members.append(records[mention_id])
    for claim_id, mention_id in session.execute(
        select(ClaimExclusion.claim_id, ClaimExclusion.mention_id).where(
            among(session, ClaimExclusion.claim_id, ids)
        )
    ):
        claims[claim_id].excluded.add(mention_id)
    return claims


@dataclass(frozen=True, slots=True)
class _Kept:
    """A stored claim as a batch read it (``_Held`` is its mutable copy)."""

    record: ClaimRecord  # members sorted by id; locks, exclusions, pin
    members: tuple[MentionRecord, ...]  # in the order they were read


# Candidate claims as read, kept by an ingest process between batches. Consecutive batches
# of one publication window read mostly the same candidates (about 1,500 members a batch of
# 16), and nearly all have not changed since: 5 member rows an article are read, not 92.
# Every change of a claim's members, locks, exclusions or pin rewrites its row (ingest,
# ``refresh_claims``, ``bump_version``, ``grouping.refresh_topics``), so its ``updated_at``,
# version and member count, read with its keys, say whether what is kept is still what is
# stored; the key holds the database too. Budget: members held (the records are mostly
# those ``_RECORDS`` keeps anyway).
_CLAIMS: Kept[tuple[str, int, _Stamp], _Kept] = Kept(100_000, lambda kept: len(kept.members))


def _candidate_claims(session: Session, stamps: dict[int, _Stamp]) -> dict[int, _Held]:
    """The stored claims ``stamps`` (id -> stamp read with their keys), kept or read."""
    database = str(session.get_bind().engine.url)
    claims: dict[int, _Held] = {}
    missing: list[int] = []
    for claim_id in sorted(stamps):
        kept = _CLAIMS.get((database, claim_id, stamps[claim_id]))
        if kept is None:
            missing.append(claim_id)
            continue
        record = kept.record
        claims[claim_id] = _Held(
            claim_id,
            members=list(kept.members),
            locked=set(record.locked),
            excluded=set(record.excluded),
            pinned=record.pinned,
            cached=record,
            seen=stamps[claim_id][0],
        )
    if missing:
        for claim_id, held in _load_claims(session, missing).items():
            claims[claim_id] = held
            if held.stamp is not None:
                _CLAIMS.put(
                    (database, claim_id, held.stamp), _Kept(held.record(), tuple(held.members))
                )
    return dict(sorted(claims.items()))


def lock_keys(session: Session, keys: set[str]) -> None:
    """Serialise ingest workers that could create or join the same claims (PostgreSQL).

    Transaction-scoped advisory locks, taken in sorted order so two workers never deadlock;
    articles with no key in common proceed in parallel. SQLite has one writer anyway.
    Batch ingest takes all of a transaction's locks in one call: locks taken in two calls
    can deadlock with another worker (PostgreSQL then aborts one of the two).
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

_SHARING = select(
    ClaimKey.claim_id,
    ClaimKey.key,
    _as_stored(Claim.updated_at),
    Claim.version,
    Claim.mentions_count,
).join(Claim, Claim.id == ClaimKey.claim_id)

_LOCK_CLAIMS = (
    select(
        Claim.id,
        _as_stored(Claim.updated_at),
        # all their index keys, which the batch rewrites (read with the lock: no statement more)
        func.array(select(ClaimKey.key).where(ClaimKey.claim_id == Claim.id).scalar_subquery()),
    )
    .where(Claim.id == any_(bindparam("ids", type_=ARRAY(Integer))))
    .order_by(Claim.id)
    .with_for_update(of=Claim)
)

# Claims made during a batch get stand-in ids above any real one (ids are 32-bit), in the
# order they are made. ``assign`` only compares ids, so it decides as it would with the real
# ones, which the claims get at the end from one INSERT in that same order.
_FIRST_STAND_IN = MAX_DB_INT + 1


def match_articles(
    session: Session, articles: Sequence[Sequence[MentionRecord]]
) -> list[tuple[int, ...]]:
    """Place the mentions of new articles in claims; per article, the claims they joined.

    Exactly what matching each article in turn, in a transaction of its own, would store
    (same claims; on PostgreSQL the same ids too, while SQLite may give a claim the id of
    one folded away earlier, which a batch deletes only at its end), in a fixed number of
    statements whatever the number of articles: the keys of them all are locked at once,
    their candidate claims read once, each article is matched against the claims as the
    ones before it left them, and the outcome is written at the end.
    """
    batch = _Batch(session, articles)
    joined = [batch.place(records) for records in articles]
    real = batch.write(session)
    return [tuple(sorted(real.get(c, c) for c in claim_ids)) for claim_ids in joined]


class _Batch:
    """The claims one batch of ingest can touch, held in memory until it writes them."""

    def __init__(self, session: Session, articles: Sequence[Sequence[MentionRecord]]) -> None:
        self.keys_of: dict[int, frozenset[str]] = {}  # mention id -> its index keys
        self.memo = Memo()  # matching's own reading of each mention, once per batch
        wanted: set[str] = set()
        for records in articles:
            for record in records:
                wanted |= self._keys(record)
        # Every claim sharing a key with any of the articles, under those keys: only they
        # are ever looked up in this batch, and the keys of claims it does not touch never
        # change in it, so no other claim can become a candidate of a later article. (All
        # keys of every candidate are twice as many rows; the batch reads them only for
        # the claims it rewrites, in ``write``.)
        shared: dict[int, set[str]] = defaultdict(set)
        stamps: dict[int, _Stamp] = {}
        if wanted:
            lock_keys(session, wanted)
            for claim_id, key, updated, version, count in plain_rows(
                session, _SHARING.where(among(session, ClaimKey.key, sorted(wanted)))
            ):
                shared[claim_id].add(key)
                stamps[claim_id] = (updated, version, count)
        self.claims = _candidate_claims(session, stamps) if stamps else {}
        self.seen = {c: held.seen for c, held in self.claims.items()}
        self.index: dict[str, set[int]] = defaultdict(set)
        for claim_id, keys in shared.items():
            self.claims[claim_id].keys = frozenset(keys)
            for key in keys:
                self.index[key].add(claim_id)
        self.made: list[tuple[int, MentionRecord]] = []  # stand-in id, its first mention
        self.merged: dict[int, int] = {}  # folded claim -> the claim it went into
        self.placed: set[int] = set()  # the new mentions
        self.touched: set[int] = set()

    def _keys(self, record: MentionRecord) -> frozenset[str]:
        keys = self.keys_of.get(record.id)
        if keys is None:
            keys = self.keys_of[record.id] = frozenset(record_keys(record))
        return keys

    def place(self, records: Sequence[MentionRecord]) -> set[int]:
        """Match one article's mentions, as ``assign`` would against the stored claims."""
        if not records:
            return set()
        keys: set[str] = set()
        for record in records:
            keys |= self._keys(record)
        found = sorted({claim_id for key in keys for claim_id in self.index.get(key, ())})
        candidates = [self.claims[c].record() for c in found if self.claims[c].members]
        result = assign(records, candidates, memo=self.memo)

        survivor: dict[int, int] = {}
        for group in result.merges:
            keep = min(group)
            for other in group:
                if other != keep:
                    survivor[other] = keep
        for old, keep in survivor.items():
            self._fold(old, keep)
        by_id = {r.id: r for r in records}
        new_claims: dict[int, int] = {}
        touched = set(survivor.values())
        for mention_id, target in sorted(result.assignments.items()):
            if isinstance(target, NewClaim):
                if target.group not in new_claims:
                    new_claims[target.group] = self._make(by_id[mention_id])
                claim_id = new_claims[target.group]
            else:
                claim_id = survivor.get(target, target)
            held = self.claims[claim_id]
            held.members.append(by_id[mention_id])
            held.cached = None
            self.placed.add(mention_id)
            touched.add(claim_id)
        for claim_id in touched:
            self._reindex(self.claims[claim_id])
        self.touched |= touched
        return touched

    def _make(self, first: MentionRecord) -> int:
        claim_id = _FIRST_STAND_IN + len(self.made)
        self.made.append((claim_id, first))
        self.claims[claim_id] = _Held(claim_id)
        return claim_id

    def _fold(self, old: int, keep: int) -> None:
        gone = self.claims.pop(old)
        held = self.claims[keep]
        held.members += gone.members
        held.locked |= gone.locked
        held.excluded |= gone.excluded
        held.cached = None
        for key in gone.keys:  # its claim_key rows go with it
            self.index[key].discard(old)
        for folded, into in self.merged.items():
            if into == old:
                self.merged[folded] = keep
        self.merged[old] = keep
        self.touched.discard(old)

    def _reindex(self, held: _Held) -> None:
        """A touched claim is indexed under its members' keys from now on."""
        keys = frozenset().union(*(self._keys(m) for m in held.members))
        for key in held.keys - keys:
            self.index[key].discard(held.id)
        for key in keys - held.keys:
            self.index[key].add(held.id)
        held.keys = keys

    def _hold_changed(self, session: Session) -> dict[int, set[str]]:
        """Lock the stored claims this batch changes or folds away, and check that nobody
        changed them since they were read (PostgreSQL; SQLite has one writer). Their
        stored index keys, by claim.

        Key locks keep two workers from matching against the same keys, but a claim can be
        reached through keys of two windows that two workers hold apart: a claim spanning
        days of both. Then the later writer would build its summary from members it never
        saw, or add members to a claim the other folded away. It finds out here, before
        writing anything, and the batch is stored again.
        """
        changing = sorted(
            c for c in self.touched | set(self.merged) | set(self.merged.values())
            if c < _FIRST_STAND_IN
        )
        if not changing:
            return {}
        if session.get_bind().dialect.name != "postgresql":
            stored: dict[int, set[str]] = defaultdict(set)
            for claim_id, key in session.execute(
                select(ClaimKey.claim_id, ClaimKey.key).where(ClaimKey.claim_id.in_(changing))
            ):
                stored[claim_id].add(key)
            return stored
        now = {
            c: (at, set(keys)) for c, at, keys in session.execute(_LOCK_CLAIMS, {"ids": changing})
        }
        changed = [
            c for c in changing
            if c not in now or self.seen.get(c) not in (None, now[c][0])
        ]
        if changed:
            raise ClaimsChanged(changed)
        return {c: keys for c, (_, keys) in now.items()}

    def write(self, session: Session) -> dict[int, int]:
        """Store the outcome; the real id of each claim made, by its stand-in id.

        Claims are made bare, then given their members, then rewritten: the claim row is
        written last because a trigger rebuilds its search document from its members
        (migrations 0002, 0006), as after any change of members.
        """
        stored_keys = self._hold_changed(session)
        real: dict[int, int] = {}
        if self.made:
            # a claim folded into another later in the batch is made and folded all the
            # same, so that ids are those of one article per transaction (PostgreSQL)
            made_ids = insert_ids(
                session,
                Claim,
                [
                    {"label": "", "kind": m.mention.kind, "unit": m.mention.unit,
                     "status": "single_source"}
                    for _, m in self.made
                ],
            )
            real = {claim_id: made for (claim_id, _), made in zip(self.made, made_ids, strict=True)}
        if self.merged:
            merge_into(session, {real.get(o, o): real.get(k, k) for o, k in self.merged.items()})
        touched = sorted(self.touched)
        memberships = [
            {"mention_id": m.id, "claim_id": real.get(claim_id, claim_id), "origin": "auto"}
            for claim_id in touched
            for m in self.claims[claim_id].members
            if m.id in self.placed
        ]
        insert_rows(session, ClaimMembership, memberships)
        now = utcnow()
        rows = [
            {
                "id": real.get(claim_id, claim_id),
                **summary_values(sorted(self.claims[claim_id].members, key=lambda m: m.id)),
                "updated_at": now,
            }
            for claim_id in touched
        ]
        if rows:
            update_rows(session, Claim, rows)
            _expire_claims(session, {row["id"] for row in rows})
        new_keys: list[dict[str, Any]] = []
        for claim_id in touched:
            keys = self.claims[claim_id].keys
            was = stored_keys.get(claim_id, set())
            if was - keys:
                session.execute(
                    delete(ClaimKey).where(
                        ClaimKey.claim_id == claim_id, ClaimKey.key.in_(sorted(was - keys))
                    )
                )
            claim = real.get(claim_id, claim_id)
            new_keys += ({"key": key, "claim_id": claim} for key in sorted(keys - was))
        insert_rows(session, ClaimKey, new_keys)
        return real


class ClaimsChanged(OperationalError):
    """Another ingest process changed a claim this batch is about to change, after this
    batch read it: the batch must be matched again (nothing of it was written)."""

    def __init__(self, ids: Sequence[int]) -> None:
        super().__init__("claim rows", {"ids": list(ids)}, RuntimeError("changed meanwhile"))


def _expire_claims(session: Session, ids: set[int]) -> None:
    """Claims this session already holds as entities are read again on next use."""
    for held in list(session.identity_map.values()):
        if isinstance(held, Claim) and held.id in ids:
            session.expire(held)


def summary_values(members: Sequence[MentionRecord]) -> dict[str, Any]:
    """The claim columns that follow from its members (sorted by id), as refresh stores them."""
    summary = summarize(members)
    agreement = summary.agreement
    published = [m.published for m in members if m.published is not None]
    return {
        "label": summary.label[:500],
        "kind": summary.kind,
        "unit": summary.unit,
        "status": agreement.status,
        "low": agreement.low,
        "high": agreement.high,
        "common_low": agreement.common_low,
        "common_high": agreement.common_high,
        "relative_spread": agreement.relative_spread,
        "explanation": agreement.explanation,
        "time_ordered": agreement.time_ordered,
        "disagreeing_sources": list(agreement.disagreeing_sources),
        "sources_count": len({m.source for m in members}),
        "mentions_count": len(members),
        "first_published_at": min(published) if published else None,
    }


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
        for name, value in summary_values(claim_members).items():
            setattr(claim, name, value)
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
